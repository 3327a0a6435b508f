"""Documents (the regulation being made) and their immutable versions.

A document row holds the metadata and the current stage; each version is a frozen article
tree with a label (草案, 征求意见稿, 送审稿…), its parent version and the sha256 of its
normalised text. Versions are never updated (a trigger refuses it). Every change is written
together with its audit event in one transaction.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Migrations

from base import audit
from base.db import transaction
from base.errors import GateBlocked, InputError, IntegrityError, NotFound, StaleWrite, render
from lawtext.model import LEVELS, LegalDocument, checked_level_code
from lawtext.normalize import clean_field, clean_multiline, clean_tree
from lawtext.writer import content_hash
from workbench.access.permissions import require
from lawtext.files import read_bytes

INTERNAL_LABEL = "内部稿"  # version label that never leaves the drafting side

MIGRATIONS = Migrations("workbench.documents")  # stored name: never rename

VERSION_LABELS = ["内部稿", "草案", "征求意见稿", "送审稿", "审议稿", "修改稿", "表决稿", "公布稿"]
INITIAL_STAGE = "起草"
# From 公布 on (and in the end states) the text is the one in force: it changes only through a
# 修改 project, which drafts the amendment as a new document (workbench.procedure.plan.start_revision).
# workbench.procedure.stages checks that this set is the stages it ranks at or after 公布.
FROZEN_STAGES = frozenset({"公布", "备案", "评估/清理", "已被修改", "已废止", "已失效"})


@MIGRATIONS()
def m001_documents(db):
    db["documents"].create({
        "id": int, "title": str, "level": str, "issuing_body": str, "stage": str,
        "created_at": str, "created_by": str, "updated_at": str, "current_version_id": int,
        "row_version": int, "archived": int,
    }, pk="id", not_null={"title", "level", "stage"}, defaults={"row_version": 1, "archived": 0})
    db["versions"].create({
        "id": int, "document_id": int, "seq": int, "label": str, "parent_id": int, "sha256": str,
        "tree": str, "note": str, "created_at": str, "created_by": str, "source_name": str,
    }, pk="id", foreign_keys=[("document_id", "documents", "id")], not_null={"document_id", "tree", "sha256"})
    db["versions"].create_index(["document_id", "seq"], unique=True)
    db.execute("""CREATE TRIGGER versions_immutable BEFORE UPDATE ON versions
                  BEGIN SELECT RAISE(ABORT, '版本一经保存不可修改'); END""")
    db.execute("""CREATE TRIGGER versions_no_delete BEFORE DELETE ON versions
                  BEGIN SELECT RAISE(ABORT, '版本不可删除'); END""")


@MIGRATIONS()
def m002_origin(db):
    # "" for a document drafted here; ORIGIN_FILED for a text another organ filed with us for 备案审查
    # (workbench/filing): kept out of the drafting library, the stage funnel and the drafters' pickers
    db["documents"].add_column("origin", str, not_null_default="")


ORIGIN_FILED = "备案"


@dataclass
class Document:
    id: int
    title: str
    level: str
    issuing_body: str
    stage: str
    created_by: str
    created_at: str
    updated_at: str
    current_version_id: int | None
    row_version: int

    @property
    def level_name(self) -> str:
        return LEVELS.get(self.level, self.level)


@dataclass
class Version:
    id: int
    document_id: int
    seq: int
    label: str
    parent_id: int | None
    sha256: str
    note: str
    created_at: str
    created_by: str
    source_name: str
    tree_json: str

    @property
    def tree(self) -> LegalDocument:
        """The frozen article tree, re-checked against the stored sha256 on first use: a text
        changed behind the application raises IntegrityError instead of reaching a gate, a
        review or an export."""
        tree = LegalDocument.from_json(self.tree_json)
        if not getattr(self, "_verified", False):
            self._check(tree)
        return tree

    def verify(self) -> "Version":
        """This version, after re-hashing its stored text (IntegrityError if it was changed)."""
        if not getattr(self, "_verified", False):
            self._check(LegalDocument.from_json(self.tree_json))
        return self

    def _check(self, tree: LegalDocument) -> None:
        if content_hash(tree) != self.sha256:
            raise IntegrityError(code="integrity", seq=self.seq, id=self.id)
        self._verified = True

    @property
    def display(self) -> str:
        return f"v{self.seq} {self.label}"


def _doc(row: dict) -> Document:
    return Document(**{k: row[k] for k in Document.__dataclass_fields__})


def _ver(row: dict) -> Version:
    fields = {k: row.get(k) for k in Version.__dataclass_fields__ if k != "tree_json"}
    return Version(tree_json=row["tree"], **fields)


def create_document(db, *, title: str, level: str, tree: LegalDocument, actor: str, issuing_body: str = "",
                    label: str = "草案", note: str = "", source_name: str = "",
                    origin: str = "") -> tuple[Document, Version]:
    """Store a new document with its first version (one transaction, audited). ``origin``:
    "" (drafted here) or :data:`ORIGIN_FILED` (a text filed by another organ)."""
    title = clean_field(title or tree.title)
    if not title:
        raise InputError(code="documents.create_document")
    issuing_body = clean_field(issuing_body)
    level = checked_level_code(level)
    if not tree.title:
        tree.title = title
    ts = audit.now_iso()
    with transaction(db):
        doc_id = db["documents"].insert({
            "title": title, "level": level, "issuing_body": issuing_body, "stage": INITIAL_STAGE,
            "created_at": ts, "created_by": actor, "updated_at": ts, "row_version": 1, "archived": 0,
            "origin": origin,
        }).last_pk
        audit.append(db, actor=actor, action="document.create", document_id=doc_id,
                     detail={"title": title, "level": level})
        version = _insert_version(db, doc_id, tree, label=label, actor=actor, parent_id=None, note=note,
                                  source_name=source_name)
    return get_document(db, doc_id), version


def _insert_version(db, doc_id: int, tree: LegalDocument, *, label: str, actor: str, parent_id: int | None,
                    note: str, source_name: str) -> Version:
    label = clean_field(label) or "草案"
    note, source_name, tree = clean_multiline(note), clean_field(source_name), clean_tree(tree)
    seq = db.execute("select coalesce(max(seq), 0) + 1 from versions where document_id = ?", [doc_id]).fetchone()[0]
    before = None
    if parent_id:
        before = db.execute("select sha256 from versions where id = ?", [parent_id]).fetchone()[0]
    sha = content_hash(tree)
    ts = audit.now_iso()
    vid = db["versions"].insert({
        "document_id": doc_id, "seq": seq, "label": label, "parent_id": parent_id, "sha256": sha,
        "tree": tree.to_json(), "note": note, "created_at": ts, "created_by": actor, "source_name": source_name,
    }).last_pk
    db.execute("update documents set current_version_id = ?, updated_at = ?, row_version = row_version + 1 "
               "where id = ?", [vid, ts, doc_id])
    audit.append(db, actor=actor, action="version.create", document_id=doc_id, version_id=vid,
                 before_hash=before, after_hash=sha, detail={"label": label, "seq": seq, "note": note})
    return get_version(db, vid)


def add_version(db, doc_id: int, tree: LegalDocument, *, label: str, actor: str, note: str = "",
                source_name: str = "", expected_parent_id: int | None = None) -> Version:
    """Freeze a new version on top of the current one.

    ``expected_parent_id`` gives optimistic concurrency: if another version was saved since the
    caller loaded ``expected_parent_id``, :class:`StaleWrite` is raised and nothing is stored.
    """
    with transaction(db):
        doc = get_document(db, doc_id)
        require_editable(doc)
        if expected_parent_id is not None and doc.current_version_id != expected_parent_id:
            raise StaleWrite(code="documents.add_version", kept=tree, current=doc.current_version_id)
        return _insert_version(db, doc_id, tree, label=label, actor=actor, parent_id=doc.current_version_id,
                               note=note, source_name=source_name)


def frozen_reason(doc: Document) -> str:
    """Why ``doc``'s text may not be changed in place ("" when it may: not FROZEN_STAGES)."""
    if doc.stage not in FROZEN_STAGES:
        return ""
    return render("published", {"title": doc.title, "stage": doc.stage})


