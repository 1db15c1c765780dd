"""Errors that carry a message for the user, in Swedish."""

from __future__ import annotations


class UserError(Exception):
    """An expected problem: shown to the user as it is, never as a traceback."""

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []

    def full_text(self) -> str:
        if not self.details:
            return self.message
        return self.message + "\n" + "\n".join(f"  • {d}" for d in self.details)


class ValidationError(UserError):
    """Input that breaks a rule; `details` lists every problem found."""


class PersonnummerError(ValidationError):
    """A personnummer that is refused (its form, its date, a duplicate, the setting off):
    a form shows it at the personnummer field."""


class NotFoundError(UserError):
    pass


class PermissionDenied(UserError):
    pass


class PinRefused(PermissionDenied):
    """A PIN check said no: the PIN is missing or wrong, or too many wrong ones were tried.
    A dialog shows it next to its PIN field; any other PermissionDenied is about who may
    do the thing, not about the PIN."""


class DataDirError(UserError):
    """The data folder cannot be used (not writable, locked, too new, corrupt)."""


class DatabaseBusyError(UserError):
    """Another write (an import) held the database longer than a write may wait."""
