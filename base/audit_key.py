"""The secret key of the audit log, kept outside the database.

Path: ``$WORKBENCH_AUDIT_KEY`` if set, else ``data/audit.key`` in the project folder — one key per
installation, shared by every database of it (copies and restored backups verify on the same
installation; a database moved elsewhere needs its key moved too). The file is created on first
use with owner-only permissions (0600), atomically (two processes starting together end up with
the same key), and holds 32 random bytes as hex. Whoever holds the database but not this file
can neither rewrite the log undetected nor forge its checkpoint; keep the key out of the
database's folder and out of database backups (docs/security.md).
"""
from __future__ import annotations

import hashlib
import os
import secrets
import stat
import threading
from pathlib import Path

from base.db import PROJECT_ROOT
from base.errors import WorkbenchError

_cache: dict[str, bytes] = {}
_lock = threading.Lock()


class AuditKeyError(WorkbenchError):
    """The key file is missing (when it must not be created) or unreadable."""
    exit_code = 7
    default_code = "audit_key"


def key_path() -> Path:
    raw = os.environ.get("WORKBENCH_AUDIT_KEY", "").strip()
    return Path(raw) if raw else PROJECT_ROOT / "data" / "audit.key"


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, (secrets.token_hex(32) + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)          # atomic: fails if another process created the key meanwhile
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)


def load_key(*, create: bool = True) -> bytes:
    """The key (32 bytes). ``create``: make the file if it does not exist; otherwise a missing
    key is an AuditKeyError (verification must not invent a new key)."""
    path = key_path()
    cached = _cache.get(str(path))
    if cached is not None:
        return cached
    with _lock:
        if not path.exists():
            if not create:
                raise AuditKeyError(code="audit_key.missing", path=path)
            _create(path)
        try:
            if stat.S_IMODE(path.stat().st_mode) & 0o077:
                os.chmod(path, 0o600)   # owner only, whatever a copy left behind
            key = bytes.fromhex(path.read_text(encoding="ascii").strip())
        except (OSError, ValueError) as e:
            raise AuditKeyError(code="audit_key.unreadable", path=path, e=e) from None
        if len(key) < 16:
            raise AuditKeyError(code="audit_key.invalid", path=path)
        _cache[str(path)] = key
        return key


def key_id(key: bytes) -> str:
    """A short public fingerprint of the key (which key signed a log), never the key itself."""
    return hashlib.sha256(b"workbench-audit-key-id|" + key).hexdigest()[:12]


def forget_cached_keys() -> None:
    """For tests that switch $WORKBENCH_AUDIT_KEY within one process."""
    _cache.clear()
