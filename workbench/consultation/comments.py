"""Comments (意见) from 基层立法联系点 on a consultation, and their dispositions (处理结论).

A comment is anchored to one element of the consulted version (an article, 款, 项 or 目; or the
whole draft when ``element_id`` is empty) and keeps the quoted text of that element and the
article label, so it can follow its article into later versions (:mod:`workbench.consultation.anchoring`).

Comments are plain text; every place that renders them as HTML must escape them. Visibility is
enforced here: a contact-point user only ever gets its own point's comments from
:func:`list_comments` / :func:`get_comment` (asking for another point's is refused).

参与人次: ``participants`` is the number of people behind one comment. Items imported from
meeting minutes belong to a batch; if the batch records the meeting's attendance, that number is
counted once for the whole batch instead (see :mod:`workbench.consultation.stats`). A line that
mentions two articles is stored as one comment per article sharing a ``split_key``; the split
comments count once.

Why one module of ~430 lines: the comment aggregate — table, submit, dispose, list and the near-duplicate grouping the 意见处理 page needs — in one store module.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Migrations

from base import audit
from workbench.consultation.consultations import Consultation, get_consultation
from base.db import transaction
from lawtext.normalize import clean_multiline
from workbench.documents.store import get_version
from base.errors import GateBlocked, InputError, NotFound, PermissionDenied
from lawtext.model import Article, LegalDocument
from workbench.access.permissions import allowed, require
from workbench.access.users import User
from lawtext.numerals import int_to_cn
from lawtext.nlp import spaced

MIGRATIONS = Migrations("workbench.comments")  # stored name: never rename

SOURCE_KINDS = ["座谈会", "走访", "问卷", "个人"]
DECISIONS = ["采纳", "部分采纳", "未采纳"]
ADOPTED = ("采纳", "部分采纳")
PENDING = "待处理"
MAX_TEXT = 5000
MAX_PARTICIPANTS = 100_000


@MIGRATIONS()
def m001_comments(db):
    db["comment_batches"].create({
        "id": int, "consultation_id": int, "contact_point_id": int, "filename": str, "sha256": str,
        "source_kind": str, "participants": int, "item_count": int, "imported_at": str, "imported_by": str,
    }, pk="id", foreign_keys=[("consultation_id", "consultations", "id")])
    db["comments"].create({
        "id": int, "consultation_id": int, "document_id": int, "version_id": int, "contact_point_id": int,
        "element_id": str, "article_id": str, "article_label": str, "quoted_text": str, "text": str,
        "participants": int, "source_kind": str, "origin": str, "batch_id": int, "split_key": str,
        "needs_review": int, "review_note": str, "submitted_at": str, "submitted_by": str,
    }, pk="id", foreign_keys=[("consultation_id", "consultations", "id"), ("version_id", "versions", "id"),
                              ("contact_point_id", "contact_points", "id"), ("batch_id", "comment_batches", "id")],
        not_null={"consultation_id", "version_id", "contact_point_id", "text"}, defaults={"needs_review": 0})
    db["comments"].create_index(["consultation_id"])
    db["comments"].create_index(["contact_point_id"])
    db["comment_dispositions"].create({
        "comment_id": int, "decision": str, "reason": str, "adopted_version_id": int, "adopted_article_id": str,
        "adopted_article_label": str, "group_key": str, "decided_at": str, "decided_by": str,
    }, pk="comment_id", foreign_keys=[("comment_id", "comments", "id")], not_null={"decision", "reason"})


@dataclass
class Comment:
    id: int
    consultation_id: int
    document_id: int
    version_id: int
    contact_point_id: int
    contact_point_name: str
    element_id: str | None
    article_id: str | None
    article_label: str | None
    quoted_text: str
    text: str
    participants: int | None
    source_kind: str
    origin: str
    batch_id: int | None
    split_key: str | None
    needs_review: bool
    review_note: str
    submitted_at: str
    submitted_by: str
    decision: str | None = None
    reason: str = ""
    adopted_version_id: int | None = None
    adopted_article_id: str | None = None
    adopted_article_label: str | None = None
    group_key: str | None = None
    decided_at: str | None = None
    decided_by: str | None = None

    @property
    def status(self) -> str:
        return self.decision or PENDING

    @property
    def adopted(self) -> bool:
        return self.decision in ADOPTED

    @property
    def target(self) -> str:
        """Where the comment points, for display: 第五条第二款 / 第五条 / 整体意见."""
        if not self.article_label:
            return "整体意见"
        return self.article_label + element_suffix(self.element_id)


_SELECT = """select c.*, cp.name as contact_point_name, d.decision, d.reason, d.adopted_version_id,
  d.adopted_article_id, d.adopted_article_label, d.group_key, d.decided_at, d.decided_by
  from comments c join contact_points cp on cp.id = c.contact_point_id
  left join comment_dispositions d on d.comment_id = c.id"""


def _comment(row: dict) -> Comment:
    fields = {k: row.get(k) for k in Comment.__dataclass_fields__}
    fields["needs_review"] = bool(row.get("needs_review"))
    fields["review_note"] = row.get("review_note") or ""
    fields["quoted_text"] = row.get("quoted_text") or ""
    fields["reason"] = row.get("reason") or ""
    return Comment(**fields)


# --- anchors in a version tree -----------------------------------------------------------------

def element_suffix(element_id: str | None) -> str:
    """'art-5-p2-i3' → '第二款第（三）项' (relative to the article; empty for the article itself)."""
    if not element_id:
        return ""
    parts = element_id.split("-")[2:]
    out = ""
    for p in parts:
        if p.startswith("p") and p[1:].isdigit():
            out += f"第{int_to_cn(int(p[1:]))}款"
        elif p.startswith("i") and p[1:].isdigit():
            out += f"第（{int_to_cn(int(p[1:]))}）项"
        elif p.startswith("s") and p[1:].isdigit():
            out += f"第{int(p[1:])}目"
    return out


def article_of(tree: LegalDocument, element_id: str) -> Article | None:
    """The article that is, or contains, the element."""
    for a in tree.articles:
        if a.id == element_id or any(eid == element_id for eid, _ in a.elements()):
            return a
    return None


def resolve_anchor(tree: LegalDocument, element_id: str | None) -> tuple[str | None, str | None, str | None, str]:
    """(element_id, article_id, article_label, quoted_text) for an element of ``tree``; all empty
    for the whole draft. Raises InputError when the element is not in the tree."""
    if not element_id:
        return None, None, None, ""
    a = article_of(tree, element_id)
    if a is None:
        raise InputError(code="comments.resolve_anchor", element_id=element_id)
    if element_id == a.id:
        return a.id, a.id, a.label, a.text
    return element_id, a.id, a.label, dict(a.elements())[element_id]


# --- submission --------------------------------------------------------------------------------

def check_window(c: Consultation, today: date | None = None) -> None:
    """Refuse submissions outside the consultation window, with a clear Chinese reason."""
    status = c.status(today)
    if status == "未开始":
        raise GateBlocked(code="comments.check_window", opens_on=c.opens_on)
    if status == "已关闭":
        raise GateBlocked(code="comments.closed", closed_on=c.closed_on)
    if status == "已截止":
        raise GateBlocked(code="comments.past_deadline", closes_on=c.closes_on)


def submitting_point(user: User, c: Consultation, contact_point_id: int | None) -> int:
    """The contact point a submission is recorded for. Contact users may only submit for their
    own point; staff who manage consultations may record (import) for any invited point."""
    if allowed(user, "comment.submit"):
        if not user.contact_point_id:
            raise PermissionDenied(code="comments.submitting_point")
        if contact_point_id not in (None, user.contact_point_id):
            raise PermissionDenied(code="comments.own_point_only")
        cp = user.contact_point_id
    elif allowed(user, "consultation.manage"):
        if contact_point_id is None:
            raise InputError(code="comments.point_required")
        cp = int(contact_point_id)
    else:
        require(user, "comment.submit")
        raise AssertionError("unreachable")
    if cp not in c.invited:
        raise PermissionDenied(code="comments.point_not_invited")
    return cp


def clean_text(text: str) -> str:
    text = clean_multiline(text)
    if not text:
        raise InputError(code="comments.clean_text")
    if len(text) > MAX_TEXT:
        raise InputError(code="comments.text_too_long", n_text=len(text), max_text=MAX_TEXT)
    return text


def clean_participants(value) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise InputError(code="comments.clean_participants", value=value) from None
    if not 1 <= n <= MAX_PARTICIPANTS:
        raise InputError(code="comments.participants_range", max_participants=MAX_PARTICIPANTS, n=n)
    return n


def clean_source(kind: str) -> str:
    if kind not in SOURCE_KINDS:
        raise InputError(code="comments.clean_source", kind=kind, source_kinds='、'.join(SOURCE_KINDS))
    return kind


def submit_comment(db, user: User, consultation_id: int, *, text: str, element_id: str | None = None,
                   participants: int = 1, source_kind: str = "个人", contact_point_id: int | None = None,
                   today: date | None = None) -> Comment:
    """One comment on an element of the consulted version (or on the whole draft), by a
    contact-point user. (Staff record comments received otherwise through the minutes import.)"""
    require(user, "comment.submit")
    c = get_consultation(db, consultation_id)
    cp = submitting_point(user, c, contact_point_id)
    check_window(c, today)
    text = clean_text(text)
    participants = clean_participants(participants)
    source_kind = clean_source(source_kind)
    version = get_version(db, c.version_id)
    eid, aid, label, quoted = resolve_anchor(version.tree, element_id)
    with transaction(db):
        cid = _insert(db, c, cp, user, text=text, element_id=eid, article_id=aid, article_label=label,
                      quoted_text=quoted, participants=participants, source_kind=source_kind, origin="online",
                      submitted_at=_stamp(today))
        audit.append(db, actor=user.username, action="comment.submit", document_id=c.document_id,
                     version_id=c.version_id, detail={"comment_id": cid, "consultation_id": c.id,
                                                      "contact_point_id": cp, "element_id": eid})
    return get_comment(db, user, cid)


def _stamp(today: date | None) -> str:
    """Now; or, when seeding with a pretended ``today``, that day at the current time of day."""
    now = audit.now_iso()
    return now if today is None else today.isoformat() + now[10:]


def _insert(db, c: Consultation, cp: int, user: User, **row) -> int:
    row.setdefault("needs_review", 0)
    row.setdefault("review_note", "")
    row.setdefault("submitted_at", audit.now_iso())
    return db["comments"].insert({
        "consultation_id": c.id, "document_id": c.document_id, "version_id": c.version_id,
        "contact_point_id": cp, "submitted_by": user.username, **row,
    }).last_pk


# --- reading (visibility enforced here) -----------------------------------------------------------

def _visible_point(user: User) -> int | None:
    """None: the user may see every point's comments; else the only point it may see."""
    if allowed(user, "comment.view_all"):
        return None
    if allowed(user, "comment.submit"):
        if not user.contact_point_id:
            raise PermissionDenied(code="comments.submitting_point")
        return user.contact_point_id
    raise PermissionDenied(code="comments.visible_point", role_name=user.role_name)