def require_editable(doc: Document) -> None:
    """GateBlocked (code ``published``) when ``doc``'s text is frozen."""
    if doc.stage in FROZEN_STAGES:
        raise GateBlocked(code="published", title=doc.title, stage=doc.stage)


def get_document(db, doc_id: int) -> Document:
    row = next(db.query("select * from documents where id = ?", [doc_id]), None)
    if not row:
        raise NotFound(code="documents.get_document", doc_id=doc_id)
    return _doc(row)


def list_documents(db, *, level: str | None = None, stage: str | None = None) -> list[Document]:
    """The drafting side's documents (texts filed for 备案审查 are listed by workbench.filing)."""
    sql, params = "select * from documents where archived = 0 and origin = ''", []
    if level:
        sql += " and level = ?"
        params.append(checked_level_code(level))
    if stage:
        sql += " and stage = ?"
        params.append(stage)
    return [_doc(r) for r in db.query(sql + " order by updated_at desc, id desc", params)]


def find_document(db, key: str) -> Document:
    """By id or exact title (CLI convenience)."""
    if str(key).isdigit():
        return get_document(db, int(key))
    row = next(db.query("select * from documents where title = ? order by id desc", [key]), None)
    if not row:
        raise NotFound(code="documents.find_document", key=key)
    return _doc(row)


def get_version(db, version_id: int) -> Version:
    row = next(db.query("select * from versions where id = ?", [version_id]), None)
    if not row:
        raise NotFound(code="documents.get_version", version_id=version_id)
    return _ver(row)


def list_versions(db, doc_id: int) -> list[Version]:
    return [_ver(r) for r in db.query("select * from versions where document_id = ? order by seq", [doc_id])]


