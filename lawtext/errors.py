"""Coded errors, the root of every error the project shows a user.

An error carries a stable ``code`` (what went wrong, for control flow and tests) and ``params``;
``str(err)`` is the Chinese message users read, rendered from the code's template in the message
catalogue of the package that raises it (``<package>/messages.py``, registered with
:func:`register_messages` when the package is imported). Callers decide on ``code`` or on the
class, never on the wording of the message. Packages above (base, workbench) subclass these.
"""
from __future__ import annotations

import string

_TEMPLATES: dict[str, str] = {}     # code → Chinese template with {named} parameters
_OWNER: dict[str, str] = {}         # code → the package whose catalogue holds it


class _Missing(dict):
    """A parameter the raise site did not give stays visible as ``{name}`` (never a KeyError
    that would hide the error being raised)."""

    def __missing__(self, key):
        return "{" + key + "}"


def register_messages(package: str, messages: dict[str, str]) -> None:
    """Add a package's catalogue. A code already owned by another catalogue is an error."""
    for code, template in messages.items():
        owner = _OWNER.get(code)
        if owner is not None and (owner != package or _TEMPLATES[code] != template):
            raise ValueError(f"message code {code!r} of {package} is already in the catalogue of {owner}")
        list(string.Formatter().parse(template))      # a malformed template fails here, not at a raise
        _TEMPLATES[code] = template
        _OWNER[code] = package


def catalogue() -> dict[str, str]:
    """Every registered code and its template (read-only copy, for tests and documentation)."""
    return dict(_TEMPLATES)


def render(code: str, params: dict) -> str:
    """The Chinese message of ``code`` with ``params`` filled in; the code itself if unknown."""
    template = _TEMPLATES.get(code)
    if template is None:
        return code
    try:
        return string.Formatter().vformat(template, (), _Missing(params))
    except (ValueError, IndexError):     # a missing parameter under a format spec
        return template


class CodedError(Exception):
    """Base class: ``code`` decides, ``str(err)`` is the user-facing Chinese message.

    Raise as ``InputError(code="upload.too_big", name=…, limit=…)``: the message is the code's
    catalogue template filled with the parameters. A ``message`` given explicitly (text that
    already exists, e.g. a pydantic or parser message passed on) is used as it is."""
    exit_code = 2
    default_code = "error"

    def __init__(self, message: str = "", *, code: str | None = None, **params):
        self.code = code or self.default_code
        self.params = params
        super().__init__(message or render(self.code, params))


class InputError(CodedError):
    """A file or value the user supplied cannot be used."""
    default_code = "input"


class NotFound(CodedError):
    """The thing asked for does not exist (an article, a document, a user …)."""
    exit_code = 3
    default_code = "not_found"
