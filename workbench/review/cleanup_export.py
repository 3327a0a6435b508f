"""The 清理目录 as .csv (UTF-8 with BOM, opens in Excel) and .docx (a landscape table in 公文 fonts):
document, article, upper-law article, change, how it relies on it, verdict, suggested action."""
from __future__ import annotations

import csv
import io

from docx.enum.section import WD_ORIENT
from docx.shared import Cm

from lawtext.docx.style import BODY_FONT, SIZE_SANHAO, SIZE_XIAOSI, add_title, new_document, set_run_font
from workbench.review.cleanup import CleanupReport

COLUMNS = ["来源", "文件", "条文", "上位法条文", "变化", "关联方式", "审查意见", "建议"]
WIDTHS_CM = [1.6, 5.2, 1.8, 3.2, 1.6, 1.6, 8.2, 1.6]


def _values(r) -> list[str]:
    return [r.source, r.document, r.article, r.upper_article, r.change, r.how, r.verdict, r.action]


def to_csv(report: CleanupReport) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(COLUMNS + ["条文内容", "上位法修订痕迹", "文件位置"])
    for r in report.rows:
        w.writerow(_values(r) + [r.text, r.redline, r.ref])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _cell(cell, text: str, width_cm: float, *, bold: bool = False) -> None:
    cell.width = Cm(width_cm)
    run = cell.paragraphs[0].add_run(text)
    set_run_font(run, BODY_FONT, SIZE_XIAOSI, bold=bold)


def to_docx(report: CleanupReport) -> bytes:
    doc = new_document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.0)
    add_title(doc, "清理目录")
    p = doc.add_paragraph()
    set_run_font(p.add_run(f"{report.describe}：修改的条文 {len(report.changes)} 条，涉及地方立法条文 "
                           f"{len(report.rows)} 条（检查文件 {report.documents_scanned} 件）。"), BODY_FONT, SIZE_SANHAO)
    table = doc.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    for cell, name, w in zip(table.rows[0].cells, COLUMNS, WIDTHS_CM):
        _cell(cell, name, w, bold=True)
    for r in report.rows:
        for cell, value, w in zip(table.add_row().cells, _values(r), WIDTHS_CM):
            _cell(cell, value, w)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
