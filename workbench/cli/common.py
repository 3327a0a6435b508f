"""What most commands start with: the database named by --db, the user named by --as, and a
document's version given by its sequence number."""
from __future__ import annotations


def open_database(args):
    """The workbench database of ``--db`` (default $WORKBENCH_DB, else data/workbench.db)."""
    from ..db import open_db
    return open_db(args.db)


def open_as(args):
    """(db, user): the database and the ``--as`` user (NotFound if there is no such user).

    workbench.cli.lifecycle has its own ``acting_user`` (bootstrap on an empty database, refuses
    deactivated accounts) for the user/plan/lifecycle commands.
    """
    from ..users import get_user
    db = open_database(args)
    return db, get_user(db, args.actor)


def document_version(db, doc, seq: int | None = None):
    """Version number ``seq`` (v1, v2 …) of ``doc``, or its current version when ``seq`` is None."""
    from ..documents import current_version, list_versions
    from ..errors import NotFound
    if seq is None:
        return current_version(db, doc.id)
    found = next((v for v in list_versions(db, doc.id) if v.seq == seq), None)
    if found is None:
        raise NotFound(f"版本不存在：文档《{doc.title}》没有第 {seq} 版")
    return found
