"""Domain errors. Each carries a code (decisions) and a Chinese message (what users read).

The root classes live in the legal-text layer (lawtext.errors) so that the parser and the editor
raise the same errors; ``WorkbenchError`` is their common base under the domain's name.
"""
from __future__ import annotations

from lawtext.errors import CodedError, InputError, NotFound, render

WorkbenchError = CodedError

__all__ = ["WorkbenchError", "InputError", "NotFound", "PermissionDenied", "GateBlocked", "StaleWrite",
           "IntegrityError", "render"]


class PermissionDenied(WorkbenchError):
    exit_code = 4
    default_code = "permission"


class GateBlocked(WorkbenchError):
    """A lifecycle gate refuses a transition; the message says why."""
    exit_code = 5
    default_code = "gate"


class StaleWrite(WorkbenchError):
    """Optimistic concurrency: someone saved in between. The caller keeps the user's text:
    ``kept`` carries what the user tried to save (e.g. the article tree), ``current`` the id of
    the record that won (e.g. the newer version), so a page can show both and let the user merge."""
    exit_code = 6
    default_code = "stale"

    def __init__(self, message: str = "", *, kept=None, current=None, code: str | None = None, **params):
        super().__init__(message, code=code, **params)
        self.kept = kept
        self.current = current


class IntegrityError(WorkbenchError):
    """Stored data no longer matches its own hash or the signed audit log: it was changed behind
    the application. Nothing is built on it (no gate passes, nothing is exported)."""
    exit_code = 7
    default_code = "integrity"
