"""Backup and restore of the workbench database (and, optionally, the corpus database).

:func:`backup` copies a database with SQLite's online backup API in one step: the copy is the
last committed state, consistent while the app and other processes keep writing (a plain file
copy of a WAL database loses what is still in the -wal file). The copy is written beside the
target as ``.part``, checked (``PRAGMA integrity_check``, then for the workbench database
workbench.integrity.verify_all: keyed audit chain, text hashes, sign-off bindings), synced and
renamed; a manifest ``OUT.json`` records its sha256, size, counts and the audit head.

:func:`restore` verifies a backup the same way *before* touching the target (and its sha256
against the manifest when there is one); only a backup that verifies replaces the target. The
current target is first saved as ``TARGET.before-restore-<time>.db``, then the backup is copied
into the target through the backup API (so connections of a running app see the restored
content, never half of it) and the result is verified again.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from base.audit_key import key_id, load_key
from base.errors import InputError, IntegrityError
from workbench.access.permissions import require
from workbench.integrity import verify_all

WORKBENCH_TABLES = {"users", "documents", "versions", "audit_log"}


@dataclass
class Checked:
    path: str
    kind: str                                # "workbench" | "corpus"
    ok: bool
    problems: list[str] = field(default_factory=list)
    facts: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"path": self.path, "kind": self.kind, "ok": self.ok, "problems": self.problems, **self.facts}


def _ro(path: Path) -> str:
    """A read-only SQLite URI for ``path`` (percent-encoded: any file name works)."""
    return path.resolve().as_uri() + "?mode=ro"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def check_file(path: str | os.PathLike, kind: str) -> Checked:
    """Open ``path`` read-only and verify it (see the module docstring); never raises for a bad file."""
    p = Path(path)
    if not p.is_file():
        return Checked(str(p), kind, False, [f"文件不存在：{p}"])
    try:
        conn = sqlite3.connect(_ro(p), uri=True)
        try:
            result = conn.execute("pragma integrity_check").fetchone()[0]
            tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        return Checked(str(p), kind, False, [f"不是可读的 SQLite 数据库：{e}"])
    if result != "ok":
        return Checked(str(p), kind, False, [f"数据库完整性检查失败：{result}"])
    if kind == "corpus":
        ok = "corpus_docs" in tables
        return Checked(str(p), kind, ok, [] if ok else ["不是法规库数据库（缺少 corpus_docs 表）"])
    if not WORKBENCH_TABLES <= tables:
        return Checked(str(p), kind, False, [f"不是工作台数据库（缺少 {'、'.join(sorted(WORKBENCH_TABLES - tables))} 表）"])
    return _check_workbench(p)


def _check_workbench(p: Path) -> Checked:
    db = sqlite_utils.Database(sqlite3.connect(_ro(p), uri=True))   # the copy is a rollback-journal file
    try:
        report = verify_all(db)
    finally:
        db.close()
    facts = {k: report[k] for k in ("events", "head_hash", "versions", "signed_reviews")}
    return Checked(str(p), "workbench", report["ok"], [f"{x['id']}：{x['message']}" for x in report["problems"]], facts)


def _copy(src: Path, dst: Path) -> None:
    """One-step online backup of ``src`` into a new file ``dst``."""
    source = sqlite3.connect(src, timeout=30)       # read only in effect; WAL needs a writable handle
    target = sqlite3.connect(dst)
    try:
        source.backup(target)          # pages=-1: the whole database under one read transaction
        target.execute("pragma journal_mode = delete")
        target.commit()
    finally:
        target.close()
        source.close()
    with dst.open("rb") as f:
        os.fsync(f.fileno())


def corpus_backup_path(out: Path) -> Path:
    """Where the corpus database of a backup ``out`` goes: ``名称.corpus.db`` beside it."""
    return out.with_name(f"{out.stem}.corpus{out.suffix or '.db'}")


def backup(db_path: str, out: str | os.PathLike, user, *, corpus_db: str | None = None) -> dict:
    """Back up ``db_path`` (and ``corpus_db``) to ``out``; needs ``system.backup``. Returns the
    manifest (also written to ``out`` + ``.json``); ``manifest["ok"]`` False means the copy was
    written but does not verify (the source itself is damaged: see its problems)."""
    require(user, "system.backup")
    out = Path(out)
    if out.exists():
        raise InputError(code="backup.backup", out=out)
    out.parent.mkdir(parents=True, exist_ok=True)
    jobs = [(Path(db_path), out, "workbench")]
    if corpus_db:
        jobs.append((Path(corpus_db), corpus_backup_path(out), "corpus"))
    files = []
    for src, dst, kind in jobs:
        if not src.is_file():
            raise InputError(code="backup.no_database", src=src)
        part = dst.with_name(dst.name + ".part")
        part.unlink(missing_ok=True)
        _copy(src, part)
        checked = check_file(part, kind)
        part.replace(dst)
        files.append({**checked.to_dict(), "path": str(dst), "source": str(src), "sha256": _sha256(dst),
                      "bytes": dst.stat().st_size})
    manifest = {"created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "by": user.username,
                "audit_key_id": key_id(load_key()), "ok": all(f["ok"] for f in files), "files": files}
    Path(str(out) + ".json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def _manifest(backup_file: Path) -> dict | None:
    m = Path(str(backup_file) + ".json")
    if not m.is_file():
        return None
    try:
        return json.loads(m.read_text(encoding="utf-8"))
    except ValueError:
        raise IntegrityError(code="backup.manifest", m=m) from None


def verify_backup(backup_file: str | os.PathLike, *, with_corpus: bool = False) -> list[Checked]:
    """Check a backup (and its corpus copy) before anything is replaced."""
    src = Path(backup_file)
    results = [check_file(src, "workbench")]
    if with_corpus:
        results.append(check_file(corpus_backup_path(src), "corpus"))
    manifest = _manifest(src) if src.is_file() else None
    if manifest:
        recorded = {Path(f["path"]).name: f["sha256"] for f in manifest.get("files", [])}
        for r in results:
            want = recorded.get(Path(r.path).name)
            if want and Path(r.path).is_file() and _sha256(Path(r.path)) != want:
                r.ok = False
                r.problems.append("文件的 sha256 与备份清单不符（备份文件被改动或损坏）")
    return results


def restore(backup_file: str | os.PathLike, db_path: str, user, *, corpus_db: str | None = None) -> dict:
    """Verify the backup, keep the current target aside, then copy the backup into the target."""
    require(user, "system.backup")
    checked = verify_backup(backup_file, with_corpus=corpus_db is not None)
    bad = [c for c in checked if not c.ok]
    if bad:
        raise IntegrityError(code="backup.unverified", problems="；".join(
            f"{c.path}：{'；'.join(c.problems)}" for c in bad))
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    saved, targets = [], [(Path(checked[0].path), Path(db_path), "workbench")]
    if corpus_db:
        targets.append((Path(checked[1].path), Path(corpus_db), "corpus"))
    for src, target, kind in targets:
        if target.is_file():
            aside = target.with_name(f"{target.stem}.before-restore-{stamp}{target.suffix or '.db'}")
            _copy(target, aside)
            saved.append(str(aside))
        _copy_into(src, target)
    after = [check_file(t, kind) for _, t, kind in targets]
    return {"restored": [c.to_dict() for c in after], "saved": saved, "ok": all(c.ok for c in after)}


def _copy_into(src: Path, target: Path) -> None:
    """Replace the content of ``target`` (which a running app may have open) with ``src``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(_ro(src), uri=True)
    dest = sqlite3.connect(target, timeout=30)
    try:
        source.backup(dest)
        dest.commit()
    finally:
        dest.close()
        source.close()
