"""What most commands start with: the database named by --db, the user named by --as, and a
document's version given by its sequence number."""
from __future__ import annotations
from pathlib import Path

from base.db import default_db_path
from workbench.schema import open_db
from base.errors import NotFound
from workbench.access.users import User, acting_account
from workbench.documents.store import current_version, list_versions


def open_database(args):
    """The workbench database of ``--db`` (default $WORKBENCH_DB, else data/workbench.db)."""
    return open_db(args.db)


def acting_user(db, args):
    """The ``--as`` user, resolved as a login resolves it (workbench.access.users.acting_account):
    an unknown or deactivated account is refused (PermissionDenied, exit 4). On a database with
    no users at all the operator acts as an administrator, so that ``user add`` can create the
    first account."""
    if not db.execute("select exists(select 1 from users)").fetchone()[0]:
        return User(id=0, username=args.actor, display_name="命令行管理员", role="admin")
    return acting_account(db, args.actor)


def acting_user_for_files(args):
    """The ``--as`` user for a command on local files only: resolved in the database like
    :func:`acting_user` when the database exists; when it does not exist there are no users yet
    (bootstrap, as on an empty database) and no database file is created for it."""
    path = Path(args.db or default_db_path())
    if not path.exists():
        return User(id=0, username=args.actor, display_name="命令行管理员", role="admin")
    db = open_database(args)
    try:
        return acting_user(db, args)
    finally:
        db.close()


def open_as(args):
    """(db, user): the database and the acting ``--as`` user (see :func:`acting_user`)."""
    db = open_database(args)
    return db, acting_user(db, args)


def document_version(db, doc, seq: int | None = None):
    """Version number ``seq`` (v1, v2 …) of ``doc``, or its current version when ``seq`` is None."""
    if seq is None:
        return current_version(db, doc.id)
    found = next((v for v in list_versions(db, doc.id) if v.seq == seq), None)
    if found is None:
        raise NotFound(code="cli.common.document_version", title=doc.title, seq=seq)
    return found
