"""公文 (GB/T 9704-2012 党政机关公文格式): the one writer of every letter the workbench issues.

A :class:`Letter` holds the elements of a 公文 in 文件格式; :func:`letter_docx` lays them out:

- 版头: 发文机关标志 (red 小标宋, centred, 35 mm below the top of the 版心), 发文字号 two lines
  below it, and 4 mm under that the red separator line as wide as the 版心;
- 主体: 标题 (二号小标宋, centred, two lines below the red line), 主送机关 (flush left, full-width
  colon), 正文 (三号仿宋, 2-character first-line indent; 一、 in 黑体, （一） in 楷体, 1. and （1）
  in 仿宋), 附件说明, 发文机关署名 and 成文日期 (right-aligned, the date's first character two
  characters right of the signature's, the date in Arabic numerals), 附注 in parentheses;
- 附件: each on a new page, 「附件N」 in 黑体 top left, its title centred on the third line;
- 版记 at the foot of the last page's 版心: 抄送 and 印发机关/印发日期 (四号仿宋) between a thick
  first and last rule with a thin rule between them;
- page: A4, 版心 156 × 225 mm (top 37 mm, left 28 mm), 22 lines of 28 characters (fixed line
  pitch 28.95 pt), page numbers 「— 1 —」 in 四号 宋体 7 mm under the 版心, odd pages right, even
  pages left.

Fonts are the names 公文 templates use (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312); machines
without them fall back to Noto CJK. The caller supplies plain text: a letter never shows codes.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from lawtext.docx.style import (BODY_FONT, HEADING_FONT, KAITI, SIZE_ERHAO, SIZE_SANHAO, SIZE_SIHAO, TITLE_FONT,
                                new_document, set_run_font)

RED = RGBColor(0xE6, 0x00, 0x12)
RED_HEX = "E60012"
LINE_PITCH = Pt(28.95)          # 225 mm / 22 lines
CHAR = 16                       # one 三号 character, in points
SIZE_MARK = Pt(36)              # 发文机关标志
SONG = "宋体"
FRAME_WIDTH_TWIPS = 8845        # the 版心: 156 mm


@dataclass(frozen=True)
class Para:
    """A paragraph of the 正文. ``level``: 0 body text, 1 「一、」 (黑体), 2 「（一）」 (楷体),
    3 「1.」 (仿宋); ``lead`` (optional) is set in the level's face before ``text`` in 仿宋."""
    text: str
    level: int = 0
    lead: str = ""


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths_cm: tuple[float, ...] = ()      # summing to 15.6 (the 版心)
    size_pt: float = 14                    # 四号; 小四 (12) for dense tables


Block = Para | Table


@dataclass(frozen=True)
class Attachment:
    title: str
    blocks: tuple[Block, ...] = ()
    write: Callable | None = None        # writes more content into the document (e.g. a draft law)


@dataclass(frozen=True)
class Letter:
    issuer: str                          # 发文机关 (full name): the 标志 and the 署名
    number: str                          # 发文字号, e.g. 示司审〔2026〕3号 ("" while a draft)
    title: str
    recipients: tuple[str, ...]          # 主送机关
    body: tuple[Block, ...]
    signed_on: date | None               # 成文日期 (None: 「（未签发）」)
    attachments: tuple[Attachment, ...] = ()
    notes: tuple[str, ...] = ()          # 附注, each in parentheses
    cc: tuple[str, ...] = ()             # 抄送
    printer: str = ""                    # 印发机关 (default: the issuer's 办公室)
    printed_on: date | None = None       # 印发日期 (default: 成文日期)
    mark: str = ""                       # 发文机关标志 (default: the issuer + 文件)
    draft_note: str = ""                 # e.g. （未签署稿）, under the title


def cn_date(d: date) -> str:
    """成文日期: 2026年12月7日 (Arabic numerals, no leading zeros)."""
    return f"{d.year}年{d.month}月{d.day}日"


# --- XML helpers -----------------------------------------------------------------------------------

