"""Text normalisation: the one place that decides which characters may enter the workbench.

:func:`strip_controls` is the text boundary every input passes (imported files through
:func:`normalise_line`, stored article trees through :func:`clean_tree`, form and CLI fields
through :func:`clean_field` / :func:`clean_multiline`). It removes

- C0 control characters other than tab and line breaks (NUL, ESC, …; vertical tab and form feed
  become line breaks), DEL and the C1 controls — they are invisible, and XML (.docx) cannot hold
  them, so one stored NUL used to break every later .docx export of that text;
- bidirectional controls (U+061C, U+200E/U+200F, U+202A–U+202E, U+2066–U+2069), which reorder
  how text is displayed (visual spoofing: a title that reads differently from what it is);
- noncharacters U+FFFE/U+FFFF and unpaired surrogates (not valid in XML either).

Guarantees of :func:`normalise_line` (in this order):
0. :func:`strip_controls`;
1. zero-width characters (U+200B–U+200D, U+2060, U+FEFF) and soft hyphens are removed;
2. full-width ASCII digits and Latin letters become half-width (０ → 0, Ａ → A);
   Chinese punctuation such as （）《》，。 is kept as it is;
3. every kind of white space (ideographic space U+3000, NBSP, tabs) becomes one ASCII space,
   runs of spaces collapse to one, and the line is stripped.
:func:`normalise_heading_title` also drops spaces between two CJK characters (总  则 → 总则).
"""
from __future__ import annotations

import json
import re

_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                       "\ufffe\uffff\ud800-\udfff]")
_PAGE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
_NEWLINES = re.compile(r"[\r\n\u2028\u2029]+")


def strip_controls(text: str) -> str:
    """``text`` without control, bidi and XML-incompatible characters (see the module docstring);
    tab, CR and LF are kept, vertical tab and form feed become LF."""
    if not text:
        return text or ""
    return _CONTROLS.sub("", text.translate(_PAGE_BREAKS))


def clean_field(value) -> str:
    """A one-line form/CLI field (title, name, label, note …): controls stripped, line breaks and
    tabs become spaces, surrounding space removed."""
    text = _NEWLINES.sub(" ", strip_controls(str(value or ""))).replace("\t", " ")
    return text.strip()


def clean_multiline(value) -> str:
    """A multi-line text typed by a user (a comment, a reason): controls stripped, CRLF → LF."""
    return strip_controls(str(value or "")).replace("\r\n", "\n").replace("\r", "\n").strip()


def _clean_json(value):
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, list):
        return [_clean_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean_json(v) for k, v in value.items()}
    return value


def clean_tree(tree):
    """The article tree (a LegalDocument) with every text cleaned by :func:`strip_controls`;
    ``tree`` itself when it is already clean."""
    raw = json.loads(tree.to_json())
    cleaned = _clean_json(raw)
    return tree if cleaned == raw else type(tree).from_dict(cleaned)


_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_FULLWIDTH = {c: c - 0xFEE0 for c in list(range(0xFF10, 0xFF1A)) + list(range(0xFF21, 0xFF3B))
              + list(range(0xFF41, 0xFF5B))}
_SPACES = re.compile(r"[\s\u3000\u00a0\u2002-\u200a\u202f\u205f]+")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")


def normalise_line(line: str) -> str:
    line = strip_controls(line).translate(_ZERO_WIDTH).translate(_FULLWIDTH)
    return _SPACES.sub(" ", line).strip()


def normalise_heading_title(title: str) -> str:
    return _CJK_GAP.sub("", normalise_line(title))


def normalise_text(text: str) -> list[str]:
    """Split text into normalised, non-empty lines."""
    text = strip_controls(text).replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    out = []
    for raw in text.split("\n"):
        line = normalise_line(raw)
        if line:
            out.append(line)
    return out