def list_comments(db, user: User, *, consultation_id: int | None = None, document_id: int | None = None,
                  contact_point_id: int | None = None, article_label: str | None = None) -> list[Comment]:
    """Comments the user may see. A contact point only ever sees its own; asking for another
    point's comments is refused."""
    own = _visible_point(user)
    if own is not None:
        if contact_point_id not in (None, own):
            raise PermissionDenied(code="comments.list_comments")
        contact_point_id = own
    where, params = [], []
    for col, val in (("c.consultation_id", consultation_id), ("c.document_id", document_id),
                     ("c.contact_point_id", contact_point_id), ("c.article_label", article_label)):
        if val is not None:
            where.append(f"{col} = ?")
            params.append(val)
    sql = _SELECT + (" where " + " and ".join(where) if where else "") + " order by c.id"
    return [_comment(r) for r in db.query(sql, params)]


def get_comment(db, user: User, comment_id: int) -> Comment:
    row = next(db.query(_SELECT + " where c.id = ?", [comment_id]), None)
    if not row:
        raise NotFound(code="comments.get_comment", comment_id=comment_id)
    own = _visible_point(user)
    if own is not None and row["contact_point_id"] != own:
        raise NotFound(code="comments.get_comment", comment_id=comment_id)
    return _comment(row)