_PPR_AFTER_BDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                  "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
                  "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                  "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                  "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _rule(paragraph, side: str, *, eighths: int, color: str = "000000", space: int = 1) -> None:
    """A paragraph border line on ``side`` (top/bottom); width in eighths of a point."""
    ppr = paragraph._p.get_or_add_pPr()
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = OxmlElement("w:pBdr")
        ppr.insert_element_before(bdr, *_PPR_AFTER_BDR)
    el = OxmlElement(f"w:{side}")
    for k, v in (("val", "single"), ("sz", str(eighths)), ("space", str(space)), ("color", color)):
        el.set(qn(f"w:{k}"), v)
    bdr.append(el)


def _para(doc, text: str = "", *, font: str = BODY_FONT, size=SIZE_SANHAO, align=None, indent_chars: float = 0,
          left_chars: float = 0, right_chars: float = 0, color=None, pitch=LINE_PITCH):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if pitch is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = pitch
    if align is not None:
        p.alignment = align
    char = size.pt
    if indent_chars:
        fmt.first_line_indent = Pt(indent_chars * char)
    if left_chars:
        fmt.left_indent = Pt(left_chars * char)
    if right_chars:
        fmt.right_indent = Pt(right_chars * char)
    if text:
        run = set_run_font(p.add_run(text), font, size)
        if color is not None:
            run.font.color.rgb = color
    return p


def _blank(doc, lines: int = 1) -> None:
    for _ in range(lines):
        _para(doc)


def _page_break(doc) -> None:
    p = _para(doc)
    p.add_run().add_break(WD_BREAK.PAGE)


# --- the parts --------------------------------------------------------------------------------------

def _masthead(doc, letter: Letter) -> None:
    mark = _para(doc, letter.mark or f"{letter.issuer}文件", font=TITLE_FONT, size=SIZE_MARK,
                 align=WD_ALIGN_PARAGRAPH.CENTER, color=RED, pitch=None)
    mark.paragraph_format.space_before = Mm(35) - int(SIZE_MARK * 0.2)
    mark.paragraph_format.line_spacing = 1.0
    _blank(doc, 2)
    number = _para(doc, letter.number or "（未编号）", align=WD_ALIGN_PARAGRAPH.CENTER)
    _rule(number, "bottom", eighths=12, color=RED_HEX, space=11)     # 4 mm under the 发文字号


def _heading(doc, letter: Letter) -> None:
    _blank(doc, 2)
    _para(doc, letter.title, font=TITLE_FONT, size=SIZE_ERHAO, align=WD_ALIGN_PARAGRAPH.CENTER, pitch=Pt(35))
    if letter.draft_note:
        _para(doc, letter.draft_note, font=KAITI, align=WD_ALIGN_PARAGRAPH.CENTER)
    _blank(doc)
    if letter.recipients:
        _para(doc, "、".join(letter.recipients) + "：")


LEVEL_FONTS = {0: BODY_FONT, 1: HEADING_FONT, 2: KAITI, 3: BODY_FONT}


def _block(doc, block: Block, *, size=SIZE_SANHAO) -> None:
    if isinstance(block, Table):
        add_table(doc, block)
        return
    p = _para(doc, indent_chars=2, size=size)
    if block.lead:
        set_run_font(p.add_run(block.lead), LEVEL_FONTS.get(block.level, BODY_FONT), size)
    if block.text:
        font = LEVEL_FONTS.get(block.level, BODY_FONT) if not block.lead else BODY_FONT
        set_run_font(p.add_run(block.text), font, size)


