"""Audit events as users read them: the Chinese name of every action code and one sentence per event.

    describe({"action": "user.role", "detail": '{"username": "lawyer2", "from": "drafter", "to": "advisor"}'},
             names={"lawyer2": "钱律师"})
    -> "将钱律师（lawyer2）的角色由起草人员改为法律顾问"

``ACTION_NAMES`` must name every action the code base appends (tests/workbench/test_audit_text.py
scans the sources). ``names`` maps usernames to display names, ``points`` contact-point ids to
names, ``documents`` document ids to titles; all optional (without them ids are shown).
"""
from __future__ import annotations

import json
import re

from lawtext.model import LEVELS
from lawtext.numerals import article_label, int_to_cn
from workbench.access.roles import ROLES
from workbench.letters import KINDS as LETTER_KINDS
from workbench.filing.audit_names import FILING_ACTION_NAMES, FILING_DESCRIBERS
from workbench.procedure.dossier_facts import show_value

ACTION_NAMES: dict[str, str] = {
    "document.create": "新建文档",
    "version.create": "保存版本",
    "document.stage": "阶段变更",
    "review.create": "新建审核",
    "review.dispose": "处理审查发现",
    "review.opinion": "填写总体意见",
    "review.sign": "签署审核意见",
    "user.create": "新建用户",
    "user.password_reset": "重置密码",
    "user.password_change": "修改密码",
    "user.role": "变更角色",
    "user.deactivate": "停用用户",
    "user.activate": "恢复用户",
    "user.update": "修改用户信息",
    "plan.add": "新增计划项目",
    "plan.update": "修改计划项目",
    "plan.link": "计划项目关联文档",
    "plan.cancel": "撤销计划项目",
    "plan.goal": "设定年度目标",
    "lifecycle.cleanup": "登记评估/清理",
    "consultation.open": "发起征求意见",
    "consultation.close": "关闭征求意见",
    "consultation.invite": "追加邀请联系点",
    "contact_point.add": "登记联系点",
    "comment.submit": "提交意见",
    "comment.dispose": "处理意见",
    "comment.import": "导入座谈会记录",
    "working_copy.create": "创建工作稿",
    "working_copy.edit": "修改工作稿",
    "working_copy.renumber": "重新编号",
    "working_copy.save_version": "工作稿保存为版本",
    "working_copy.discard": "放弃工作稿修改",
    "working_copy.rebase": "工作稿改以最新版本为基础",
    "dossier.record": "登记卷宗事项",
    "session.start": "登录",
    "session.end": "会话结束",
    "letter.number": "编发文字号",
    **FILING_ACTION_NAMES,
}

PLAN_FIELDS = {"title": "项目名称", "responsible_unit": "责任单位", "target_submit_on": "目标送审日期",
               "target_publish_on": "目标公布日期", "note": "备注", "year": "年度"}
STAGE_VERBS = {"advance": "推进", "skip": "跳过征求意见", "return": "退回", "publish": "公布", "file": "备案",
               "evaluate": "转入评估", "repeal": "废止", "expire": "宣布失效", "supersede": "被新文件取代"}

_ELEMENT = re.compile(r"^art-(\d+)(?:_(\d+))?(?:-p(\d+))?(?:-i(\d+))?(?:-s(\d+))?$")


def action_name(action: str) -> str:
    """The Chinese name of an action code (the code itself if unknown)."""
    return ACTION_NAMES.get(action, action)


def element_label(element_id: str | None) -> str:
    """``art-17-p2-i3`` → 第十七条第二款第（三）项; "" for None; other ids unchanged."""
    if not element_id:
        return ""
    m = _ELEMENT.match(element_id)
    if not m:
        return element_id
    number, suffix, para, item, sub = (int(g) if g else None for g in m.groups())
    out = article_label(number, suffix or 0)
    if para:
        out += f"第{int_to_cn(para)}款"
    if item:
        out += f"第（{int_to_cn(item)}）项"
    if sub:
        out += f"第{sub}目"
    return out


def _detail(event: dict) -> dict:
    raw = event.get("detail")
    if isinstance(raw, dict):
        return raw
    try:
        d = json.loads(raw or "{}")
    except (TypeError, ValueError):
        return {}
    return d if isinstance(d, dict) else {}


