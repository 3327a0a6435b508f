"""Rule documentation generated from the rule book (``python -m workbench rules docs``)."""
from __future__ import annotations

from pathlib import Path

from checks.base import DOC_SECTIONS, HEADS, SEVERITY_NAMES, Rule
from checks.registry import NOT_AUTOMATED, all_rules

SECTION_NAMES = {"What it checks": "检查内容", "Why": "理由", "Fires on": "触发示例", "Does not fire on": "不触发示例",
                 "Basis": "依据"}
LEVEL_NAMES = {"LR": "地方性法规", "GR": "政府规章", "ND": "行政规范性文件"}
REQ_NAMES = {"tree": "条文", "corpus": "法规库", "dossier": "卷宗", "meta": "文件信息"}


def severity_text(r: Rule) -> str:
    if isinstance(r.severity, dict):
        return "；".join(f"{LEVEL_NAMES[k]}：{SEVERITY_NAMES[v]}" for k, v in r.severity.items())
    return SEVERITY_NAMES[r.severity]


def rule_markdown(r: Rule) -> str:
    sec = r.doc_sections()
    lines = [f"# {r.id} {r.title}", "",
             f"- 适用层级：{'、'.join(LEVEL_NAMES[lv] for lv in sorted(r.levels))}",
             f"- 严重程度：{severity_text(r)}",
             f"- 依据：{r.basis}",
             f"- 审核意见书归类：{HEADS[r.head] if r.head else '立法技术规范'}",
             f"- 所需输入：{'、'.join(REQ_NAMES[x] for x in sorted(r.requires))}"]
    if r.params:
        lines.append(f"- 地区参数：{'、'.join(r.params)}（见 checks/jurisdictions.toml）")
    lines.append(f"- 源代码：checks/{r.family}.py")
    for s in DOC_SECTIONS:
        lines += ["", f"## {SECTION_NAMES[s]}", "", sec.get(s, "")]
    return "\n".join(lines) + "\n"


def index_markdown() -> str:
    lines = ["# 合法性审核规则", "", "| 编号 | 名称 | 层级 | 严重程度 |", "|---|---|---|---|"]
    for r in all_rules():
        lines.append(f"| [{r.id}]({r.id}.md) | {r.title} | {'/'.join(sorted(r.levels))} | {severity_text(r)} |")
    lines += ["", "## 不能自动检查、需人工核对的目录规则", ""]
    lines += [f"- {k}：{v}" for k, v in NOT_AUTOMATED.items()]
    return "\n".join(lines) + "\n"


def write_docs(out_dir: str | Path) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for r in all_rules():
        p = out / f"{r.id}.md"
        p.write_text(rule_markdown(r), encoding="utf-8")
        written.append(p)
    p = out / "README.md"
    p.write_text(index_markdown(), encoding="utf-8")
    written.append(p)
    return written
