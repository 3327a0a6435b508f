"""Coded errors, the root of every error the project shows a user.

An error carries a stable ``code`` (what went wrong, for control flow and tests) and ``params``;
``str(err)`` is the Chinese message users read. Callers decide on ``code`` or on the class, never
on the wording of the message. Packages above (base, workbench) subclass these.
"""
from __future__ import annotations


class CodedError(Exception):
    """Base class: ``code`` decides, ``str(err)`` is the user-facing Chinese message."""
    exit_code = 2
    default_code = "error"

    def __init__(self, message: str = "", *, code: str | None = None, **params):
        super().__init__(message)
        self.code = code or self.default_code
        self.params = params


class InputError(CodedError):
    """A file or value the user supplied cannot be used."""
    default_code = "input"


class NotFound(CodedError):
    """The thing asked for does not exist (an article, a document, a user …)."""
    exit_code = 3
    default_code = "not_found"