# --- dispositions ----------------------------------------------------------------------------------

def dispose(db, user: User, comment_ids: list[int], *, decision: str, reason: str,
            adopted_version_id: int | None = None, adopted_article_id: str | None = None) -> list[Comment]:
    """Record one disposition for one comment or a group of near-duplicates (answered together).

    The reason is required for every decision. For 采纳/部分采纳 the article of a (newer) version
    that reflects the comment may be given; it must exist in that version of the same document.
    """
    require(user, "comment.dispose")
    if decision not in DECISIONS:
        raise InputError(code="comments.dispose", decision=decision, decisions='、'.join(DECISIONS))
    reason = clean_multiline(reason)
    if not reason:
        raise InputError(code="comments.reason_required")
    ids = list(dict.fromkeys(int(i) for i in comment_ids))
    if not ids:
        raise InputError(code="comments.none_selected")
    comments = [get_comment(db, user, i) for i in ids]
    doc_ids = {c.document_id for c in comments}
    if len(doc_ids) > 1:
        raise InputError(code="comments.several_documents")
    label = None
    if adopted_article_id:
        if decision not in ADOPTED:
            raise InputError(code="comments.adopted_only")
        if not adopted_version_id:
            raise InputError(code="comments.version_required")
        version = get_version(db, adopted_version_id)
        if version.document_id not in doc_ids:
            raise InputError(code="comments.version_of_other_document")
        art = version.tree.article(adopted_article_id)
        if art is None:
            raise InputError(code="comments.no_such_article", display=version.display, adopted_article_id=adopted_article_id)
        adopted_article_id, label = art.id, art.label
    else:
        adopted_version_id = None
    group_key = f"g{min(ids)}" if len(ids) > 1 else None
    ts = audit.now_iso()
    with transaction(db):
        for c in comments:
            db["comment_dispositions"].upsert({
                "comment_id": c.id, "decision": decision, "reason": reason, "adopted_version_id": adopted_version_id,
                "adopted_article_id": adopted_article_id, "adopted_article_label": label, "group_key": group_key,
                "decided_at": ts, "decided_by": user.username,
            }, pk="comment_id")
            audit.append(db, actor=user.username, action="comment.dispose", document_id=c.document_id,
                         version_id=adopted_version_id,
                         detail={"comment_id": c.id, "decision": decision, "previous": c.decision,
                                 "group": group_key, "adopted_article": label})
    return [get_comment(db, user, i) for i in ids]


