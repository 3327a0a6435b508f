"""Import a folder of regulations into the corpus database.

Two layouts: the Markdown corpus of ../shared/corpus (``manifest.tsv`` gives title, level,
region, version date and the superseded_by chain), and any folder of .docx/.txt/.md files
(metadata inferred by :mod:`corpus.infer`). Every file goes through lawtext.files (the one
parser). A document is keyed by its path relative to the folder: an unchanged file (same sha256)
is skipped before parsing, a changed one replaces its previous content. Each document is written
in its own transaction; a file that cannot be read or parsed is reported by name and skipped.
Only regular files inside the folder are read (:func:`confined`: no absolute or ``..`` paths in
the manifest, no symbolic links), each through the upload guard (size from ``fstat`` before
reading, lawtext.upload_guard).
The repeal clauses of each text (「《…》同时废止」, corpus.titles) are stored with it, and after the
import every status is derived again (corpus.store.recompute_status): a new document can make an
older one 已废止.
"""
from __future__ import annotations

import csv
import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Callable

from base import audit
from base.db import transaction
from base.errors import InputError, WorkbenchError
from lawtext.files import SUPPORTED, read_bytes
from lawtext.upload_guard import read_file_limited
from lawtext.model import LegalDocument
from lawtext.writer import content_hash

from corpus import infer, abolished
from corpus.index import ensure_index
from corpus.store import bump, city_provinces, meta_set, pack_source, recompute_status, store_repeal_clauses

Progress = Callable[[int, int, str], None]
"""progress(done, total, current relative path)"""

_SKIP_NAMES = {"readme.md", "_index.md", "license.md", "changelog.md"}


@dataclass
class ImportReport:
    source: str
    files: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    articles: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    status_changes: int = 0
    seconds: float = 0.0
    index_seconds: float = 0.0
    index_rebuilt: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)

    def to_dict(self) -> dict:
        return {"source": self.source, "files": self.files, "added": self.added, "updated": self.updated,
                "unchanged": self.unchanged, "articles": self.articles, "status_changes": self.status_changes,
                "failed": [{"path": p, "error": e} for p, e in self.failed],
                "seconds": round(self.seconds, 2), "index_seconds": round(self.index_seconds, 2),
                "index_rebuilt": self.index_rebuilt}

    def summary(self) -> str:
        s = (f"共 {self.files} 个文件：新增 {self.added}，更新 {self.updated}，未变 {self.unchanged}，"
             f"失败 {len(self.failed)}；用时 {self.seconds:.1f} 秒")
        if self.index_rebuilt:
            s += f"（其中重建索引 {self.index_seconds:.1f} 秒）"
        return s


def read_manifest(src: Path) -> dict[str, dict]:
    path = src / "manifest.tsv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        return {row["path"]: row for row in csv.DictReader(f, delimiter="\t") if row.get("path")}


def confined(src: Path, rel: str) -> str | None:
    """Why ``rel`` may not be read from the import folder ``src`` (None: it may). A path must be
    relative, without ``..``, and lead to a regular file inside the folder through no symbolic
    link, so that a manifest or a link cannot make files outside the folder searchable."""
    pure = PurePosixPath(rel)
    if not rel or pure.is_absolute() or PureWindowsPath(rel).drive or ".." in pure.parts or "\\" in rel:
        return "路径不在导入文件夹内（不允许绝对路径或 ..），未导入"
    root = src.resolve()
    target = root.joinpath(*pure.parts)
    probe = root
    for part in pure.parts:
        probe = probe / part
        if probe.is_symlink():
            return "符号链接，未导入（只导入文件夹内的普通文件）"
    if target.resolve() != target or not target.is_relative_to(root):
        return "路径不在导入文件夹内，未导入"
    if not target.is_file():
        return "不是普通文件，未导入"
    return None


def list_files(src: Path, manifest: dict[str, dict]) -> tuple[list[str], list[tuple[str, str]]]:
    """(relative POSIX paths to import: the manifest's rows, then any other supported file;
    refused paths with the reason). Manifest rows whose file does not exist are ignored."""
    files: list[str] = []
    refused: list[tuple[str, str]] = []
    for rel in manifest:
        why = confined(src, rel)
        if why is None:
            files.append(rel)
        elif "不是普通文件" not in why:
            refused.append((rel, why))
    listed = set(files)
    for p in sorted(src.rglob("*")):
        rel = p.relative_to(src).as_posix()
        if rel in listed or p.suffix.lower() not in SUPPORTED or not (p.is_file() or p.is_symlink()):
            continue
        if p.name.lower() in _SKIP_NAMES or any(part.startswith((".", "~$")) for part in p.relative_to(src).parts):
            continue
        why = confined(src, rel)
        if why is None:
            files.append(rel)
        else:
            refused.append((rel, why))
    return files, refused


