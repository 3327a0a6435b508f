"""Domain errors. Each carries a message in Chinese that the app shows and the CLI prints."""
from __future__ import annotations


class WorkbenchError(Exception):
    """Base class: ``str(err)`` is the user-facing Chinese message."""
    exit_code = 2


class InputError(WorkbenchError):
    """A file or value the user supplied cannot be used."""


class NotFound(WorkbenchError):
    exit_code = 3


class PermissionDenied(WorkbenchError):
    exit_code = 4


class GateBlocked(WorkbenchError):
    """A lifecycle gate refuses a transition; the message says why."""
    exit_code = 5


class StaleWrite(WorkbenchError):
    """Optimistic concurrency: someone saved in between. The caller keeps the user's text:
    ``kept`` carries what the user tried to save (e.g. the article tree), ``current`` the id of
    the record that won (e.g. the newer version), so a page can show both and let the user merge."""
    exit_code = 6

    def __init__(self, message: str, *, kept=None, current=None):
        super().__init__(message)
        self.kept = kept
        self.current = current