# --- near-duplicate grouping ---------------------------------------------------------------------

# Near-duplicates are scored on jieba-segmented text (workbench.nlp.spaced) with rapidfuzz
# ``token_set_ratio``; a pair is grouped when that is ≥ GROUP_THRESHOLD and the plain
# character ``ratio`` is ≥ GROUP_MIN_CHAR_RATIO (token_set scores a short comment contained in a
# long one at 100: "建议删除" vs "建议删除第十二条的收费规定"). Measured on 10 re-worded duplicate
# pairs and 11 pairs of different suggestions on the same subject (tests/workbench/
# test_comments_grouping.py): token_set ≥ 85 groups 5 duplicates and no different pair
# (different pairs score ≤ 81); char ratio alone needs ≥ 73 for no false pair and then groups only 3;
# token_sort needs ≥ 79 and groups 4. Paraphrases with other words (便溺收集点 / 粪便收集箱) are
# not caught by any lexical score. Groups are suggestions: the reviewer confirms the members.
GROUP_THRESHOLD = 85
GROUP_MIN_CHAR_RATIO = 45
CROSS_ARTICLE_CHAR_RATIO = 90  # comments on different articles: only near-identical wording


def _norm(text: str) -> str:
    import re
    return re.sub(r"[\s，。、；：？！,.;:?!“”‘’\"'（）()《》【】]", "", text)


def pair_scores(a: str, b: str) -> tuple[float, float]:
    """(token_set_ratio on segmented text, char ratio on normalised text), both 0..100."""
    from rapidfuzz import fuzz

    return fuzz.token_set_ratio(spaced(_norm(a)), spaced(_norm(b))), fuzz.ratio(_norm(a), _norm(b))


def similar_groups(texts: list[str], labels: list[str | None], threshold: float = GROUP_THRESHOLD) -> list[list[int]]:
    """Near-duplicate groups as lists of indexes into ``texts`` (single link), singletons included.
    ``labels`` are the articles the texts are about (None: whole draft). Measured cost
    (bench/bench_comment_groups.py): 1,000 comments 1.4–2.6 s on 2 busy cores, 1.8–2× the
    all-pairs char-ratio baseline it needs anyway."""
    from rapidfuzz import fuzz
    from rapidfuzz.process import cdist

    n = len(texts)
    parent = list(range(n))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    if n > 1:
        # the cheap char ratio (C, all pairs) filters candidates; only those are segmented and
        # scored with token_set (scoring all pairs with token_set: 8 s for 1,000 comments)
        norm = [_norm(t) for t in texts]
        char_scores = cdist(norm, norm, scorer=fuzz.ratio, score_cutoff=GROUP_MIN_CHAR_RATIO, workers=1)
        segmented: dict[int, str] = {}

        def seg(i: int) -> str:
            if i not in segmented:
                segmented[i] = spaced(norm[i])
            return segmented[i]

        for i, j in zip(*char_scores.nonzero()):
            if i >= j:
                continue
            need = GROUP_MIN_CHAR_RATIO if labels[i] == labels[j] else CROSS_ARTICLE_CHAR_RATIO
            if char_scores[i][j] >= need and fuzz.token_set_ratio(seg(i), seg(j)) >= threshold:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def group_similar(comments: list[Comment], threshold: float = GROUP_THRESHOLD) -> list[list[Comment]]:
    """Near-duplicate groups of comments, largest first; singletons included."""
    idx = similar_groups([c.text for c in comments], [c.article_label for c in comments], threshold)
    return [[comments[i] for i in g] for g in idx]
