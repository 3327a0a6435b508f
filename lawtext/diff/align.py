"""Article alignment between two article trees (two versions of a draft, or a draft and a law).

Numbers are never trusted: articles are matched by text and by order, so renumbering, chapter
restructuring and heavy edits inside an article do not derail the result. Steps:

1. **Anchors.** Articles whose text occurs exactly once on each side are candidate pairs
   (similarity 1). All other articles are scored with rapidfuzz ``ratio`` on their text with
   article numbers in references masked (``第十二条`` → ``第#条``), so renumbered references
   do not lower the score.
2. **Monotone chain.** A heaviest increasing chain (weighted LIS, Fenwick tree) over the
   candidate pairs with similarity ≥ :data:`CHAIN_MIN` keeps the sequence where it can.
3. **Gaps.** Between consecutive chain pairs, leftover articles are aligned again in order with
   the lower threshold :data:`GAP_MIN` (the order context makes weak matches reliable there),
   provided a weak pair is (within :data:`GAP_SLACK`) the best leftover match of both articles.
4. **Moves.** Leftover articles on both sides are paired best-first when their similarity is
   ≥ :data:`MOVE_MIN` and each is the other's best leftover match; such pairs are ``moved``.
5. **Split / merge.** A leftover new article next to a pair's new side whose text comes from the
   pair's old article turns the pair into a ``split`` (1 old → n new); symmetrically ``merged``.
   Runs of leftover articles that together match one leftover article are detected as well.
6. Everything left is ``inserted`` (new only) or ``deleted`` (old only).

The result is ordered by the new document, with deleted articles placed after the pair of
their preceding old article. Used by the comparison (``lawtext.diff.redline``), the comments
carry-over and the editor's working-copy redline.

Why one module of ~450 lines: the aligner is one algorithm (similarity, order, moves, splits and merges decided together over one score matrix); split, its steps would pass that state around.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from lawtext.model import Article, LegalDocument
from lawtext.vocabulary import ARTICLE_LABEL

STATUSES = ("unchanged", "modified", "moved", "inserted", "deleted", "split", "merged")

CHAIN_MIN = 0.5    # similarity for a pair to enter the global monotone chain
GAP_MIN = 0.3      # similarity inside a gap between two chain pairs (order makes it safe)
GAP_SLACK = 0.1   # a weak gap pair may score this much below either article's best leftover match
MOVE_MIN = 0.5     # similarity for pairing leftovers out of order (moves)
PART_MIN = 0.65     # similarity of a split/merge: old text vs the joined new texts (or vice versa)
PART_CONTAINED = 60  # partial_ratio (0..100) of a part inside the whole it came from

_REF_NUMBER = re.compile(ARTICLE_LABEL)
_SPACE = re.compile(r"\s+")


@dataclass
class ArticlePair:
    """One alignment decision.

    ``old_ids`` / ``new_ids`` are article ids (``art-17``) in document order: one and one for
    unchanged/modified/moved, one old and several new for ``split``, several old and one new
    for ``merged``, and an empty side for ``inserted`` / ``deleted``. ``similarity`` is 0..1
    (rapidfuzz ratio of the masked texts; for split/merge, of the joined texts; 0 for
    inserted/deleted). ``flags`` are structural observations:

    - ``renumbered``: the label changed (第三条 → 第四条);
    - ``path_changed``: the article now sits under different headings (编/章/节);
    - ``text_changed``: a ``moved`` / ``split`` / ``merged`` pair whose text also changed;
    - ``refs_only``: the only textual change is the numbers in 第X条 references;
    - ``weak_match``: a one-to-one pair below :data:`CHAIN_MIN`, accepted only because of its
      place in the order — worth a human look in heavily restructured texts.
    """
    old_ids: list[str]
    new_ids: list[str]
    old_labels: list[str]
    new_labels: list[str]
    status: str
    similarity: float
    flags: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True unless the article is unchanged (renumbering alone does not count)."""
        return self.status != "unchanged"

    def to_dict(self) -> dict:
        return {"old_ids": self.old_ids, "new_ids": self.new_ids, "old_labels": self.old_labels,
                "new_labels": self.new_labels, "status": self.status,
                "similarity": round(self.similarity, 4), "flags": list(self.flags)}


