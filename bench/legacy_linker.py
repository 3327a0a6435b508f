"""The upper-law linker as it was before the link set was fixed (issue 16): the baseline that
bench/bench_conformity.py measures in the same run as checks.upper_link.Linker. Frozen copy of
its candidate search, similarity and decision; not used by the workbench."""
from __future__ import annotations

import numpy as np

from checks.upper_link import BASIS_BONUS, LINK_MIN, MARGIN, SURE_MIN, Link, Linker, UpperClause, _upper_clauses
from checks.provision_facts import ProvisionFacts

CANDIDATE_UNITS = 40


class LegacyLinker(Linker):
    def _search(self, conduct: str, allowed: np.ndarray, rows: int = 12) -> list[int]:
        """Article rows whose units contain the conduct's rare bigrams best (idf-weighted)."""
        pos, _ = self.index.gram_positions(conduct)
        if not len(pos) or not len(allowed):
            return []
        offs = self.index.offsets
        lens = (offs[pos + 1] - offs[pos]).astype(np.int64)
        score = np.bincount(self.index.postings_of(pos), weights=np.repeat(self.idf[pos], lens),
                            minlength=self.index.n_units)[allowed]
        top = allowed[np.argsort(-score, kind="stable")[:CANDIDATE_UNITS]]
        found = dict.fromkeys(self.index.unit_art[top].tolist())
        return list(found)[:rows]

    def _grams(self, text: str) -> np.ndarray:
        return np.unique(self.index.gram_positions(text)[0])

    def weighted_similarity(self, conduct: str, up_conduct: str, up_text: str) -> float:
        """idf-weighted bigram cosine of the two conducts, blended with how much of the draft
        conduct's rare bigrams the whole upper clause contains (wording differs between levels)."""
        a = self._grams(conduct)
        if not len(a):
            return 0.0
        wa = self.idf[a].sum()
        b = self._grams(up_conduct)
        cos = self.idf[np.intersect1d(a, b, assume_unique=True)].sum() / np.sqrt(wa * max(self.idf[b].sum(), 1e-9))
        cover = self.idf[np.intersect1d(a, self._grams(up_text), assume_unique=True)].sum() / wa
        return float(0.6 * cos + 0.4 * cover)

    def _clauses_of_row(self, row: int, how: str, conduct: str) -> list[UpperClause]:
        ix = self.index
        p = int(ix.art_doc[row])
        d = ix.docs
        out = []
        for where, text, f, up_conduct in _upper_clauses(self.handle, int(d.ids[p]), ix.labels[row]):
            if not f.sets_something:
                continue
            out.append(UpperClause(int(d.ids[p]), d.titles[p], d.levels[p], d.dates[p], d.paths[p], ix.labels[row],
                                   where, text, f, self.weighted_similarity(conduct, up_conduct, text), how))
        return out

    def _governing(self, facts: ProvisionFacts, conduct: str) -> Link:
        cited = self._cited(facts.text)
        if cited:
            cands = [c for r, _ in cited for c in self._clauses_of_row(r, "cited", conduct)]
            cands.sort(key=lambda c: -c.similarity)
            return Link(cands[0] if cands else None, tuple(cands[:3]), bool(cands))
        if len(conduct) < 4:
            return Link(None, (), False)
        cands: list[UpperClause] = []
        if self.basis_docs:
            units = self.upper_units[np.isin(self.index.art_doc[self.index.unit_art[self.upper_units]], self.basis_docs)]
            for r in self._search(conduct, units, rows=30):
                cands += self._clauses_of_row(r, "basis", conduct)
        if not any(c.similarity >= SURE_MIN for c in cands):
            for r in self._search(conduct, self.upper_units):
                cands += self._clauses_of_row(r, "search", conduct)
        return self._decide(cands)

    @staticmethod
    @staticmethod
    def _decide(cands: list[UpperClause]) -> Link:
        best_per_article: dict[tuple[int, str], UpperClause] = {}
        for c in cands:
            k = (c.doc_id, c.article)
            if c.similarity >= LINK_MIN and (k not in best_per_article or c.similarity > best_per_article[k].similarity):
                best_per_article[k] = c
        def rank(c: UpperClause) -> float:
            return c.similarity + (BASIS_BONUS if c.how == "basis" else 0.0)
        ranked = sorted(best_per_article.values(), key=lambda c: -rank(c))
        if not ranked:
            return Link(None, (), False)
        best = ranked[0]
        # another article of the same law on a similar conduct makes the link uncertain; another
        # law on the same conduct does not (the draft must stay within each upper law)
        runner = max((rank(c) for c in ranked[1:] if c.doc_id == best.doc_id), default=0.0)
        sure = best.similarity >= SURE_MIN and rank(best) - runner >= MARGIN
        return Link(best, tuple(ranked[:3]), sure)
