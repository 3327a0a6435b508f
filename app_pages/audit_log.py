"""审计日志: every state change (who, when, what, before/after hash), filtered; hash-chain verification."""
import json

import pandas as pd
import streamlit as st

from ui.doc_view import fmt_time
from ui.state import db, require_user, show_error
from workbench.audit import actions, actors, read_events, verify_report
from workbench.documents import list_documents
from workbench.errors import WorkbenchError

ACTION_NAMES = {
    "document.create": "新建文档", "version.create": "保存版本", "document.stage": "阶段变更",
    "review.create": "新建审核", "review.dispose": "处理审查发现", "review.opinion": "审核意见", "review.sign": "签署审核",
    "user.create": "新建用户", "user.password_reset": "重置密码", "user.password_change": "修改密码",
    "user.role": "变更角色", "user.deactivate": "停用用户", "user.activate": "恢复用户", "user.update": "修改用户",
    "plan.add": "新增计划项目", "plan.update": "修改计划项目", "plan.link": "关联文档", "plan.cancel": "撤销计划项目",
    "plan.goal": "年度目标", "lifecycle.cleanup": "评估/清理",
    "consultation.open": "发起征求意见", "consultation.close": "关闭征求意见", "consultation.invite": "邀请联系点",
    "contact_point.add": "新增联系点",
}

user = require_user()
conn = db()
st.title("审计日志")

docs = {d.id: d.title for d in list_documents(conn)}
c1, c2, c3, c4 = st.columns([3, 2, 2, 1])
doc_id = c1.selectbox("文档", [None, *docs], format_func=lambda i: "全部" if i is None else f"{i} {docs[i]}",
                      key="audit_doc")
actor = c2.selectbox("操作人", [None, *actors(conn)], format_func=lambda a: a or "全部", key="audit_actor")
action = c3.selectbox("操作", [None, *actions(conn)], key="audit_action",
                      format_func=lambda a: "全部" if a is None else f"{ACTION_NAMES.get(a, a)}（{a}）")
limit = c4.number_input("条数", min_value=10, max_value=5000, value=200, step=50, key="audit_limit")
try:
    rows = read_events(conn, user, document_id=doc_id, actor=actor, action=action, limit=int(limit))
except WorkbenchError as e:
    show_error(e)
    st.stop()

if st.button("校验哈希链", icon=":material/verified:", key="audit_verify"):
    report = verify_report(conn)
    if report["ok"]:
        st.success(f"审计日志完整：共 {report['events']} 条记录，哈希链校验通过。")
    else:
        st.error(f"审计日志校验失败：发现 {len(report['problems'])} 处问题（记录被篡改、删除或调换）。")
        st.dataframe(pd.DataFrame([{"记录": p["id"], "问题": p["message"]} for p in report["problems"]]),
                     hide_index=True)


def short(h: str | None) -> str:
    return (h or "")[:12]


def detail_text(raw: str | None) -> str:
    try:
        d = json.loads(raw or "{}")
    except ValueError:
        return raw or ""
    return "；".join(f"{k}: {v}" for k, v in d.items() if v not in (None, "", [], {}))


if not rows:
    st.info("没有符合条件的记录。")
else:
    st.caption(f"显示 {len(rows)} 条（新的在前）。哈希为 sha256 前 12 位：之前/之后为所涉版本文本的哈希，"
               "链哈希把每条记录与前一条相连。")
    st.dataframe(pd.DataFrame([{
        "编号": r["id"], "时间": fmt_time(r["ts"]), "操作人": r["actor"],
        "操作": ACTION_NAMES.get(r["action"], r["action"]),
        "文档": docs.get(r["document_id"], str(r["document_id"] or "")),
        "版本": str(r["version_id"] or ""), "之前哈希": short(r["before_hash"]), "之后哈希": short(r["after_hash"]),
        "内容": detail_text(r["detail"]), "链哈希": short(r["hash"]),
    } for r in rows]), hide_index=True, width="stretch")
