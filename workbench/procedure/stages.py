"""The procedure per level (legality-rules.md part C): the stages in order, the transition table
and the ``may_<verb>(user, doc)`` predicates pages reuse to decide which buttons to show.

``STAGES`` lists the stages of each level; ``transitions(level)`` is the table of allowed moves,
each with the roles that may make it. What stops a move *now* (gates) is in lifecycle.py.
"""
from __future__ import annotations

from dataclasses import dataclass

from workbench.access.permissions import allowed
from workbench.access.roles import ROLES
from workbench.access.users import User
from workbench.documents.store import Document

# --- stages -----------------------------------------------------------------------------------

STAGES: dict[str, tuple[str, ...]] = {
    # C.1 设区的市地方性法规
    "LR": ("立项", "起草", "提出法规案", "一审", "征求意见", "统一审议", "表决", "报批", "公布", "备案", "评估/清理"),
    # C.2 设区的市政府规章
    "GR": ("立项", "起草", "征求意见", "送审", "合法性审查", "集体审议", "公布", "备案", "评估/清理"),
    # C.3 行政规范性文件
    "ND": ("计划/评估论证", "起草", "征求意见", "合法性审核", "集体审议", "公布", "备案", "评估/清理"),
}
# End states: the document is no longer in force.
ENDED: dict[str, tuple[str, ...]] = {
    "LR": ("已被修改", "已废止"),
    "GR": ("已被修改", "已废止"),
    "ND": ("已被修改", "已废止", "已失效"),
}
REVIEW_STAGE = {"LR": "统一审议", "GR": "合法性审查", "ND": "合法性审核"}
DRAFT, CONSULT, PUBLISH, FILE, EVALUATE = "起草", "征求意见", "公布", "备案", "评估/清理"
REPEALED, EXPIRED, SUPERSEDED = "已废止", "已失效", "已被修改"

STAGE_NOTES: dict[str, dict[str, str]] = {
    "LR": {
        "立项": "列入立法规划或年度立法计划，经主任会议通过并公布。",
        "起草": "起草单位起草草案和起草说明；设定处罚、许可、强制的，举行听证会/论证会；法律顾问出具意见。",
        "提出法规案": "提案人提交法规案、说明和参阅资料；修改的附修改前后对照文本。",
        "一审": "常委会会议初次审议，专门委员会提出审议意见。",
        "征求意见": "一审后公布草案和说明征求意见，并发送基层立法联系点等。",
        "统一审议": "法制委员会统一审议（合法性审查），提出审议结果报告和修改稿；法律顾问签署审核意见。",
        "表决": "常委会全体组成人员过半数通过。",
        "报批": "报省人大常委会批准（四个月内）。",
        "公布": "常委会公告公布，刊登公报。",
        "备案": "公布后三十日内经省人大常委会报全国人大常委会和国务院备案。",
        "评估/清理": "立法后评估、配套规定、定期清理；需修改或废止的，另行立项。",
    },
    "GR": {
        "立项": "司法局评估立项申请，编制年度规章制定工作计划并公布。",
        "起草": "起草单位调研起草，听取意见，公平竞争审查，法律顾问参与。",
        "征求意见": "公布草案和说明公开征求意见，一般不少于三十日。",
        "送审": "送审稿、说明、不同意见和有关材料报送司法局。",
        "合法性审查": "司法局统一审查，法律顾问/公职律师签署合法性审查意见。",
        "集体审议": "政府常务会议或全体会议审议决定。",
        "公布": "市长签署政府令公布，刊登政府公报；施行日期一般在公布三十日后。",
        "备案": "公布后三十日内报国务院、省人大常委会、省政府和本级人大常委会备案。",
        "评估/清理": "实施后评估、定期清理；需修改或废止的，另行立项。",
    },
    "ND": {
        "计划/评估论证": "列入年度发文计划，附评估论证报告和上位法依据。",
        "起草": "制定主体合法，内容不得违法设定处罚、许可、强制、收费等。",
        "征求意见": "涉及群众切身利益或权利义务的，公开征求意见；与市场主体密切相关的不少于三十日。",
        "合法性审核": "审核机构合法性审核，法律顾问/公职律师出具意见；未经审核的不得提交集体审议。",
        "集体审议": "常务会议、全体会议或部门办公会议集体审议决定。",
        "公布": "公开发布，统一登记、编号，载明有效期。",
        "备案": "公布后在规定期限内报送备案。",
        "评估/清理": "有效期届满前评估，定期清理（辽宁：每两年）。",
    },
}


def stages(level: str) -> tuple[str, ...]:
    return STAGES[level]


def all_stages(level: str) -> tuple[str, ...]:
    return STAGES[level] + ENDED[level]