def describe(event: dict, *, names: dict[str, str] | None = None, points: dict[int, str] | None = None,
             documents: dict[int, str] | None = None) -> str:
    """One readable Chinese sentence for an audit event (a row of ``audit_log`` as a dict)."""
    names, points, documents = names or {}, points or {}, documents or {}
    action = event.get("action") or ""
    d = _detail(event)

    def who(username) -> str:
        if not username:
            return "（未知用户）"
        shown = names.get(username, username)
        return shown if shown == username else f"{shown}（{username}）"

    def role(code) -> str:
        return ROLES.get(code, code or "（无）")

    def point(pid) -> str:
        return points.get(pid, f"联系点 #{pid}") if pid else "（无）"

    def doc(did) -> str:
        return f"《{documents[did]}》" if did in documents else f"文档 #{did}"

    def tail(text, prefix="：") -> str:
        text = (text or "").strip() if isinstance(text, str) else text
        return f"{prefix}{text}" if text else ""

    fn = _DESCRIBERS.get(action)
    if fn is not None:
        return fn(d, who=who, role=role, point=point, doc=doc, tail=tail)
    # unknown code (an older database, a new module): still no raw keys
    return action_name(action) + (f"：{d['description']}" if d.get("description") else "")


def _d_document_create(d, **k):
    return f"新建文档《{d.get('title', '')}》（{LEVELS.get(d.get('level'), d.get('level') or '')}）"


def _d_version_create(d, *, tail, **k):
    return f"保存版本 v{d.get('seq')}（{d.get('label', '')}）" + tail(d.get("note"))


def _d_document_stage(d, *, doc, tail, **k):
    verb = STAGE_VERBS.get(d.get("verb"), "")
    out = f"阶段由「{d.get('from', '')}」变为「{d.get('to', '')}」"
    if verb:
        out += f"（{verb}"
        out += f"，办理日期 {d['on']}）" if d.get("on") else "）"
    if d.get("by_document_id"):
        out += f"，由{doc(d['by_document_id'])}取代"
    notes = [n for n in [d.get("note"), *(d.get("notes") or [])] if n]
    return out + tail("；".join(n.rstrip("。") for n in notes))


def _d_review_create(d, **k):
    return f"新建审核 #{d.get('review_id')}，共 {d.get('items', 0)} 项审查发现"


def _d_review_dispose(d, *, tail, **k):
    out = (f"审核 #{d.get('review_id')} 第 {d.get('seq')} 项审查发现（{d.get('rule', '')}）："
           f"{d.get('from') or '未处理'} → {d.get('to') or '未处理'}")
    return out + tail(d.get("reason"), "；理由：")


def _d_review_opinion(d, **k):
    return f"审核 #{d.get('review_id')} 总体意见：{d.get('from') or '未填写'} → {d.get('to') or '未填写'}"


def _d_review_sign(d, **k):
    return (f"签署审核 #{d.get('review_id')}：总体意见「{d.get('opinion') or '未填写'}」，"
            f"确认 {d.get('confirmed', 0)} 项，不采纳 {d.get('dismissed', 0)} 项"
            + (f"（补录纸质审核意见，签署日期 {d['paper_date']}）" if d.get("paper_date") else ""))


def _d_user_create(d, *, who, role, **k):
    return f"新建用户 {who(d.get('username'))}，角色为{role(d.get('role'))}"


def _d_user_password_reset(d, *, who, **k):
    return f"重置用户 {who(d.get('username'))} 的密码"


def _d_user_password_change(d, *, who, **k):
    return f"{who(d.get('username'))} 修改了自己的密码"


def _d_user_role(d, *, who, role, **k):
    return f"将 {who(d.get('username'))} 的角色由{role(d.get('from'))}改为{role(d.get('to'))}"


def _d_user_deactivate(d, *, who, **k):
    return f"停用用户 {who(d.get('username'))}"


def _d_user_activate(d, *, who, **k):
    return f"恢复用户 {who(d.get('username'))}"


def _d_user_update(d, *, who, point, **k):
    parts = []
    if "display_name" in d:
        parts.append(f"姓名改为「{d['display_name']}」")
    if "org" in d:
        parts.append(f"单位改为「{d['org']}」" if d["org"] else "清空单位")
    if "contact_point_id" in d:
        parts.append(f"联系点改为{point(d['contact_point_id'])}" if d["contact_point_id"] else "取消关联联系点")
    return f"修改用户 {who(d.get('username'))}" + ("：" + "，".join(parts) if parts else "")


def _d_plan_add(d, **k):
    return (f"新增 {d.get('year')} 年度{d.get('kind', '')}项目 #{d.get('project_id')}《{d.get('title', '')}》"
            f"（{LEVELS.get(d.get('level'), d.get('level') or '')}）")


def _d_plan_update(d, **k):
    parts = [f"{PLAN_FIELDS[f]}改为「{d[f] if d[f] not in (None, '') else '（空）'}」"
             for f in PLAN_FIELDS if f in d]
    return f"修改计划项目 #{d.get('project_id')}" + ("：" + "，".join(parts) if parts else "")


def _d_plan_link(d, *, doc, **k):
    target = d.get("document_id")
    return f"计划项目 #{d.get('project_id')}" + (f"关联{doc(target)}" if target else "取消关联文档")


def _d_plan_cancel(d, *, tail, **k):
    return f"撤销计划项目 #{d.get('project_id')}" + tail(d.get("cancel_reason"), "，理由：")


