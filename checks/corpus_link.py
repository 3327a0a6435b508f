"""The rules' view of the corpus: resolve a cited title to a corpus document and read an article
of an upper law.

Works straight from a corpus folder in the layout of ../shared/corpus (manifest.tsv + Markdown
files), so the checks need no import step; the corpus/ package's database is not required.

- titles resolve exactly, after normalising spaces and brackets, or by the short national name
  (《行政处罚法》 → 中华人民共和国行政处罚法);
- a title whose newest file carries ``superseded_by`` resolves to the newest one (same title);
- a title repealed by another in-force document (its 附则 says 《…》同时废止) resolves to that
  document, found by scanning the corpus once;
- laws are parsed with workbench.parser on demand and cached.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

NATIONAL_PREFIX = "中华人民共和国"
_REPEAL_RE = re.compile(r"((?:《[^《》]{2,80}》[、和及，,]?)+)(?:同时|即行|予以)?废止")
_TITLE_IN = re.compile(r"《([^《》]{2,80})》")


def normalise_title(title: str) -> str:
    t = re.sub(r"\s+", "", title or "")
    t = t.replace("(", "（").replace(")", "）").replace("〈", "《").replace("〉", "》")
    t = re.sub(r"（\d{4}年?[^）]{0,8}(修正|修订|修改|公布|本)?）$", "", t)
    return t


@dataclass(frozen=True)
class Resolution:
    cited: str
    status: str            # current | superseded | repealed | short | unknown
    title: str = ""        # the current document's full title
    path: str = ""
    level: str = ""
    note: str = ""


class CorpusLink:
    def __init__(self, corpus_dir: str | Path):
        self.dir = Path(corpus_dir)
        manifest = self.dir / "manifest.tsv"
        if not manifest.is_file():
            from workbench.errors import InputError
            raise InputError(f"法规库目录中没有 manifest.tsv：{self.dir}")
        with manifest.open(encoding="utf-8") as f:
            self.rows = list(csv.DictReader(f, delimiter="\t"))
        self.by_path = {r["path"]: r for r in self.rows}
        self.by_title: dict[str, list[dict]] = {}
        for r in self.rows:
            self.by_title.setdefault(normalise_title(r["title"]), []).append(r)
        self.by_short: dict[str, str] = {}
        for t in self.by_title:
            if t.startswith(NATIONAL_PREFIX) and len(t) > len(NATIONAL_PREFIX) + 1:
                self.by_short.setdefault(t[len(NATIONAL_PREFIX):], t)
        self._repeals: dict[str, str] | None = None
        self._trees: dict[str, object] = {}

    # --- titles ------------------------------------------------------------------------------
    def current_row(self, title: str) -> dict | None:
        rows = self.by_title.get(normalise_title(title))
        if not rows:
            return None
        row = rows[0]
        seen = set()
        while row.get("superseded_by") and row["path"] not in seen:
            seen.add(row["path"])
            row = self.by_path.get(row["superseded_by"], row)
        # when several rows share a title without a chain (two folders), prefer the newest date
        cur = [r for r in rows if not r.get("superseded_by")]
        if cur:
            row = max(cur, key=lambda r: r.get("version_date") or "")
        return row

    def repeals(self) -> dict[str, str]:
        """Repealed title → path of the in-force document that repealed it."""
        if self._repeals is None:
            out: dict[str, str] = {}
            for r in self.rows:
                if r.get("superseded_by"):
                    continue
                try:
                    text = (self.dir / r["path"]).read_text(encoding="utf-8")
                except OSError:
                    continue
                if "废止" not in text:
                    continue
                own = normalise_title(r["title"])
                for m in _REPEAL_RE.finditer(text):
                    for t in _TITLE_IN.findall(m.group(1)):
                        nt = normalise_title(t)
                        if nt != own:
                            out.setdefault(nt, r["path"])
            self._repeals = out
        return self._repeals

    def resolve(self, cited: str) -> Resolution:
        t = normalise_title(cited)
        repealed_by = self.repeals().get(t)
        row = self.current_row(t)
        if row is None and t in self.by_short:
            full = self.by_short[t]
            row = self.current_row(full)
            return Resolution(cited, "short", row["title"], row["path"], row["level"],
                              note=f"应使用全称《{row['title']}》")
        if repealed_by and (row is None or normalise_title(self.by_path[repealed_by]["title"]) != t):
            rep = self.by_path[repealed_by]
            newer = row and row.get("version_date", "") > rep.get("version_date", "")
            if not newer:
                return Resolution(cited, "repealed", rep["title"], rep["path"], rep["level"],
                                  note=f"已被《{rep['title']}》废止")
        if row is None:
            return Resolution(cited, "unknown", note=self.suggest(t))
        rows = self.by_title.get(t, [])
        status = "current"
        return Resolution(cited, status, row["title"], row["path"], row["level"],
                          note=f"现行版本 {row.get('version_date') or '（无日期）'}" if len(rows) > 1 else "")

    def suggest(self, title: str) -> str:
        from rapidfuzz import fuzz, process
        best = process.extractOne(title, list(self.by_title), scorer=fuzz.ratio, score_cutoff=85)
        return f"法规库中最接近的是《{best[0]}》" if best else ""

    # --- articles ----------------------------------------------------------------------------
    def tree(self, title: str):
        row = self.current_row(title)
        if row is None and normalise_title(title) in self.by_short:
            row = self.current_row(self.by_short[normalise_title(title)])
        if row is None:
            return None
        if row["path"] not in self._trees:
            from workbench.parser import parse_markdown
            self._trees[row["path"]] = parse_markdown((self.dir / row["path"]).read_text(encoding="utf-8"))
        return self._trees[row["path"]]

    def article_text(self, title: str, number: int) -> str | None:
        doc = self.tree(title)
        if doc is None:
            return None
        for a in doc.articles:
            if a.number == number and not a.suffix:
                return a.flat_text
        return None


@lru_cache(maxsize=4)
def load_corpus(corpus_dir: str) -> CorpusLink:
    """One CorpusLink per corpus folder per process (read-only; never mutate it)."""
    return CorpusLink(corpus_dir)


def default_corpus_dir() -> Path | None:
    """$WORKBENCH_CORPUS, else ../shared/corpus next to the project, if it exists."""
    import os
    env = os.environ.get("WORKBENCH_CORPUS")
    p = Path(env) if env else Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
    return p if (p / "manifest.tsv").is_file() else None
