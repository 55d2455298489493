"""The one error family the domain raises; its message is meant for a person."""


class DelegateError(Exception):
    """Base of every error delegate reports to the user as one line."""


class ValidationError(DelegateError):
    """A value breaks a rule of the model (an end before its start, a zero limit)."""


class LifecycleError(ValidationError):
    """A status change the lifecycle does not allow (delivering a cancelled delegation)."""


EXCERPT_LENGTH = 40


def excerpt(text: str | bytes, limit: int = EXCERPT_LENGTH) -> str:
    """A short, escaped quote of what a broken file holds, for an error message.

    Bytes from a hostile file must never reach a terminal as they are (NUL, ESC, invalid UTF-8): every
    character that is not printable is written as a Python escape, and the quote is cut at `limit`.
    """
    if isinstance(text, bytes):
        text = text[: limit * 4 + 4].decode("utf-8", errors="backslashreplace")  # enough to fill `limit`
    pieces: list[str] = []
    length = 0
    for char in text:
        piece = char if char.isprintable() else repr(char)[1:-1]  # "\\x00", "\\x1b", "\\n"
        if length + len(piece) > limit:
            return "".join(pieces) + "…"
        pieces.append(piece)
        length += len(piece)
    return "".join(pieces)