def add_table(doc, t: Table) -> None:
    """A grid table (header in 黑体, centred); also used by non-letter documents (reports, exports)."""
    table = doc.add_table(rows=1, cols=len(t.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if t.widths_cm:
        table.autofit = False
        for col, width in zip(table.columns, t.widths_cm):
            col.width = Cm(width)
    rows = [(t.header, HEADING_FONT), *((r, BODY_FONT) for r in t.rows)]
    for k, (values, font) in enumerate(rows):
        cells = table.rows[0].cells if k == 0 else table.add_row().cells
        for n, (cell, text) in enumerate(zip(cells, values)):
            if t.widths_cm:
                cell.width = Cm(t.widths_cm[n])
            p = cell.paragraphs[0]
            p.paragraph_format.line_spacing = 1.0
            if k == 0:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_run_font(p.add_run(str(text)), font, Pt(t.size_pt))


def _attachment_note(doc, letter: Letter) -> None:
    """附件说明: 「附件：1. 名称」, later names aligned with the first name's first character."""
    if not letter.attachments:
        return
    _blank(doc)
    many = len(letter.attachments) > 1
    for n, a in enumerate(letter.attachments, 1):
        head = "附件：" if n == 1 else ""
        text = f"{n}. {a.title}" if many else a.title
        _para(doc, head + text, left_chars=2 if n == 1 else 5)


def _signature(doc, letter: Letter) -> None:
    """署名 and 成文日期 (不加盖印章): the date 2 characters from the right margin, its first
    character 2 characters right of the signature's first; a longer signature keeps 2 characters."""
    _blank(doc)
    when = cn_date(letter.signed_on) if letter.signed_on else "（未签发）"
    sig_len, date_len = _width(letter.issuer), _width(when)
    date_right = 2 + max(0.0, sig_len - date_len - 2)
    sig_right = date_right + date_len + 2 - sig_len
    _para(doc, letter.issuer, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=sig_right)
    _para(doc, when, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=date_right)
    for note in letter.notes:
        _para(doc, f"（{note}）", indent_chars=2)


def _width(text: str) -> float:
    """Width in 三号 characters (ASCII digits and letters are half width)."""
    return sum(0.5 if ord(ch) < 128 else 1 for ch in text)


def _attachments(doc, letter: Letter) -> None:
    for n, a in enumerate(letter.attachments, 1):
        _page_break(doc)
        _para(doc, "附件" + (str(n) if len(letter.attachments) > 1 else ""), font=HEADING_FONT)
        _blank(doc)
        _para(doc, a.title, font=TITLE_FONT, size=SIZE_ERHAO, align=WD_ALIGN_PARAGRAPH.CENTER, pitch=Pt(35))
        _blank(doc)
        for b in a.blocks:
            _block(doc, b)
        if a.write is not None:
            a.write(doc)


def _colophon(doc, letter: Letter) -> None:
    """版记 at the foot of the last page's 版心: a paragraph frame positioned so that its last line
    ends on the bottom edge of the 版心 (lines of exactly one pitch), 抄送 then 印发机关 (left, one
    character in) and 印发日期 (right); a thick first and last rule and a thin rule between them,
    drawn as lines anchored to the page (paragraph borders inside a frame are lost by LibreOffice)."""
    printed = letter.printed_on or letter.signed_on
    lines = []
    if letter.cc:
        lines.append(("抄送：" + "、".join(letter.cc) + "。", ""))
    lines.append((letter.printer or f"{letter.issuer}办公室", (cn_date(printed) + "印发") if printed else ""))
    anchor = _para(doc, pitch=Pt(1))
    bottom = Mm(297 - 35).pt
    top = bottom - len(lines) * LINE_PITCH.pt
    for k in range(len(lines) + 1):
        thick = k in (0, len(lines))
        _page_line(anchor, top + k * LINE_PITCH.pt, Pt(1.0) if thick else Pt(0.7), k + 1)
    for left, right in lines:
        p = _para(doc, left, size=SIZE_SIHAO, left_chars=1, right_chars=1)
        if right:
            p.paragraph_format.tab_stops.add_tab_stop(Mm(156) - Pt(14), WD_TAB_ALIGNMENT.RIGHT)
            set_run_font(p.add_run("\t" + right), BODY_FONT, SIZE_SIHAO)
        _frame_at_foot(p, len(lines))


_LINE_XML = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:drawing>'
    '<wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" distT="0" '
    'distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{n}" behindDoc="0" locked="1" layoutInCell="1" '
    'allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="page"><wp:posOffset>{x}'
    '</wp:posOffset></wp:positionH><wp:positionV relativeFrom="page"><wp:posOffset>{y}</wp:posOffset>'
    '</wp:positionV><wp:extent cx="{w}" cy="0"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
    '<wp:docPr id="{id}" name="版记分隔线{n}"/><wp:cNvGraphicFramePr/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData '
    'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:cNvCnPr/><wps:spPr>'
    '<a:xfrm><a:off x="0" y="0"/><a:ext cx="{w}" cy="0"/></a:xfrm><a:prstGeom prst="line"><a:avLst/>'
    '</a:prstGeom><a:ln w="{lw}"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln></wps:spPr>'
    '<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>')
EMU_PER_PT = 12700


def _page_line(paragraph, y_pt: float, width, n: int) -> None:
    """A horizontal rule as wide as the 版心 at ``y_pt`` from the top of the page."""
    xml = _LINE_XML.format(n=n, id=9000 + n, x=int(Mm(28)), y=int(y_pt * EMU_PER_PT), w=int(Mm(156)),
                           lw=int(width.pt * EMU_PER_PT))
    paragraph._p.append(parse_xml(xml))


def _frame_at_foot(paragraph, lines: int) -> None:
    """An absolutely positioned frame (w:framePr) whose ``lines`` lines end on the 版心's bottom edge;
    consecutive paragraphs with the same frame properties share the frame."""
    height = lines * LINE_PITCH.pt
    top = Mm(297 - 35).pt - height
    fr = OxmlElement("w:framePr")
    for k, v in (("w", str(FRAME_WIDTH_TWIPS)), ("h", str(round(height * 20))), ("hRule", "exact"),
                 ("wrap", "around"), ("vAnchor", "page"), ("hAnchor", "page"), ("x", str(round(Mm(28).pt * 20))),
                 ("y", str(round(top * 20)))):
        fr.set(qn(f"w:{k}"), v)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert_element_before(fr, "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", *_PPR_AFTER_BDR)


def _page_numbers(doc) -> None:
    """「— N —」 in 四号 宋体, 7 mm under the 版心: odd pages right, even pages left, one character in."""
    doc.settings.odd_and_even_pages_header_footer = True
    sec = doc.sections[0]
    sec.footer_distance = Mm(35 - 7 - 5)
    for footer, align in ((sec.footer, WD_ALIGN_PARAGRAPH.RIGHT), (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        p.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            p.paragraph_format.right_indent = Pt(14)
        else:
            p.paragraph_format.left_indent = Pt(14)
        set_run_font(p.add_run("— "), SONG, SIZE_SIHAO)
        fld = OxmlElement("w:fldSimple")
        fld.set(qn("w:instr"), "PAGE")
        run = set_run_font(p.add_run("1"), SONG, SIZE_SIHAO)
        p._p.remove(run._r)
        fld.append(run._r)
        p._p.append(fld)
        set_run_font(p.add_run(" —"), SONG, SIZE_SIHAO)


def letter_document(letter: Letter):
    """The python-docx Document of ``letter`` (see the module docstring)."""
    doc = new_document()
    doc.core_properties.title = letter.title[:250]
    doc.core_properties.author = letter.issuer
    doc.core_properties.comments = "由法规起草与审查工作台生成（GB/T 9704-2012 公文格式）"
    normal = doc.styles["Normal"].paragraph_format
    normal.line_spacing_rule, normal.line_spacing = WD_LINE_SPACING.EXACTLY, LINE_PITCH
    normal.space_before = normal.space_after = Pt(0)
    _masthead(doc, letter)
    _heading(doc, letter)
    for b in letter.body:
        _block(doc, b)
    _attachment_note(doc, letter)
    _signature(doc, letter)
    _attachments(doc, letter)
    _colophon(doc, letter)
    _page_numbers(doc)
    return doc


def letter_docx(letter: Letter) -> bytes:
    buf = io.BytesIO()
    letter_document(letter).save(buf)
    return buf.getvalue()


__all__ = ["Attachment", "Letter", "Para", "Table", "add_table", "cn_date", "letter_docx", "letter_document"]
