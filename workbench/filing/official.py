"""A small GB/T 9704 公文 writer for the 备案审查 letters — STAND-IN until the project's one 公文 writer
(``lawtext/docx/official.py``, issue 19) is on main; it takes the same elements so switching is one
call: 发文机关标志, 发文字号, 标题, 主送机关, 正文, 附件说明 (optional), 落款 (发文机关署名), 成文日期.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from lawtext.docx.style import BODY_FONT, SIZE_ERHAO, SIZE_SANHAO, TITLE_FONT, add_body, new_document, set_run_font

RED = RGBColor(0xC0, 0x00, 0x00)


@dataclass
class OfficialLetter:
    issuer: str                 # 发文机关 (标志 and 署名)
    number: str                 # 发文字号, e.g. 示司备函〔2026〕3号
    title: str                  # 标题, e.g. 关于《…》的纠正意见函
    to: str                     # 主送机关
    body: list[str]             # 正文 paragraphs (plain Chinese)
    issued_on: date             # 成文日期
    attachments: list[str] = field(default_factory=list)   # 附件说明 lines
    tables: list[tuple[list[str], list[list[str]]]] = field(default_factory=list)  # (header, rows) after the body


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _red_rule(paragraph) -> None:
    """The red separator line under the 发文字号 (a bottom border on its paragraph)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "12"), ("w:space", "4"), ("w:color", "C00000")):
        bottom.set(qn(k), v)
    borders.append(bottom)
    ppr.append(borders)


def _centered(d, text: str, font: str, size, *, color=None):
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = set_run_font(p.add_run(text), font, size)
    if color is not None:
        run.font.color.rgb = color
    return p


def _right(d, text: str):
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p.paragraph_format.right_indent = Pt(64)
    set_run_font(p.add_run(text), BODY_FONT, SIZE_SANHAO)
    return p


def add_table(d, header: list[str], rows: list[list[str]]) -> None:
    t = d.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, header):
        set_run_font(cell.paragraphs[0].add_run(text), "黑体", Pt(12))
    for row in rows:
        cells = t.add_row().cells
        for cell, text in zip(cells, row):
            set_run_font(cell.paragraphs[0].add_run(str(text)), BODY_FONT, Pt(12))


def official_docx(letter: OfficialLetter) -> bytes:
    d = new_document()
    _centered(d, letter.issuer + "文件" if not letter.issuer.endswith("文件") else letter.issuer, TITLE_FONT,
              Pt(36), color=RED)
    _red_rule(_centered(d, letter.number, BODY_FONT, SIZE_SANHAO))
    d.add_paragraph()
    _centered(d, letter.title, TITLE_FONT, SIZE_ERHAO)
    d.add_paragraph()
    add_body(d, f"{letter.to}：", indent=False)
    for para in letter.body:
        add_body(d, para)
    for header, rows in letter.tables:
        add_table(d, header, rows)
    if letter.attachments:
        d.add_paragraph()
        for i, line in enumerate(letter.attachments, 1):
            add_body(d, ("附件：" if i == 1 else "　　　") + (f"{i}. " if len(letter.attachments) > 1 else "") + line)
    d.add_paragraph()
    _right(d, letter.issuer)
    _right(d, cn_date(letter.issued_on))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
