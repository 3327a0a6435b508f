"""The demo workspace a newcomer sees on first start: one user per role and the 示例市 drafts
in ``examples/`` stored as documents and versions.

Seeding is a list of steps (:data:`SEED_STEPS`); each step gets the shared :class:`DemoContext`
(the database, the users by role, the documents by key) and may add to it. Other modules append
their own steps (plan projects, consultations, comments, reviews) to the list, e.g.::

    from workbench.demo.workspace import SEED_STEPS, DemoContext

    def seed_consultation(ctx: DemoContext) -> None:
        dog = ctx.documents["dog"]                      # a documents.Document
        open_consultation(ctx.db, dog.id, actor=ctx.users["drafter"], ...)

    SEED_STEPS.append(("consultation", seed_consultation))

All steps run inside ONE transaction (nested transactions become savepoints), so a failing step
leaves the database untouched. Use the core functions, which append their audit events.
The workspace is created only in a pristine database (no users, no documents).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from base.db import PROJECT_ROOT, transaction
from workbench.demo.filing import seed_filing
from workbench.documents.store import Document, Version, add_version, create_document, get_document
from lawtext.files import read_path
from workbench.access.users import User, create_user
from workbench.demo import comments as demo_comments, lifecycle as demo_lifecycle

EXAMPLES_DIR = PROJECT_ROOT / "examples"

# (username, password, role, display name, organisation) — documented in README.md.
DEMO_USERS: list[tuple[str, str, str, str, str]] = [
    ("admin", "admin123", "admin", "王立新", "示例市司法局"),
    ("drafter", "drafter123", "drafter", "李明", "示例市公安局法制科"),
    ("advisor", "advisor123", "advisor", "赵律师", "示例律师事务所"),
    ("reviewer", "reviewer123", "reviewer", "陈审核", "示例市司法局立法处"),
    ("contact", "contact123", "contact", "周联络", "东城街道基层立法联系点"),
    ("filing", "filing123", "filing_reviewer", "孙备案", "示例市司法局备案审查处"),
    ("filer", "filer123", "filer", "吴报备", "示例市交通运输局法制科"),
]


@dataclass(frozen=True)
class DemoVersion:
    file: str          # under examples/
    label: str         # 征求意见稿, 送审稿 …
    note: str = ""


@dataclass(frozen=True)
class DemoDocument:
    key: str           # how seed steps refer to it: ctx.documents["dog"]
    title: str
    level: str         # LR / GR / ND
    issuing_body: str
    author: str        # username of the demo user who stores the versions
    versions: tuple[DemoVersion, ...]


DEMO_DOCUMENTS: list[DemoDocument] = [
    DemoDocument("dog", "示例市养犬管理办法", "GR", "示例市人民政府", "drafter", (
        DemoVersion("gr-dog-management-v1.md", "征求意见稿", "公安局起草，拟公开征求意见"),
        DemoVersion("gr-dog-management-v2.md", "送审稿", "根据征求意见情况修改：调整罚款数额，增设免疫点和宣传教育条款，"
                    "删除养犬管理服务费条款，用语含义移至总则"),
    )),
    DemoDocument("property", "示例市住宅小区物业服务管理实施细则", "ND", "示例市住房和城乡建设局", "drafter", (
        DemoVersion("nd-property-services.txt", "征求意见稿", "住房和城乡建设局起草"),
    )),
    DemoDocument("heritage", "示例市历史文化街区保护条例", "LR", "示例市人民代表大会常务委员会", "drafter", (
        DemoVersion("lr-heritage-districts.md", "草案", "市人民政府提请审议的草案"),
    )),
]


@dataclass
class DemoContext:
    db: object
    users: dict[str, User] = field(default_factory=dict)            # by role: admin, drafter, …
    documents: dict[str, Document] = field(default_factory=dict)    # by DemoDocument.key
    versions: dict[str, list[Version]] = field(default_factory=dict)  # by key, oldest first


def seed_users(ctx: DemoContext) -> None:
    for username, password, role, name, org in DEMO_USERS:
        ctx.users[role] = create_user(ctx.db, username, password, role, display_name=name, org=org,
                                      actor="system")


def seed_documents(ctx: DemoContext) -> None:
    for spec in DEMO_DOCUMENTS:
        first, *rest = spec.versions
        doc, v = create_document(ctx.db, title=spec.title, level=spec.level, tree=read_path(EXAMPLES_DIR / first.file),
                                 actor=spec.author, issuing_body=spec.issuing_body, label=first.label,
                                 note=first.note, source_name=first.file)
        versions = [v]
        for later in rest:
            versions.append(add_version(ctx.db, doc.id, read_path(EXAMPLES_DIR / later.file), label=later.label,
                                        actor=spec.author, note=later.note, source_name=later.file,
                                        expected_parent_id=versions[-1].id))
        ctx.documents[spec.key] = get_document(ctx.db, doc.id)
        ctx.versions[spec.key] = versions


SeedStep = Callable[[DemoContext], None]


def seed_consultations(ctx: DemoContext) -> None:
    """Contact points, consultations, comments and dispositions (workbench/demo/comments.py)."""
    demo_comments.seed_consultations(ctx)


def seed_lifecycle(ctx: DemoContext) -> None:
    """Stages, a published text, the year's legislative plan (workbench/demo/lifecycle.py)."""
    demo_lifecycle.seed_lifecycle(ctx)


# Append (name, step) pairs; they run in this order.
SEED_STEPS: list[tuple[str, SeedStep]] = [
    ("users", seed_users),
    ("documents", seed_documents),
    ("consultations", seed_consultations),
    ("lifecycle", seed_lifecycle),
    ("filing", seed_filing),
]


def is_pristine(db) -> bool:
    """True when the database has neither users nor documents (a first start)."""
    return not db.execute("select exists(select 1 from users) or exists(select 1 from documents)").fetchone()[0]


def ensure_demo_workspace(db) -> bool:
    """Create the demo workspace if the database is pristine; return whether it was created.

    Cheap when there is nothing to do (one query). Safe against two first requests racing:
    the check is repeated inside the write transaction.
    """
    if not is_pristine(db):
        return False
    with transaction(db):
        if not is_pristine(db):
            return False
        ctx = DemoContext(db)
        for _name, step in SEED_STEPS:
            step(ctx)
    return True