def import_folder(src: str | Path, db, *, progress: Progress | None = None, build_index: bool = True,
                  actor: str = "system") -> ImportReport:
    """Import every regulation file under ``src``; see the module docstring."""
    t0 = time.perf_counter()
    src = Path(src)
    if not src.is_dir():
        raise InputError(code="importer.import_folder", src=src)
    manifest = read_manifest(src)
    files, refused = list_files(src, manifest)
    report = ImportReport(source=str(src), files=len(files) + len(refused), failed=list(refused))
    known = dict(db.execute("select path, file_sha256 from corpus_docs"))
    cities = city_provinces(db)
    for i, rel in enumerate(files):
        if progress:
            progress(i, len(files), rel)
        try:
            data = read_file_limited(src / rel, rel, follow_symlinks=False)
        except InputError as e:
            report.failed.append((rel, str(e)))
            continue
        sha = hashlib.sha256(data).hexdigest()
        if known.get(rel) == sha:
            report.unchanged += 1
            continue
        try:
            doc = read_bytes(data, Path(rel).name)
            row = _metadata(doc, rel, manifest.get(rel), cities)
            n = _store(db, rel, str(src), data, sha, doc, row)
        except WorkbenchError as e:
            report.failed.append((rel, str(e)))
            continue
        except Exception as e:  # a parser bug must not stop a 3,000-file import
            report.failed.append((rel, f"解析失败：{type(e).__name__}: {e}"))
            continue
        report.articles += n
        if rel in known:
            report.updated += 1
        else:
            report.added += 1
            if row["tier"] in ("city", "county") and row["region"] not in ("", "全国"):
                cities.setdefault(row["locality"], row["region"])
    if progress:
        progress(len(files), len(files), "")
    with transaction(db):
        # every inferred title, not only this run's: a run killed before this step left its
        # documents stored but unlinked, and the next run skips them as unchanged
        link_versions(db, None)
        # every document: a new or changed text may repeal (or stop repealing) another title
        report.status_changes = recompute_status(db, actor=actor)
        if report.added or report.updated or report.status_changes:
            abolished.recompute(db)      # institutions and provisions later versions removed
        meta_set(db, "last_import", audit.now_iso())
        meta_set(db, "last_source", str(src))
        bump(db, content=False)
    if build_index:
        t1 = time.perf_counter()
        report.index_rebuilt = ensure_index(db)
        report.index_seconds = time.perf_counter() - t1 if report.index_rebuilt else 0.0
    report.seconds = time.perf_counter() - t0
    return report


def _metadata(doc: LegalDocument, rel: str, mrow: dict | None, cities: dict[str, str]) -> dict:
    name = Path(rel).name
    if mrow:
        title = mrow.get("title") or doc.title or infer.title_from_name(name)
        level = mrow.get("level") or "其他"
        loc, tier, _ = infer.locality(title, doc, level=level, city_provinces=cities)
        region = mrow.get("region") or ""
        area, body = infer.enactor(doc)
        return {"title": title, "level": level, "region": region, "locality": loc or region, "tier": tier,
                "issuing_body": f"{area}{body}" if area else "", "origin": "manifest",
                "version_date": mrow.get("version_date") or "", "superseded_by": mrow.get("superseded_by") or ""}
    inf = infer.infer(doc, name, city_provinces=cities)
    return {"title": inf.title, "level": inf.level, "region": inf.region, "locality": inf.locality,
            "tier": inf.tier, "issuing_body": inf.issuing_body, "origin": "inferred",
            "version_date": inf.version_date, "superseded_by": ""}


def _store(db, rel: str, source: str, data: bytes, sha: str, doc: LegalDocument, meta: dict) -> int:
    """Write one document and its articles in one transaction; returns the article count."""
    if not doc.title:
        doc.title = meta["title"]
    rows = [(i, a.id, a.label, " / ".join(a.path), paragraph_lines(a)) for i, a in enumerate(doc.articles)]
    record = {**meta, "path": rel, "source": source, "subtitle": doc.subtitle, "status": "现行",
              "file_sha256": sha, "content_hash": content_hash(doc), "articles": len(rows),
              "chars": sum(len(r[4]) - r[4].count("\n") for r in rows), "imported_at": audit.now_iso(),
              "source_name": Path(rel).name, "source_blob": pack_source(data)}
    with transaction(db):
        old = db.execute("select id, repealed from corpus_docs where path = ?", [rel]).fetchone()
        if old:
            doc_id = old[0]
            db.execute("delete from corpus_articles where doc_id = ?", [doc_id])
            cols = [k for k in record if k != "status"]
            db.execute(f"update corpus_docs set {', '.join(f'{k} = ?' for k in cols)} where id = ?",
                       [record[k] for k in cols] + [doc_id])
        else:
            doc_id = db["corpus_docs"].insert(record).last_pk
        db.conn.executemany(
            "insert into corpus_articles(doc_id, seq, art_id, label, heading, text) values (?, ?, ?, ?, ?, ?)",
            [(doc_id, *r) for r in rows])
        store_repeal_clauses(db, doc_id, doc)
        bump(db, content=True)
    return len(rows)


def paragraph_lines(article) -> str:
    """The article's 款, one per line (项 and 目 joined into their 款); without newlines it is
    exactly ``article.flat_text``. The index matches whole articles and single 款."""
    lines = ["".join(p.lines()) for p in article.paragraphs]
    return "\n".join(line.replace("\n", "") for line in lines if line)


def link_versions(db, titles: set[str] | None) -> None:
    """Chain inferred documents of the same title (and subtitle, level, locality) by version date:
    each points to the next newer one; undated files count as older than dated namesakes.
    Manifest documents keep the manifest's superseded_by. ``titles`` None: every inferred title."""
    if titles is not None and not titles:
        return
    sql = "select id, path, title, subtitle, level, locality, version_date from corpus_docs where origin = 'inferred'"
    params: list = []
    if titles is not None:
        sql += f" and title in ({','.join('?' * len(titles))})"
        params = sorted(titles)
    rows = db.execute(sql, params).fetchall()
    groups: dict[tuple, list] = {}
    for r in rows:
        groups.setdefault((r[2], r[3] or "", r[4], r[5] or ""), []).append(r)
    for members in groups.values():
        members.sort(key=lambda r: (r[6] or "", r[1]))
        for older, newer in zip(members, members[1:] + [None]):
            db.execute("update corpus_docs set superseded_by = ? where id = ?",
                       [newer[1] if newer else "", older[0]])