def _d_plan_goal(d, **k):
    before = d.get("from")
    return (f"将 {d.get('year')} 年度目标" + (f"由 {before} 项" if before is not None else "")
            + f"设为 {d.get('to')} 项")


def _d_dossier_record(d, *, tail, **k):
    label = d.get("label") or "卷宗事项"
    if d.get("withdrawn"):
        return f"撤销卷宗登记「{label}」" + tail(d.get("note"), "，理由：")
    return f"登记卷宗事项「{label}」：{show_value(d.get('value'))}" + tail(d.get("note"), "；依据：")


def _d_lifecycle_cleanup(d, *, tail, **k):
    return f"登记评估/清理（{d.get('on', '')}）" + tail(d.get("note"), "，结论：")


def _d_consultation_open(d, **k):
    invited = d.get("invited") or []
    return (f"发起征求意见 #{d.get('consultation_id')}（{d.get('opens_on', '')} 至 {d.get('closes_on', '')}），"
            f"邀请 {len(invited)} 个联系点")


def _d_consultation_invite(d, *, point, **k):
    invited = d.get("invited") or []
    return (f"征求意见 #{d.get('consultation_id')} 追加邀请 {len(invited)} 个联系点"
            + ("：" + "、".join(point(i) for i in invited) if invited else ""))


def _d_consultation_close(d, *, tail, **k):
    return f"关闭征求意见 #{d.get('consultation_id')}（{d.get('closed_on', '')}）" + tail(d.get("note"))


def _d_contact_point_add(d, **k):
    return f"登记联系点「{d.get('name', '')}」"


def _d_comment_submit(d, *, point, **k):
    where = element_label(d.get("element_id")) or "整体"
    return (f"{point(d.get('contact_point_id'))}对{where}提交意见 #{d.get('comment_id')}"
            f"（征求意见 #{d.get('consultation_id')}）")


def _d_comment_dispose(d, **k):
    out = f"意见 #{d.get('comment_id')} 处理为「{d.get('decision', '')}」"
    if d.get("previous"):
        out += f"（原为「{d['previous']}」）"
    if d.get("adopted_article"):
        out += f"，体现于{d['adopted_article']}"
    return out


def _d_comment_import(d, **k):
    return (f"从「{d.get('filename', '')}」导入 {d.get('items', 0)} 条意见"
            f"（征求意见 #{d.get('consultation_id')}）")


def _d_working_copy_create(d, **k):
    return f"由 v{d.get('base_seq')} 创建工作稿" if d.get("base_seq") else "创建工作稿"


def _d_working_copy(d, **k):
    return d.get("description") or "修改工作稿"


SESSION_END_REASONS = {"logout": "退出登录", "timeout": "会话超时", "expired": "登录超过有效期",
                       "deactivated": "账户已停用", "password": "密码已更改"}


def _d_session_start(d, **k):
    return "登录"


def _d_session_end(d, **k):
    reason = SESSION_END_REASONS.get(d.get("reason", ""), "会话结束")
    return reason if reason == "退出登录" else f"会话结束（{reason}）"


def _d_letter_number(d, **k):
    return f"{LETTER_KINDS.get(d.get('kind', ''), '公文')}编为{d.get('number', '')}"


_DESCRIBERS = {
    "document.create": _d_document_create, "version.create": _d_version_create, "document.stage": _d_document_stage,
    "review.create": _d_review_create, "review.dispose": _d_review_dispose, "review.opinion": _d_review_opinion,
    "review.sign": _d_review_sign,
    "user.create": _d_user_create, "user.password_reset": _d_user_password_reset,
    "user.password_change": _d_user_password_change, "user.role": _d_user_role,
    "user.deactivate": _d_user_deactivate, "user.activate": _d_user_activate, "user.update": _d_user_update,
    "plan.add": _d_plan_add, "plan.update": _d_plan_update, "plan.link": _d_plan_link, "plan.cancel": _d_plan_cancel,
    "plan.goal": _d_plan_goal, "lifecycle.cleanup": _d_lifecycle_cleanup,
    "consultation.open": _d_consultation_open, "consultation.invite": _d_consultation_invite,
    "consultation.close": _d_consultation_close, "contact_point.add": _d_contact_point_add,
    "comment.submit": _d_comment_submit, "comment.dispose": _d_comment_dispose, "comment.import": _d_comment_import,
    "working_copy.create": _d_working_copy_create, "working_copy.edit": _d_working_copy,
    "working_copy.renumber": _d_working_copy, "working_copy.save_version": _d_working_copy,
    "working_copy.discard": _d_working_copy, "working_copy.rebase": _d_working_copy,
    "dossier.record": _d_dossier_record,
    "session.start": _d_session_start, "session.end": _d_session_end, "letter.number": _d_letter_number,
    **FILING_DESCRIBERS,
}