def document_authors(db, doc_id: int) -> set[str]:
    """Everyone who wrote the document: its creator, every version's author and everyone who
    edited its working copy (four eyes: none of them may sign its legality review)."""
    rows = db.execute(
        "select created_by from documents where id = ? union select created_by from versions where document_id = ? "
        "union select actor from audit_log where document_id = ? and (action like 'working_copy.%' "
        "or action in ('document.create', 'version.create'))", [doc_id, doc_id, doc_id]).fetchall()
    return {r[0] for r in rows if r[0]}


def current_version(db, doc_id: int) -> Version:
    doc = get_document(db, doc_id)
    if not doc.current_version_id:
        raise NotFound(code="documents.current_version", title=doc.title)
    return get_version(db, doc.current_version_id)


def set_stage(db, doc_id: int, stage: str, *, actor: str, expected_row_version: int | None = None,
              detail: dict | None = None) -> Document:
    """Low-level stage change (the lifecycle module checks gates before calling this)."""
    with transaction(db):
        doc = get_document(db, doc_id)
        if expected_row_version is not None and doc.row_version != expected_row_version:
            raise StaleWrite(code="documents.set_stage")
        db.execute("update documents set stage = ?, updated_at = ?, row_version = row_version + 1 where id = ?",
                   [stage, audit.now_iso(), doc_id])
        sha = None
        if doc.current_version_id:
            sha = db.execute("select sha256 from versions where id = ?", [doc.current_version_id]).fetchone()[0]
        # before/after hash: the text the stage change applies to (a stage change never alters it)
        audit.append(db, actor=actor, action="document.stage", document_id=doc_id,
                     version_id=doc.current_version_id, before_hash=sha, after_hash=sha,
                     detail={"from": doc.stage, "to": stage, **(detail or {})})
    return get_document(db, doc_id)


# --- Permission-checked entry points (what the app pages call) --------------------------------

def documents_for(db, user, *, level: str | None = None, stage: str | None = None) -> list[Document]:
    """The document list a user may browse (文档库)."""
    require(user, "document.view")
    return list_documents(db, level=level, stage=stage)


def open_document(db, user, doc_id: int) -> tuple[Document, list[Version]]:
    """A document with its versions, oldest first (文档 page)."""
    require(user, "document.view")
    return get_document(db, doc_id), list_versions(db, doc_id)


def stages_in_use(db) -> list[str]:
    return [r[0] for r in db.execute("select distinct stage from documents where archived = 0 order by stage")]


def import_document(db, user, tree: LegalDocument, *, title: str, level: str, issuing_body: str = "",
                    label: str = "草案", note: str = "", source_name: str = "") -> tuple[Document, Version]:
    """Store an already parsed (and previewed) tree as a new document (导入 page)."""
    require(user, "document.create")
    return create_document(db, title=title, level=level, tree=tree, actor=user.username,
                           issuing_body=issuing_body, label=label, note=note, source_name=source_name)


def upload_version(db, user, doc_id: int, data: bytes, filename: str, *, label: str, note: str = "",
                   expected_parent_id: int | None = None) -> Version:
    """Parse an uploaded .docx/.md/.txt and freeze it as the document's new version.

    Bad files raise InputError before anything is written; StaleWrite if someone saved meanwhile.
    """
    require(user, "version.create")
    get_document(db, doc_id)
    tree = read_bytes(data, filename)
    return add_version(db, doc_id, tree, label=label, actor=user.username, note=note, source_name=filename,
                       expected_parent_id=expected_parent_id)


def version_summaries(db, doc_ids: list[int]) -> dict[int, str]:
    """doc id → "v2 送审稿" for the current versions, in one query (library table)."""
    if not doc_ids:
        return {}
    marks = ",".join("?" * len(doc_ids))
    rows = db.execute(f"select d.id, v.seq, v.label from documents d join versions v on v.id = d.current_version_id "
                      f"where d.id in ({marks})", list(doc_ids)).fetchall()
    return {doc_id: f"v{seq} {label}" for doc_id, seq, label in rows}


def split_title_label(title: str) -> tuple[str, str | None]:
    """'示例市养犬管理办法（征求意见稿）' → ('示例市养犬管理办法', '征求意见稿'); no known label → (title, None)."""
    t = (title or "").strip()
    for label in VERSION_LABELS:
        for left, right in (("（", "）"), ("(", ")")):
            suffix = f"{left}{label}{right}"
            if t.endswith(suffix) and len(t) > len(suffix):
                return t[: -len(suffix)].strip(), label
    return t, None


def version_numbers(db, version_ids) -> dict[int, int]:
    """version id → its sequence number in its document (v1, v2 …), for the given ids."""
    ids = sorted(set(version_ids))
    if not ids:
        return {}
    return dict(db.execute(f"select id, seq from versions where id in ({','.join('?' * len(ids))})", ids).fetchall())
