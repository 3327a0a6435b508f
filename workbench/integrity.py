"""Everything ``audit verify`` checks, beyond the keyed chain of base.audit:

- every version's stored text is re-hashed (lawtext.writer.content_hash) and must equal its
  sha256, and its ``version.create`` event (in the signed log) must record that sha256;
- every signed review must bind the sha256 of the version it reviewed, and its ``review.sign``
  event must exist with the same signer and hash — a review marked signed behind the application
  has no such event.

Problems are dicts ``{"id", "kind", "message"}``: ``kind`` is ``audit``, ``version`` or ``review``;
``id`` the audit row, version or review concerned.
"""
from __future__ import annotations

import json

from base.audit import verify as verify_chain
from lawtext.model import LegalDocument
from lawtext.writer import content_hash
from workbench.review.store import STATUS_SIGNED


def _events(db, action: str) -> list[dict]:
    return list(db.query("select actor, version_id, after_hash, detail from audit_log where action = ?", [action]))


def version_problems(db) -> list[dict]:
    created = {(e["version_id"], e["after_hash"]) for e in _events(db, "version.create")}
    out = []
    for vid, doc_id, seq, sha, tree_json in db.execute(
            "select id, document_id, seq, sha256, tree from versions order by id").fetchall():
        where = f"文档 {doc_id} 的 v{seq}（版本编号 {vid}）"
        try:
            actual = content_hash(LegalDocument.from_json(tree_json))
        except (ValueError, KeyError, TypeError):
            actual = None
        if actual != sha:
            out.append({"id": vid, "kind": "version", "message": f"{where}的文本与其 sha256 不符（文本在应用之外被修改）"})
        if (vid, sha) not in created:
            out.append({"id": vid, "kind": "version", "message": f"{where}在审计日志中没有对应的保存记录（版本在应用之外被写入）"})
    return out


def review_problems(db) -> list[dict]:
    if "reviews" not in db.table_names():
        return []
    signs = {}
    for e in _events(db, "review.sign"):
        try:
            rid = json.loads(e["detail"] or "{}").get("review_id")
        except ValueError:
            continue
        signs[rid] = (e["actor"], e["after_hash"])
    out = []
    for rid, signed_by, signed_sha, version_sha in db.execute(
            "select r.id, r.signed_by, r.signed_sha256, v.sha256 from reviews r left join versions v "
            "on v.id = r.version_id where r.signed_by is not null or r.signed_sha256 is not null "
            "or r.status = ? order by r.id", [STATUS_SIGNED]).fetchall():
        if signed_sha != version_sha:
            out.append({"id": rid, "kind": "review",
                        "message": f"审核 {rid} 的签署哈希与所审核版本的 sha256 不符（签署已不针对该文本）"})
        if signs.get(rid) != (signed_by, signed_sha):
            out.append({"id": rid, "kind": "review",
                        "message": f"审核 {rid} 的签署在审计日志中没有一致的签署记录（签署在应用之外被写入或改动）"})
    return out


def verify_all(db) -> dict:
    """The keyed audit chain, every version's text hash and every signed review's binding."""
    problems = [{"id": p.id, "kind": "audit", "message": p.message} for p in verify_chain(db)]
    problems += version_problems(db)
    problems += review_problems(db)
    n, head = db.execute("select count(*), (select hash from audit_log order by id desc limit 1) "
                         "from audit_log").fetchone()
    versions = db.execute("select count(*) from versions").fetchone()[0]
    signed = db.execute("select count(*) from reviews where status = ?", [STATUS_SIGNED]).fetchone()[0] \
        if "reviews" in db.table_names() else 0
    return {"ok": not problems, "events": n, "head_hash": head, "versions": versions, "signed_reviews": signed,
            "problems": problems}
