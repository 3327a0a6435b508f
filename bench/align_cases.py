"""Generate alignment cases with known answers from real corpus laws.

Each case takes a real law (the old text) and applies random edits whose effect on every
article is recorded: deletions, insertions (articles of other laws), moves (an article taken
out and put back ≥ 3 places away, sometimes also edited), in-article edits (light: a few words
changed; heavy: about half the text rewritten), splits (an article of ≥ 2 款 cut in two), merges
(two neighbours joined) and renumbering of everything (labels are reassigned 1..N, as a 修订
would). Headings stay before the article they preceded; a heading whose article was deleted or
moved away is dropped (chapter restructuring). Used by ``bench/bench_align.py`` and by the alignment tests.
"""
from __future__ import annotations

import copy
import csv
import random
from dataclasses import dataclass, field
from pathlib import Path

from lawtext.model import Article, LegalDocument, Paragraph
from lawtext.numerals import article_label
from lawtext.parser import assign_ids, parse_markdown


@dataclass
class Case:
    name: str
    old: LegalDocument
    new: LegalDocument
    # gold: old article id → new article ids ([] = deleted); new id → old ids ([] = inserted)
    old_to_new: dict[str, list[str]]
    new_to_old: dict[str, list[str]]
    moved_old: set[str] = field(default_factory=set)   # old ids that were moved
    edits: dict[str, int] = field(default_factory=dict)


