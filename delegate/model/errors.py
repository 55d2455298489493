"""The domain's errors. They live in `delegate.errors` so the command line can catch them without
importing every record class first (start-up time); the model raises them from here."""

from delegate.errors import DelegateError, LifecycleError, ValidationError

__all__ = ["DelegateError", "LifecycleError", "ValidationError"]
