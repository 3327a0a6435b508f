"""HTML for the 对照 page: inline and side-by-side redlines of one aligned pair. Every piece of
document text goes through html.escape; only the markup around it is ours."""
from __future__ import annotations

import html
import re

from lawtext.diff.inline import DiffOp
from lawtext.diff.redline import STATUS_NAMES, PairDiff

DEL_STYLE = "background:#fde2e1;color:#a61b1b;text-decoration:line-through"
INS_STYLE = "background:#ddf4e4;color:#0b6b2e;text-decoration:underline;font-weight:600"
STATUS_COLORS = {"unchanged": "gray", "modified": "orange", "moved": "violet", "inserted": "green",
                 "deleted": "red", "split": "blue", "merged": "blue"}
STRUCT_FLAG_NAMES = {"renumbered": "序号调整", "path_changed": "所属章节调整", "refs_only": "仅引用序号变化",
                     "text_changed": "内容修改", "weak_match": "相似度低，请核对"}


def _text(s: str) -> str:
    return html.escape(s).replace("\n", "<br>")


def ops_html(ops: list[DiffOp], side: str = "both") -> str:
    """Ops as HTML. ``side``: "both" (inline redline), "old" (deletions only), "new" (insertions only)."""
    out = []
    for o in ops:
        if o.op == "equal":
            out.append(_text(o.text))
        elif o.op == "delete" and side in ("both", "old"):
            out.append(f'<del style="{DEL_STYLE}">{_text(o.text)}</del>')
        elif o.op == "insert" and side in ("both", "new"):
            out.append(f'<ins style="{INS_STYLE}">{_text(o.text)}</ins>')
    return "".join(out)


_MARKUP = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.S)


def markup_html(markup: str) -> str:
    """A plain-text redline (lawtext.diff.inline.render_markup: [-deleted-]{+inserted+}) as HTML."""
    ops, pos = [], 0
    for m in _MARKUP.finditer(markup):
        if m.start() > pos:
            ops.append(DiffOp("equal", markup[pos:m.start()]))
        ops.append(DiffOp("delete", m.group(1)) if m.group(1) is not None else DiffOp("insert", m.group(2)))
        pos = m.end()
    if pos < len(markup):
        ops.append(DiffOp("equal", markup[pos:]))
    return '<div style="line-height:1.9">' + ops_html(ops) + "</div>"


def labels(item: PairDiff) -> tuple[str, str]:
    return "、".join(item.pair.old_labels) or "（无）", "、".join(item.pair.new_labels) or "（无）"


def heading_markdown(item: PairDiff) -> str:
    """A Markdown line for the pair: labels, a coloured status badge and flag badges (escaped by
    Streamlit's Markdown renderer; labels are 第X条 and statuses/flags are our own words)."""
    old, new = labels(item)
    color = STATUS_COLORS[item.status]
    parts = [f"**{old} → {new}**" if item.status not in ("inserted", "deleted") else f"**{new if item.pair.new_ids else old}**",
             f":{color}-badge[{STATUS_NAMES[item.status]}]"]
    if item.pair.old_ids and item.pair.new_ids and item.status != "unchanged":
        parts.append(f"相似度 {item.pair.similarity:.0%}")
    for f in item.flags:
        parts.append(f":red-badge[{f.name}]")
    for f in item.pair.flags:
        if f in STRUCT_FLAG_NAMES and not (f == "text_changed"):
            parts.append(f":gray-badge[{STRUCT_FLAG_NAMES[f]}]")
    return " ".join(parts)


def flag_details(item: PairDiff) -> str:
    return "；".join(f"{f.name}：{f.detail}" for f in item.flags)


def inline_html(item: PairDiff) -> str:
    return f'<div class="wb-redline" style="line-height:1.9">{ops_html(item.ops, "both")}</div>'


def side_by_side_html(item: PairDiff, old_caption: str = "修改前", new_caption: str = "修改后") -> str:
    """The pair in two columns headed by ``old_caption``/``new_caption`` and the article labels."""
    old, new = labels(item)
    cell = "vertical-align:top;padding:6px 10px;border:1px solid #ddd;width:50%;line-height:1.9"
    return (
        '<table class="wb-redline" style="width:100%;border-collapse:collapse">'
        f'<tr><th style="{cell}">{html.escape(old_caption)} {html.escape(old)}</th>'
        f'<th style="{cell}">{html.escape(new_caption)} {html.escape(new)}</th></tr>'
        f'<tr><td style="{cell}">{ops_html(item.ops, "old")}</td><td style="{cell}">{ops_html(item.ops, "new")}</td></tr>'
        "</table>")
