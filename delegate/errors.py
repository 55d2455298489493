"""The one error family the domain raises; its message is meant for a person."""


class DelegateError(Exception):
    """Base of every error delegate reports to the user as one line."""


class ValidationError(DelegateError):
    """A value breaks a rule of the model (an end before its start, a zero limit)."""


class LifecycleError(ValidationError):
    """A status change the lifecycle does not allow (delivering a cancelled delegation)."""