def stage_index(level: str, stage: str) -> int:
    """Position in the level's procedure; end states rank after the last stage; unknown: -1."""
    seq = STAGES[level]
    if stage in seq:
        return seq.index(stage)
    if stage in ENDED[level]:
        return len(seq)
    return -1


def is_published(level: str, stage: str) -> bool:
    """The document has reached 公布 (in force, or ended after being in force)."""
    return stage_index(level, stage) >= STAGES[level].index(PUBLISH)


def in_force(level: str, stage: str) -> bool:
    return stage in STAGES[level] and is_published(level, stage)


# --- the transition table ------------------------------------------------------------------------

VERBS = {
    "advance": "推进", "skip": "跳过征求意见", "return": "退回起草", "publish": "公布", "file": "备案",
    "evaluate": "评估/清理", "repeal": "废止", "expire": "宣布失效",
}
STAFF = frozenset({"admin", "drafter", "reviewer"})
REVIEWING = frozenset({"admin", "reviewer"})     # the 审核机构 owns the review stage and what follows


@dataclass(frozen=True)
class Transition:
    level: str
    source: str
    target: str
    verb: str
    roles: frozenset[str]

    @property
    def role_names(self) -> str:
        """Who may make this move, e.g. 管理员、审核机构 (in the order of users.ROLES)."""
        return "、".join(name for code, name in ROLES.items() if code in self.roles)

    @property
    def label(self) -> str:
        if self.verb in ("advance", "skip"):
            return f"推进至「{self.target}」" + ("（不公开征求意见）" if self.verb == "skip" else "")
        if self.verb == "return":
            return f"退回至「{self.target}」"
        if self.verb == "evaluate":
            return f"转入「{self.target}」"
        return VERBS[self.verb]


def _build(level: str) -> tuple[Transition, ...]:
    seq = STAGES[level]
    review = seq.index(REVIEW_STAGE[level])
    publish = seq.index(PUBLISH)
    verb_for = {PUBLISH: "publish", FILE: "file", EVALUATE: "evaluate"}
    out: list[Transition] = []
    for i in range(len(seq) - 1):
        out.append(Transition(level, seq[i], seq[i + 1], verb_for.get(seq[i + 1], "advance"),
                              REVIEWING if i >= review else STAFF))
    if level == "ND":
        # An ND that does not touch the public's rights and duties need not be put out for comment.
        out.append(Transition(level, DRAFT, REVIEW_STAGE[level], "skip", STAFF))
    for i in range(seq.index(DRAFT) + 1, publish):
        out.append(Transition(level, seq[i], DRAFT, "return", REVIEWING if i >= review else STAFF))
    for s in seq[publish:]:
        out.append(Transition(level, s, REPEALED, "repeal", REVIEWING))
        if level == "ND":
            out.append(Transition(level, s, EXPIRED, "expire", REVIEWING))
    return tuple(out)


TRANSITIONS: dict[str, tuple[Transition, ...]] = {level: _build(level) for level in STAGES}


def transitions(level: str, source: str | None = None) -> list[Transition]:
    return [t for t in TRANSITIONS[level] if source is None or t.source == source]


def find_transition(level: str, source: str, target: str) -> Transition | None:
    return next((t for t in TRANSITIONS[level] if t.source == source and t.target == target), None)


# --- may_<verb>: may this user press the button (role + table; gates are separate) ----------

def may_transition(user: User | None, doc: Document, target: str) -> bool:
    t = find_transition(doc.level, doc.stage, target)
    return bool(t and allowed(user, "lifecycle.transition") and user.role in t.roles)


def _may_verb(user: User | None, doc: Document, verbs: set[str]) -> bool:
    return any(t.verb in verbs and may_transition(user, doc, t.target) for t in transitions(doc.level, doc.stage))


def may_advance(user: User | None, doc: Document) -> bool:
    return _may_verb(user, doc, {"advance", "skip", "publish", "file", "evaluate"})


def may_return(user: User | None, doc: Document) -> bool:
    return _may_verb(user, doc, {"return"})


def may_publish(user: User | None, doc: Document) -> bool:
    return _may_verb(user, doc, {"publish"})


def may_file(user: User | None, doc: Document) -> bool:
    return _may_verb(user, doc, {"file"})


def may_repeal(user: User | None, doc: Document) -> bool:
    return _may_verb(user, doc, {"repeal"})


def may_expire(user: User | None, doc: Document) -> bool:
    return _may_verb(user, doc, {"expire"})


def may_record_cleanup(user: User | None, doc: Document) -> bool:
    return allowed(user, "lifecycle.transition") and user.role in REVIEWING and in_force(doc.level, doc.stage)


def may_start_revision(user: User | None, doc: Document) -> bool:
    """修改 / 废止 start as new projects of the legislative plan: admin only, on a document in force."""
    return allowed(user, "plan.manage") and in_force(doc.level, doc.stage)


# --- dates recorded along the way -----------------------------------------------------------------
