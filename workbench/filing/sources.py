"""Where a batch of filings comes from: a folder or a .zip, optionally with a manifest (.csv) of metadata.

Layout: each sub-folder is one filing (its files are the materials: 备案报告, 正式文本, 起草说明,
合法性审核意见, recognised by file name); each file at the top is one filing with only its 正式文本.
The manifest (``manifest.csv`` / ``清单.csv``, UTF-8 or GBK) has one row per filing, keyed by the
folder or file name in column 文件; the other columns (报备单位, 标题, 文号, 层级, 公布日期, 施行日期,
报备日期) are optional — what is missing is inferred from the text.

A folder on the server may be named on the 备案登记 page only inside the intake root
(``$WORKBENCH_FILING_INTAKE_ROOT``; unset: the option is not offered), see :func:`server_source`;
the CLI takes any folder the operator can read. Folders are read under the same limits as zips.

Zips go through the one upload guard (lawtext.upload_guard.unzip_bounded): members measured while
decompressing (never trusting declared sizes), at most :data:`MAX_MEMBERS` members, each within
the upload limit and :data:`MAX_TOTAL_BYTES` in all; paths leaving the archive (``..``, absolute),
duplicate names, unknown compression methods and corrupt archives are refused.
"""
from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from base.errors import InputError
from lawtext.files import decode_text, max_upload_bytes
from lawtext.upload_guard import ZipLimits, unzip_bounded
from workbench.filing.materials import MATERIAL_SUFFIXES

MANIFEST_NAMES = ("manifest.csv", "清单.csv", "报备清单.csv")
MANIFEST_COLUMNS = {"文件": "file", "报备单位": "organ", "标题": "title", "文号": "doc_number", "层级": "level",
                    "公布日期": "published_on", "施行日期": "effective_on", "报备日期": "filed_on"}
MAX_MEMBERS = 5000
MAX_TOTAL_BYTES = 160 * 1024 * 1024     # inflated, held in memory while the batch is read
_GUARD_CODES = {"zip_bomb": "filing.too_big", "zip_members": "filing.too_many"}


@dataclass
class Unit:
    """One filing of the batch: its name (folder or file), its files, its manifest row."""
    name: str
    files: list[tuple[str, bytes]] = field(default_factory=list)
    row: dict = field(default_factory=dict)


def _skip(parts: tuple[str, ...]) -> bool:
    return any(p.startswith((".", "__MACOSX")) for p in parts)


def _read_manifest(data: bytes) -> dict[str, dict]:
    text = decode_text(data, "manifest.csv")
    reader = csv.DictReader(io.StringIO(text))
    unknown = [c for c in (reader.fieldnames or []) if c and c.strip() not in MANIFEST_COLUMNS]
    if unknown:
        raise InputError(code="filing.manifest_columns", unknown='、'.join(unknown),
            manifest_columns='、'.join(MANIFEST_COLUMNS))
    if "文件" not in [c.strip() for c in reader.fieldnames or []]:
        raise InputError(code="filing.manifest_no_file")
    rows = {}
    for row in reader:
        r = {MANIFEST_COLUMNS[k.strip()]: (v or "").strip() for k, v in row.items() if k}
        if r.get("file"):
            rows[r["file"]] = r
    return rows


def _group(entries: list[tuple[tuple[str, ...], bytes]]) -> list[Unit]:
    """(path parts, bytes) → units, with the manifest applied; files of other types are ignored."""
    manifest: dict[str, dict] = {}
    units: dict[str, Unit] = {}
    for parts, data in entries:
        if len(parts) == 1 and parts[0].lower() in MANIFEST_NAMES:
            manifest = _read_manifest(data)
            continue
        if Path(parts[-1]).suffix.lower() not in MATERIAL_SUFFIXES:
            continue
        key = parts[0]
        units.setdefault(key, Unit(key)).files.append((parts[-1], data))
    for name, unit in units.items():
        unit.row = manifest.get(name) or manifest.get(Path(name).stem) or {}
    return [units[k] for k in sorted(units)]


def read_folder(path: str | Path) -> list[Unit]:
    root = Path(path)
    if not root.is_dir():
        raise InputError(code="filing.no_folder", root=root)
    entries, total, real = [], 0, root.resolve()
    for p in sorted(root.rglob("*")):
        if not p.is_file() or p.is_symlink() or not p.resolve().is_relative_to(real):   # nothing through links
            continue
        parts = p.relative_to(root).parts
        if _skip(parts) or len(parts) > 2:
            continue
        size = p.stat().st_size
        total += size
        if len(entries) >= MAX_MEMBERS:
            raise InputError(code="filing.folder_too_many", name=root.name, limit=MAX_MEMBERS)
        if size > max_upload_bytes() or total > MAX_TOTAL_BYTES:
            raise InputError(code="filing.file_too_big", name=p.name, max_upload_bytes=max_upload_bytes() // 1048576)
        entries.append((parts, p.read_bytes()))
    return _group(entries)


def _unzip(data: bytes, name: str) -> dict[str, bytes]:
    """The members of a batch zip through the upload guard, its refusals under the filing codes."""
    limits = ZipLimits(members=MAX_MEMBERS, member_bytes=max_upload_bytes(), xml_bytes=MAX_TOTAL_BYTES,
                       total_bytes=MAX_TOTAL_BYTES)
    try:
        return unzip_bounded(data, name, limits)
    except InputError as e:
        raise InputError(code=_GUARD_CODES.get(e.code, "filing.bad_zip"), name=name, reason=str(e)) from None


def read_zip(data: bytes, name: str = "报备文件.zip") -> list[Unit]:
    paths = []
    for member, blob in _unzip(data, name).items():
        path = PurePosixPath(member.replace("\\", "/"))
        if not member.endswith(("/", "\\")) and not _skip(path.parts):
            paths.append((path.parts, blob))
    if paths and len({p[0] for p, _ in paths}) == 1 and all(len(p) > 1 for p, _ in paths):
        paths = [(p[1:], b) for p, b in paths]   # a zip of one folder holding the filings
    entries = [(parts, blob) for parts, blob in paths if len(parts) <= 2]
    units = _group(entries)
    if not units:
        raise InputError(code="filing.empty_batch", name=name)
    return units


def read_source(path: str | Path) -> list[Unit]:
    """A folder or a .zip on disk."""
    p = Path(path)
    if p.is_dir():
        return read_folder(p)
    if p.is_file() and p.suffix.lower() == ".zip":
        return read_zip(p.read_bytes(), p.name)
    raise InputError(code="filing.not_a_source", p=p)


INTAKE_ROOT_ENV = "WORKBENCH_FILING_INTAKE_ROOT"


def intake_root() -> Path | None:
    """The server folder under which the page may read batches (``$WORKBENCH_FILING_INTAKE_ROOT``), or None."""
    value = os.environ.get(INTAKE_ROOT_ENV, "").strip()
    return Path(value).resolve() if value else None


def server_source(name: str) -> Path:
    """A folder (or .zip) named on the page, inside the intake root: relative to it, or absolute under
    it; ``..`` and symbolic links leading out of it are refused."""
    root = intake_root()
    if root is None or not root.is_dir():
        raise InputError(code="filing.no_intake_root")
    name = (name or "").strip()
    if not name:
        raise InputError(code="filing.intake_folder_missing")
    target = (root / name).resolve()
    if target != root and not target.is_relative_to(root):
        raise InputError(code="filing.outside_intake_root", root=root)
    if not (target.is_dir() or (target.is_file() and target.suffix.lower() == ".zip")):
        raise InputError(code="filing.no_source", source=name)
    return target
