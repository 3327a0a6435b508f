"""The legal-concept vocabulary (``lexicon_*.toml`` beside this module) and its look-up.

A concept is a (label, kind) pair, e.g. ("SANCTION", "revoke_business_licence") or ("MODAL",
"prohibition"). Each label compiles to one alternation of its literal terms (longest first) plus
the few regular expressions of productive vocabulary (organ names, …证, dates). Regular
expressions are used here only to look words up; what the words mean together is decided by the
clause builder (lawtext.clauses.build) from their order inside a clause.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = ("lexicon_core.toml", "lexicon_measures.toml", "lexicon_market.toml", "lexicon_reserved.toml")


@dataclass(frozen=True)
class Term:
    """One vocabulary hit in a text: offsets are character offsets in that text."""
    label: str
    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Kind:
    name: str
    exclude_before: tuple[str, ...]
    exclude_after: tuple[str, ...]


class Lexicon:
    """Compiled vocabulary: :meth:`find` returns every concept term in a text."""

    def __init__(self, tables: dict[str, dict[str, dict]]):
        self.kinds: dict[tuple[str, str], _Kind] = {}
        self._patterns: list[tuple[str, str, re.Pattern]] = []
        senses: dict[str, list[tuple[str, str]]] = {}      # term → its (label, kind) senses
        for label, kinds in tables.items():
            for kind, spec in kinds.items():
                self.kinds[(label, kind)] = _Kind(spec.get("name", kind), tuple(spec.get("exclude_before", ())),
                                                  tuple(spec.get("exclude_after", ())))
                for t in spec.get("terms", ()):
                    if not any(lb == label for lb, _ in senses.get(t, ())):
                        senses.setdefault(t, []).append((label, kind))
                for p in spec.get("patterns", ()):
                    self._patterns.append((label, kind, re.compile(p)))
        # one scan finds, at every position, the longest term starting there; the shorter terms
        # starting at the same position are its prefixes (precomputed)
        terms = sorted(senses, key=len, reverse=True)
        first = "".join(sorted({re.escape(t[0]) for t in terms}))
        self._scan = re.compile("(?=[" + first + "])(?=(" + _trie_regex(_trie(terms)) + "))")
        # per longest term: every term it starts with, with the senses' exclusions ready for
        # str.startswith / str.endswith (tuples are checked in C)
        self._expand = {t: [(t[:i], [(lb, kd, self.kinds[(lb, kd)].exclude_before, self.kinds[(lb, kd)].exclude_after)
                                     for lb, kd in senses[t[:i]]])
                            for i in range(len(t), 0, -1) if t[:i] in senses] for t in terms}
        self.labels = tuple(tables)

    def name(self, label: str, kind: str) -> str:
        k = self.kinds.get((label, kind))
        return k.name if k else kind

    def _keep(self, text: str, label: str, kind: str, start: int, end: int) -> bool:
        k = self.kinds[(label, kind)]
        if k.exclude_after and text.startswith(k.exclude_after, end):
            return False
        return not (k.exclude_before and text.endswith(k.exclude_before, 0, start))

    def find(self, text: str, labels: tuple[str, ...] | None = None) -> list[Term]:
        """Every term of ``labels`` (default: all) in ``text``, ordered by position."""
        wanted = set(labels) if labels else None
        found: list[tuple[Term, bool]] = []          # (term, kept by its exclusions)
        for m in self._scan.finditer(text):
            start = m.start()
            for t, senses in self._expand[m.group(1)]:
                end = start + len(t)
                for label, kind, before, after in senses:
                    if wanted is not None and label not in wanted:
                        continue
                    keep = not ((after and text.startswith(after, end)) or (before and text.endswith(before, 0, start)))
                    found.append((Term(label, kind, start, end, t), keep))
        for label, kind, rx in self._patterns:
            if wanted is not None and label not in wanted:
                continue
            for m in rx.finditer(text):
                if m.end() > m.start():
                    found.append((Term(label, kind, m.start(), m.end(), m.group(0)),
                                  self._keep(text, label, kind, m.start(), m.end())))
        # a word inside a longer word of its label is that word's part, even when the longer one is
        # excluded (拘留 inside 受到行政拘留's 行政拘留)
        return [t for t, keep in _maximal(found) if keep]


def _maximal(found: list[tuple[Term, bool]]) -> list[tuple[Term, bool]]:
    """Drop a term lying inside a longer term of the same label (不得 inside 不得继续, 证 inside
    从业资格证); terms of different labels may overlap."""
    found.sort(key=lambda f: (f[0].start, -(f[0].end - f[0].start)))
    reach: dict[str, int] = {}
    out = []
    for t, keep in found:
        if reach.get(t.label, -1) >= t.end:
            continue
        reach[t.label] = max(reach.get(t.label, -1), t.end)
        out.append((t, keep))
    return out


def _trie(terms) -> dict:
    root: dict = {}
    for t in terms:
        node = root
        for ch in t:
            node = node.setdefault(ch, {})
        node[""] = {}
    return root


def _trie_regex(node: dict) -> str:
    """A regular expression matching the longest term of the trie at a position (greedy)."""
    alts = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 and len(alts[0]) == 1 else "(?:" + "|".join(alts) + ")"
    return body + "?" if "" in node else body


def load_tables(files=FILES) -> dict[str, dict[str, dict]]:
    tables: dict[str, dict[str, dict]] = {}
    for name in files:
        with (HERE / name).open("rb") as f:
            for label, kinds in tomllib.load(f).items():
                tables.setdefault(label, {}).update(kinds)
    return tables


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The project's lexicon, compiled once per process."""
    return Lexicon(load_tables())
