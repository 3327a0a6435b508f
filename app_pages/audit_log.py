"""审计日志: every state change (who, when, what, before/after hash), filtered; hash-chain verification."""
import pandas as pd
import streamlit as st

from ui.doc_view import fmt_time
from ui.forms import select_or_none
from ui.people import display_names
from ui.state import db, require_user, show_error
from base.audit import actions, actors
from workbench.audit_log import read_events, verify_log
from workbench.audit_text import action_name, describe
from workbench.documents.store import list_documents, version_numbers
from base.errors import WorkbenchError
from workbench.consultation.consultations import list_contact_points

user = require_user()
conn = db()
st.title("审计日志")

docs = {d.id: d.title for d in list_documents(conn)}
c1, c2, c3, c4 = st.columns([3, 2, 2, 1])
doc_id = select_or_none("文档", list(docs), none_label="全部", format_func=lambda i: f"{i} {docs[i]}",
                        key="audit_doc", where=c1)
names = display_names()
actor = select_or_none("操作人", actors(conn), none_label="全部", format_func=lambda a: names.get(a, a),
                       key="audit_actor", where=c2)
action = select_or_none("操作", actions(conn), none_label="全部", format_func=action_name,
                        key="audit_action", where=c3)
limit = c4.number_input("条数", min_value=10, max_value=5000, value=200, step=50, key="audit_limit")
try:
    rows = read_events(conn, user, document_id=doc_id, actor=actor, action=action, limit=int(limit))
except WorkbenchError as e:
    show_error(e)
    st.stop()

if st.button("校验哈希链", icon=":material/verified:", key="audit_verify"):
    report = verify_log(conn, user)
    if report["ok"]:
        st.success(f"审计日志完整：共 {report['events']} 条记录，哈希链校验通过。")
    else:
        st.error(f"审计日志校验失败：发现 {len(report['problems'])} 处问题（记录被篡改、删除或调换）。")
        st.dataframe(pd.DataFrame([{"记录": p["id"], "问题": p["message"]} for p in report["problems"]]),
                     hide_index=True)


def short(h: str | None) -> str:
    return (h or "")[:12]


if not rows:
    st.info("没有符合条件的记录。")
else:
    points = {p.id: p.name for p in list_contact_points(conn)}
    seqs = version_numbers(conn, {r["version_id"] for r in rows if r["version_id"]})
    st.caption(f"显示 {len(rows)} 条（新的在前）。时间为北京时间；哈希为 sha256 前 12 位：之前/之后为所涉版本文本的哈希，"
               "链哈希把每条记录与前一条相连。")
    st.dataframe(pd.DataFrame([{
        "编号": r["id"], "时间": fmt_time(r["ts"]), "操作人": names.get(r["actor"], r["actor"]),
        "操作": action_name(r["action"]),
        "文档": docs.get(r["document_id"], str(r["document_id"] or "")),
        "版本": f"v{seqs[r['version_id']]}" if r["version_id"] in seqs else "",
        "内容": describe(r, names=names, points=points, documents=docs),
        "之前哈希": short(r["before_hash"]), "之后哈希": short(r["after_hash"]), "链哈希": short(r["hash"]),
    } for r in rows]), hide_index=True, width="stretch")
