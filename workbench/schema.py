"""The workbench database: every aggregate's migration set, in the order they are applied.

Adding a table: declare ``MIGRATIONS = Migrations("workbench.<name>")`` in the aggregate's store
module, add a ``@MIGRATIONS()`` function, and list the set here (later sets may reference
earlier tables). Registered by import, so a renamed module fails at import, not at run time.
"""
from __future__ import annotations

import sqlite_utils

from base import audit
from base.db import connect, default_db_path
from workbench import letters
from workbench.access import sessions, throttle, users
from workbench.consultation import comments, consultations
from workbench.documents import store as documents, working_copy
from workbench.procedure import dossier_facts, lifecycle, plan
from workbench.review import store as review
from workbench.filing import batch as filing_batches, campaigns as filing_campaigns, organs as filing_organs, requests as filing_requests, store as filings

MIGRATION_SETS = [
    users.MIGRATIONS,
    throttle.MIGRATIONS,
    documents.MIGRATIONS,
    audit.MIGRATIONS,
    review.MIGRATIONS,
    consultations.MIGRATIONS,
    comments.MIGRATIONS,
    working_copy.MIGRATIONS,
    lifecycle.MIGRATIONS,
    plan.MIGRATIONS,
    dossier_facts.MIGRATIONS,
    sessions.MIGRATIONS,
    letters.MIGRATIONS,
    filing_organs.MIGRATIONS,
    filings.MIGRATIONS,
    filing_batches.MIGRATIONS,
    filing_requests.MIGRATIONS,
    filing_campaigns.MIGRATIONS,
]


def open_db(path: str | None = None) -> sqlite_utils.Database:
    """Open (and on first use in this process, migrate) the workbench database at ``path``
    (default $WORKBENCH_DB, else data/workbench.db). A new connection each call: Streamlit reruns
    on other threads, and SQLite connections must not cross threads."""
    return connect(path or default_db_path(), MIGRATION_SETS)
