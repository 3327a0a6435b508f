"""Text normalisation shared by every importer.

Guarantees of :func:`normalise_line` (in this order):
1. zero-width characters (U+200B–U+200D, U+2060, U+FEFF) and soft hyphens are removed;
2. full-width ASCII digits and Latin letters become half-width (０ → 0, Ａ → A);
   Chinese punctuation such as （）《》，。 is kept as it is;
3. every kind of white space (ideographic space U+3000, NBSP, tabs) becomes one ASCII space,
   runs of spaces collapse to one, and the line is stripped.
:func:`normalise_heading_title` also drops spaces between two CJK characters (总  则 → 总则).
"""
from __future__ import annotations

import re

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_FULLWIDTH = {c: c - 0xFEE0 for c in list(range(0xFF10, 0xFF1A)) + list(range(0xFF21, 0xFF3B))
              + list(range(0xFF41, 0xFF5B))}
_SPACES = re.compile(r"[\s\u3000\u00a0\u2002-\u200a\u202f\u205f]+")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")


def normalise_line(line: str) -> str:
    line = line.translate(_ZERO_WIDTH).translate(_FULLWIDTH)
    return _SPACES.sub(" ", line).strip()


def normalise_heading_title(title: str) -> str:
    return _CJK_GAP.sub("", normalise_line(title))


def normalise_text(text: str) -> list[str]:
    """Split text into normalised, non-empty lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    out = []
    for raw in text.split("\n"):
        line = normalise_line(raw)
        if line:
            out.append(line)
    return out