def corpus_laws(corpus: Path, *, min_articles: int = 15, max_articles: int = 150) -> list[Path]:
    """Manifest paths of laws with a usable number of articles, sorted (deterministic)."""
    with open(corpus / "manifest.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    flagged = set()
    qf = corpus / "quality_flags.tsv"
    if qf.is_file():
        with open(qf, encoding="utf-8") as f:
            flagged = {r["path"] for r in csv.DictReader(f, delimiter="\t")}
    return sorted(corpus / r["path"] for r in rows
                  if min_articles <= int(r["articles"] or 0) <= max_articles and r["path"] not in flagged)


def _edit_text(rng: random.Random, text: str, heavy: bool, filler: list[str]) -> str:
    """Replace, delete or insert runs of characters (≈8 % light, ≈45 % heavy) with real legal text."""
    chars = list(text)
    budget = max(2, int(len(chars) * (0.45 if heavy else 0.08)))
    while budget > 0 and chars:
        span = min(budget, rng.randint(2, 8 if not heavy else 20))
        pos = rng.randrange(len(chars))
        kind = rng.random()
        donor = rng.choice(filler)
        start = rng.randrange(max(1, len(donor) - span))
        piece = list(donor[start:start + span])
        if kind < 0.5:
            chars[pos:pos + span] = piece
        elif kind < 0.75:
            del chars[pos:pos + span]
        else:
            chars[pos:pos] = piece
        budget -= span
    return "".join(chars)


def _set_text(a: Article, lines: list[str]) -> None:
    a.paragraphs = [Paragraph(id="", text=t) for t in lines if t]


def _lines(a: Article) -> list[str]:
    return a.lines()


def make_case(path: Path, donors: list[str], seed: int) -> Case | None:
    rng = random.Random(seed)
    old = parse_markdown(path.read_text(encoding="utf-8"))
    arts = old.articles
    if len(arts) < 10 or len({a.flat_text for a in arts}) != len(arts):
        return None
    n = len(arts)
    # working list of (new article, [old ids it comes from], moved?)
    work: list[tuple[Article, list[str], bool]] = [(copy.deepcopy(a), [a.id], False) for a in arts]
    edits = {"deleted": 0, "inserted": 0, "moved": 0, "light": 0, "heavy": 0, "split": 0, "merged": 0}
    deleted: list[str] = []
    for _ in range(rng.randint(0, max(1, n // 15))):          # deletions
        k = rng.randrange(len(work))
        deleted.extend(work[k][1])
        del work[k]
        edits["deleted"] += 1
    for k in range(len(work)):                                 # in-article edits
        r = rng.random()
        if r < 0.25 or r > 0.9:
            heavy = r > 0.9
            a = work[k][0]
            _set_text(a, [_edit_text(rng, t, heavy, donors) for t in _lines(a)])
            edits["heavy" if heavy else "light"] += 1
    for _ in range(rng.randint(0, 2)):                         # merges of two neighbours
        if len(work) < 4:
            break
        k = rng.randrange(len(work) - 1)
        (a, src_a, mv_a), (b, src_b, mv_b) = work[k], work[k + 1]
        if len(src_a) > 1 or len(src_b) > 1 or mv_a or mv_b:
            continue
        _set_text(a, _lines(a) + _lines(b))
        work[k] = (a, src_a + src_b, False)
        del work[k + 1]
        edits["merged"] += 1
    for _ in range(rng.randint(0, 2)):                         # splits at a 款 boundary
        cands = [k for k, (a, src, mv) in enumerate(work) if len(a.paragraphs) >= 2 and len(src) == 1 and not mv]
        if not cands:
            break
        k = rng.choice(cands)
        a, src, _ = work[k]
        lines = _lines(a)
        cut = rng.randrange(1, len(lines))
        b = copy.deepcopy(a)
        _set_text(a, lines[:cut])
        _set_text(b, lines[cut:])
        work[k] = (a, src, False)
        work.insert(k + 1, (b, list(src), False))
        edits["split"] += 1
    for _ in range(rng.randint(0, 2)):                         # moves ≥ 3 places
        if len(work) < 8:
            break
        k = rng.randrange(len(work))
        if len(work[k][1]) != 1 or sum(1 for w in work if w[1] == work[k][1]) > 1:
            continue
        item = work.pop(k)
        choices = [p for p in range(len(work) + 1) if abs(p - k) >= 3]
        dest = rng.choice(choices)
        work.insert(dest, (item[0], item[1], True))
        edits["moved"] += 1
    for _ in range(rng.randint(0, max(1, n // 10))):           # insertions of other laws' articles
        text = rng.choice(donors)
        a = Article(id="", label="", number=0)
        _set_text(a, [text])
        work.insert(rng.randrange(len(work) + 1), (a, [], False))
        edits["inserted"] += 1
    # headings go before the article they preceded (dropped if it was deleted or moved)
    heads_before: dict[str, list] = {}
    waiting: list = []
    for node in old.body:
        if isinstance(node, Article):
            if waiting:
                heads_before[node.id] = waiting
            waiting = []
        else:
            waiting.append(copy.deepcopy(node))
    new = LegalDocument(title=old.title, body=[])
    for num, (a, src, mv) in enumerate(work, 1):               # renumber everything
        a.number, a.suffix, a.label = num, 0, article_label(num)
        if src and not mv:
            new.body.extend(heads_before.pop(src[0], []))
        new.body.append(a)
    assign_ids(new)
    new_to_old = {}
    old_to_new: dict[str, list[str]] = {oid: [] for oid in deleted}
    moved_old = set()
    for (a, src, mv) in work:
        new_to_old[a.id] = list(src)
        for s in src:
            old_to_new.setdefault(s, []).append(a.id)
            if mv:
                moved_old.add(s)
    for a in arts:
        old_to_new.setdefault(a.id, [])
    return Case(path.stem, old, new, old_to_new, new_to_old, moved_old, edits)


def donor_texts(paths: list[Path], rng: random.Random, k: int = 400) -> list[str]:
    """Article texts (30–300 characters) from other laws, used as inserted articles and edit material."""
    out: list[str] = []
    for p in rng.sample(paths, min(len(paths), 60)):
        for a in parse_markdown(p.read_text(encoding="utf-8")).articles:
            if 30 <= len(a.flat_text) <= 300:
                out.append(a.flat_text)
    rng.shuffle(out)
    return out[:k]


def make_cases(corpus: Path, count: int, seed: int = 20261128) -> list[Case]:
    rng = random.Random(seed)
    laws = corpus_laws(corpus)
    donors_pool = rng.sample(laws, min(len(laws), 80))
    picked = [p for p in rng.sample(laws, min(len(laws), count * 2)) if p not in donors_pool]
    donors = donor_texts(donors_pool, rng)
    cases = []
    for i, p in enumerate(picked):
        c = make_case(p, donors, seed + i)
        if c is not None:
            cases.append(c)
        if len(cases) >= count:
            break
    return cases
