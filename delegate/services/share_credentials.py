"""The password of a shared calendar: in the OS keyring, or from DELEGATE_CALDAV_PASSWORD; never on disk.

A data folder may be synced or backed up where others can read it, so the share's file there holds
the address and the user name only. Scripts and CI (where no keyring runs) give the password in the
environment; an interactive `share add` puts it in the keyring.
"""

from __future__ import annotations

import os

from delegate.errors import DelegateError

ENV_PASSWORD = "DELEGATE_CALDAV_PASSWORD"
SERVICE = "delegate-caldav"


class CredentialsError(DelegateError):
    """No password to be had (no keyring, nothing in the environment), or the keyring refused."""


def account(url: str, user: str) -> str:
    """The keyring's name for one login at one server: a user at one calendar's address."""
    return f"{user}@{url}"


def password_from_env() -> str | None:
    """DELEGATE_CALDAV_PASSWORD, when set (it wins over the keyring: a script says what it means)."""
    value = os.environ.get(ENV_PASSWORD)
    return value if value else None


def keyring_available() -> bool:
    """Whether an OS keyring is there to keep a password in (not keyring's 'fail' or 'null' stand-in)."""
    try:
        import keyring
        from keyring.backends import fail, null
    except ImportError:  # pragma: no cover - keyring is a dependency; a broken install still answers
        return False
    backend = keyring.get_keyring()
    return not isinstance(backend, fail.Keyring | null.Keyring) and backend.priority > 0


def store_password(url: str, user: str, password: str) -> None:
    """Keep the password in the OS keyring; a one-line error when there is none."""
    if not keyring_available():
        raise CredentialsError(
            f"no keyring on this system to keep the password in: set {ENV_PASSWORD} instead"
        )
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, account(url, user), password)
    except KeyringError as error:
        raise CredentialsError(f"the keyring would not keep the password: {error}") from None


def find_password(url: str, user: str) -> str:
    """The password for `user` at `url`: from the environment, else the keyring; else a one-line error."""
    given = password_from_env()
    if given is not None:
        return given
    if keyring_available():
        import keyring
        from keyring.errors import KeyringError

        try:
            kept = keyring.get_password(SERVICE, account(url, user))
        except KeyringError as error:
            raise CredentialsError(f"the keyring would not give the password: {error}") from None
        if kept:
            return kept
        raise CredentialsError(
            "no password in the keyring for this calendar: run `delegate share add` again,"
            f" or set {ENV_PASSWORD}"
        )
    raise CredentialsError(f"no keyring on this system: set {ENV_PASSWORD} to the calendar's password")


def forget_password(url: str, user: str) -> None:
    """Remove a password from the keyring, if one is kept there (nothing to do otherwise)."""
    if not keyring_available():
        return
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(SERVICE, account(url, user))
    except (PasswordDeleteError, KeyringError):
        return