def mask_refs(text: str) -> str:
    """The text used for similarity: article numbers in references masked, no white space."""
    return _REF_NUMBER.sub("第#条", _SPACE.sub("", text))


def similarity(a: str, b: str) -> float:
    """rapidfuzz ratio (0..1) of two article texts after :func:`mask_refs`; two empty texts score 1."""
    a, b = mask_refs(a), mask_refs(b)
    if not a and not b:
        return 1.0
    return fuzz.ratio(a, b) / 100.0


# --- weighted LIS -------------------------------------------------------------------------

def _heaviest_chain(cands: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Heaviest chain of pairs strictly increasing in both coordinates (O(k log k)).

    Ties prefer the chain found first in (i, j) order, which keeps results deterministic.
    """
    if not cands:
        return []
    cands = sorted(cands)
    js = sorted({j for _, j, _ in cands})
    rank = {j: r + 1 for r, j in enumerate(js)}
    size = len(js)
    tree_val = [0.0] * (size + 1)
    tree_idx = [-1] * (size + 1)
    best_val = [0.0] * len(cands)
    prev = [-1] * len(cands)

    def query(r: int) -> tuple[float, int]:
        v, idx = 0.0, -1
        while r > 0:
            if tree_val[r] > v:
                v, idx = tree_val[r], tree_idx[r]
            r -= r & -r
        return v, idx

    def update(r: int, v: float, idx: int) -> None:
        while r <= size:
            if v > tree_val[r]:
                tree_val[r], tree_idx[r] = v, idx
            r += r & -r

    k = 0
    while k < len(cands):
        i = cands[k][0]
        group_end = k
        while group_end < len(cands) and cands[group_end][0] == i:
            group_end += 1
        # query all of this row before updating, so two pairs of one old article never chain
        for g in range(k, group_end):
            v, idx = query(rank[cands[g][1]] - 1)
            best_val[g] = v + cands[g][2]
            prev[g] = idx
        for g in range(k, group_end):
            update(rank[cands[g][1]], best_val[g], g)
        k = group_end
    end = max(range(len(cands)), key=lambda g: (best_val[g], -g))
    chain = []
    while end != -1:
        chain.append(cands[end])
        end = prev[end]
    return chain[::-1]


# --- the aligner --------------------------------------------------------------------------

class _Aligner:
    def __init__(self, old: list[Article], new: list[Article]):
        self.old, self.new = old, new
        self.old_masked = [mask_refs(a.text) for a in old]
        self.new_masked = [mask_refs(a.text) for a in new]
        self.sim: dict[tuple[int, int], float] = {}
        # leftovers lying between the parts of a split/merge: never part of another group
        self.reserved: dict[str, set[int]] = {"old": set(), "new": set()}

    def score(self, i: int, j: int) -> float:
        key = (i, j)
        s = self.sim.get(key)
        if s is None:
            a, b = self.old_masked[i], self.new_masked[j]
            s = 1.0 if (not a and not b) else fuzz.ratio(a, b) / 100.0
            self.sim[key] = s
        return s

    def candidates(self) -> list[tuple[int, int, float]]:
        """Unique exact matches plus every scored pair ≥ GAP_MIN (the lowest threshold used)."""
        old_pos: dict[str, list[int]] = {}
        new_pos: dict[str, list[int]] = {}
        for i, t in enumerate(self.old_masked):
            old_pos.setdefault(t, []).append(i)
        for j, t in enumerate(self.new_masked):
            new_pos.setdefault(t, []).append(j)
        cands: list[tuple[int, int, float]] = []
        exact_old, exact_new = set(), set()
        for t, ois in old_pos.items():
            njs = new_pos.get(t)
            if njs and len(ois) == 1 and len(njs) == 1:
                cands.append((ois[0], njs[0], 1.0))
                self.sim[(ois[0], njs[0])] = 1.0
                exact_old.add(ois[0])
                exact_new.add(njs[0])
        rows = [i for i in range(len(self.old)) if i not in exact_old]
        cols = [j for j in range(len(self.new)) if j not in exact_new]
        if rows and cols:
            matrix = process.cdist([self.old_masked[i] for i in rows], [self.new_masked[j] for j in cols],
                                   scorer=fuzz.ratio, score_cutoff=int(GAP_MIN * 100), workers=1)
            for r, c in zip(*matrix.nonzero()):
                i, j = rows[r], cols[c]
                s = float(matrix[r, c]) / 100.0
                self.sim[(i, j)] = s
                cands.append((i, j, s))
        return cands

    def run(self) -> list[ArticlePair]:
        cands = self.candidates()
        chain = _heaviest_chain([c for c in cands if c[2] >= CHAIN_MIN])
        matched: dict[int, int] = {i: j for i, j, _ in chain}
        # gaps between chain pairs, aligned in order with the lower threshold
        bounds = [(-1, -1)] + [(i, j) for i, j, _ in chain] + [(len(self.old), len(self.new))]
        by_old: dict[int, list[tuple[int, int, float]]] = {}
        for c in cands:
            by_old.setdefault(c[0], []).append(c)
        # a weak in-gap pair must be the best leftover match of both its articles, so an
        # article moved far away is not paired with a weakly similar neighbour instead
        chained_new = set(matched.values())
        best_old: dict[int, float] = {}
        best_new: dict[int, float] = {}
        for i, j, s in cands:
            if i not in matched and j not in chained_new:
                best_old[i] = max(best_old.get(i, 0.0), s)
                best_new[j] = max(best_new.get(j, 0.0), s)
        for (i0, j0), (i1, j1) in zip(bounds, bounds[1:]):
            if i1 - i0 <= 1 or j1 - j0 <= 1:
                continue
            gap = [c for i in range(i0 + 1, i1) for c in by_old.get(i, ()) if j0 < c[1] < j1
                   and (c[2] >= CHAIN_MIN or (c[2] >= best_old[c[0]] - GAP_SLACK and c[2] >= best_new[c[1]] - GAP_SLACK))]
            for i, j, _ in _heaviest_chain(gap):
                matched[i] = j
        in_order = dict(matched)
        # moves: mutual best among leftovers
        left_old = [i for i in range(len(self.old)) if i not in matched]
        used_new = set(matched.values())
        left_new = [j for j in range(len(self.new)) if j not in used_new]
        moved: dict[int, int] = {}
        if left_old and left_new:
            # every pair ≥ GAP_MIN (< MOVE_MIN) was scored by cdist; the rest cannot be a move
            scored = sorted(((self.sim.get((i, j), 0.0), i, j) for i in left_old for j in left_new), reverse=True)
            best_old: dict[int, float] = {}
            best_new: dict[int, float] = {}
            for s, i, j in scored:
                best_old[i] = max(best_old.get(i, 0.0), s)
                best_new[j] = max(best_new.get(j, 0.0), s)
            taken_new: set[int] = set()
            for s, i, j in scored:
                if s < MOVE_MIN:
                    break
                if i in moved or j in taken_new:
                    continue
                if s >= best_old[i] - 1e-9 and s >= best_new[j] - 1e-9:
                    moved[i] = j
                    taken_new.add(j)
        # groups: old indices ↔ new indices, status
        groups: list[dict] = []
        for i, j in sorted(in_order.items()):
            groups.append({"old": [i], "new": [j], "kind": "pair"})
        for i, j in sorted(moved.items()):
            groups.append({"old": [i], "new": [j], "kind": "moved"})
        self._split_merge(groups)
        return self._finish(groups)

    # --- split / merge --------------------------------------------------------------------
    def _joined_old(self, idxs: list[int]) -> str:
        return "".join(self.old_masked[i] for i in idxs)

    def _joined_new(self, idxs: list[int]) -> str:
        return "".join(self.new_masked[j] for j in idxs)

    def _split_merge(self, groups: list[dict]) -> None:
        used_old = {i for g in groups for i in g["old"]}
        used_new = {j for g in groups for j in g["new"]}
        new_owner = {g["new"][0]: g for g in groups}
        old_owner = {g["old"][0]: g for g in groups}
        # a leftover new article next to a pair (at most one leftover in between, which then
        # stays inserted/deleted) whose text comes from the pair's old article → split;
        # symmetrically → merged
        self._attach(groups, side="new", used=used_new, owner=new_owner, size=len(self.new))
        self._attach(groups, side="old", used=used_old, owner=old_owner, size=len(self.old))
        # runs of leftovers that together make one leftover article (neither part matched alone)
        for i in range(len(self.old)):
            if i in used_old or i in self.reserved["old"] or not self.old_masked[i]:
                continue
            best = self._best_run(self.old_masked[i], [j for j in range(len(self.new))
                                                       if j not in used_new and j not in self.reserved["new"]],
                                  self.new_masked, lambda j, i=i: (i, j) in self.sim)
            if best:
                groups.append({"old": [i], "new": best, "kind": "split"})
                used_old.add(i)
                used_new.update(best)
        for j in range(len(self.new)):
            if j in used_new or j in self.reserved["new"] or not self.new_masked[j]:
                continue
            best = self._best_run(self.new_masked[j], [i for i in range(len(self.old))
                                                       if i not in used_old and i not in self.reserved["old"]],
                                  self.old_masked, lambda i, j=j: (i, j) in self.sim)
            if best:
                groups.append({"old": best, "new": [j], "kind": "merged"})
                used_new.add(j)
                used_old.update(best)

    def _attach(self, groups: list[dict], *, side: str, used: set[int], owner: dict, size: int) -> None:
        other = "old" if side == "new" else "new"
        kind = "split" if side == "new" else "merged"
        forbidden = "merged" if side == "new" else "split"
        texts = self.new_masked if side == "new" else self.old_masked
        whole_texts = self.old_masked if side == "new" else self.new_masked
        joined = self._joined_new if side == "new" else self._joined_old
        changed = True
        while changed:
            changed = False
            for x in range(size):
                if x in used or x in self.reserved[side] or not texts[x]:
                    continue
                for nb in (x - 1, x + 1, x - 2, x + 2):
                    between = (nb + x) // 2
                    if abs(nb - x) == 2 and (between in used or between in self.reserved[side]):
                        continue
                    g = owner.get(nb)
                    if g is None or len(g[other]) != 1 or g["kind"] == forbidden:
                        continue
                    whole = whole_texts[g[other][0]]
                    if fuzz.partial_ratio(texts[x], whole) < PART_CONTAINED:
                        continue
                    before = fuzz.ratio(whole, joined(g[side])) / 100.0
                    parts = sorted(g[side] + [x])
                    after = fuzz.ratio(whole, joined(parts)) / 100.0
                    if after >= PART_MIN and after >= before + 0.05:
                        g[side] = parts
                        g["kind"] = kind
                        used.add(x)
                        owner[x] = g
                        if abs(nb - x) == 2:   # the article in between stays inserted/deleted
                            self.reserved[side].add(between)
                        changed = True
                        break

    @staticmethod
    def _best_run(whole: str, free: list[int], texts: list[str], scored) -> list[int] | None:
        """The best run of 2–4 consecutive free articles whose joined text matches ``whole``.

        A run starts only at an article that cdist scored ≥ GAP_MIN against ``whole``
        (``scored(index)``): a quarter of an article still scores about 0.4."""
        free_set = set(free)
        best, best_s = None, PART_MIN
        for start in free:
            if not texts[start] or not scored(start) or fuzz.partial_ratio(texts[start], whole) < PART_CONTAINED:
                continue
            run = [start]
            k = start + 1
            while k in free_set and len(run) < 4:
                run.append(k)
                s = fuzz.ratio(whole, "".join(texts[x] for x in run)) / 100.0
                if s >= best_s:
                    best, best_s = list(run), s
                k += 1
        return best

    # --- output ---------------------------------------------------------------------------
    def _finish(self, groups: list[dict]) -> list[ArticlePair]:
        used_old = {i for g in groups for i in g["old"]}
        used_new = {j for g in groups for j in g["new"]}
        for i in range(len(self.old)):
            if i not in used_old:
                groups.append({"old": [i], "new": [], "kind": "deleted"})
        for j in range(len(self.new)):
            if j not in used_new:
                groups.append({"old": [], "new": [j], "kind": "inserted"})
        # order: by new position; a deleted article goes after the in-order pair of the
        # nearest preceding old article
        anchor_new: dict[int, int] = {}
        for g in groups:
            if g["kind"] in ("pair", "split", "merged") and g["new"]:
                for i in g["old"]:
                    anchor_new[i] = g["new"][-1]

        def key(g: dict) -> tuple:
            if g["new"]:
                return (g["new"][0], 0, 0)
            i = g["old"][0]
            prev = max((p for p in anchor_new if p < i), default=None)
            return (anchor_new[prev] if prev is not None else -1, 1, i)

        groups.sort(key=key)
        return [self._pair(g) for g in groups]

    def _pair(self, g: dict) -> ArticlePair:
        olds = [self.old[i] for i in g["old"]]
        news = [self.new[j] for j in g["new"]]
        kind = g["kind"]
        flags: list[str] = []
        if kind in ("deleted", "inserted"):
            sim = 0.0
            status = kind
        elif kind in ("split", "merged"):
            status = kind
            a, b = self._joined_old(g["old"]), self._joined_new(g["new"])
            sim = 1.0 if a == b else fuzz.ratio(a, b) / 100.0
            if "".join(x.text for x in olds).replace("\n", "") != "".join(x.text for x in news).replace("\n", ""):
                flags.append("text_changed")
        else:
            i, j = g["old"][0], g["new"][0]
            sim = self.score(i, j)
            same = olds[0].text == news[0].text
            if kind == "moved":
                status = "moved"
                if not same:
                    flags.append("text_changed")
            else:
                status = "unchanged" if same else "modified"
            if not same and self.old_masked[i] == self.new_masked[j]:
                flags.append("refs_only")
            if sim < CHAIN_MIN:
                flags.append("weak_match")
        if olds and news:
            if olds[0].label != news[0].label:
                flags.append("renumbered")
            if olds[0].path != news[0].path:
                flags.append("path_changed")
        return ArticlePair(old_ids=[a.id for a in olds], new_ids=[b.id for b in news],
                           old_labels=[a.label for a in olds], new_labels=[b.label for b in news],
                           status=status, similarity=round(sim, 4), flags=flags)


def align_articles(old: list[Article], new: list[Article]) -> list[ArticlePair]:
    """Align two article lists (see the module docstring for the method)."""
    return _Aligner(list(old), list(new)).run()


def align_documents(old: LegalDocument, new: LegalDocument) -> list[ArticlePair]:
    """Align the articles of two trees; returns pairs in new-document order (deleted ones
    placed after their preceding old article's partner)."""
    return align_articles(old.articles, new.articles)


# --- helpers for consumers ----------------------------------------------------------------

def old_to_new(pairs: list[ArticlePair]) -> dict[str, list[str]]:
    """Old article id → the new article ids it became ([] if deleted). For carrying comments."""
    out: dict[str, list[str]] = {}
    for p in pairs:
        for o in p.old_ids:
            out[o] = list(p.new_ids)
    return out


def new_to_old(pairs: list[ArticlePair]) -> dict[str, list[str]]:
    """New article id → the old article ids it came from ([] if inserted)."""
    out: dict[str, list[str]] = {}
    for p in pairs:
        for n in p.new_ids:
            out[n] = list(p.old_ids)
    return out


def summary_counts(pairs: list[ArticlePair]) -> dict[str, int]:
    """Number of pairs per status (every status present, zeros included)."""
    counts = {s: 0 for s in STATUSES}
    for p in pairs:
        counts[p.status] += 1
    return counts
