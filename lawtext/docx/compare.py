"""The two .docx exports of a comparison.

- :func:`comparison_table_docx`: 修改前后对照表 in the mainland three-column form (修改前 / 修改后 /
  说明). In 修改前, deleted words are struck through; in 修改后, added words are bold and
  underlined. By default only changed articles are listed (an article that was only renumbered
  is left out; ``only_changed=False`` lists the full text). 说明 starts with the kind of change (``redline.default_note``) and can be replaced
  row by row with ``notes`` ({row key: text}, keys from ``PairDiff.key``).
- :func:`tracked_changes_docx`: the new text as a Word document carrying REAL revisions:
  ``w:ins`` / ``w:del`` (with ``w:id``, ``w:author``, ``w:date``) around runs, ``w:delText`` inside
  deletions, and inserted/deleted paragraph marks, so Word, WPS and LibreOffice list the changes
  to accept or reject. A moved article is inserted at its new place and deleted at its old one,
  so rejecting every revision gives back the old text. "Track changes" is not switched on in the settings (LibreOffice would then
  report table formatting as extra changes).

Both diff each pair with the article labels included (``第三条　…``), so renumbering shows up
as a change of the label.

Why one module of ~410 lines: the 对照表 and the tracked-changes document share the run writer and the revision ids; apart they would duplicate both.
"""
from __future__ import annotations

import io
import re
from datetime import datetime, timezone

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from lawtext.vocabulary import ARTICLE_LABEL
from lawtext.docx.style import BODY_FONT, HEADING_FONT, SIZE_ERHAO, SIZE_SANHAO, SIZE_XIAOSI, TITLE_FONT, add_title, new_document, set_run_font
from lawtext.diff.inline import DiffOp, diff_words
from lawtext.model import Article, Heading
from lawtext.diff.redline import Comparison, PairDiff, default_note
from lawtext.writer import article_lines

LABEL_SEP = "\u3000"
_LABEL = re.compile(rf"^{ARTICLE_LABEL}(?=\u3000)")


def labelled_text(articles: list[Article]) -> str:
    return "\n".join("\n".join(article_lines(a, sep=LABEL_SEP)) for a in articles)


def labelled_ops(comparison: Comparison, item: PairDiff) -> list[DiffOp]:
    """The pair's word diff with article labels included (so renumbering is visible)."""
    old_by_id = {a.id: a for a in comparison.old.articles}
    new_by_id = {a.id: a for a in comparison.new.articles}
    ot = labelled_text([old_by_id[i] for i in item.pair.old_ids])
    nt = labelled_text([new_by_id[i] for i in item.pair.new_ids])
    if not item.pair.old_ids:
        return [DiffOp("insert", nt)]
    if not item.pair.new_ids:
        return [DiffOp("delete", ot)]
    return diff_words(ot, nt)


def _to_bytes(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# --- 修改前后对照表 --------------------------------------------------------------------------

def _set_cell_width(cell, width) -> None:
    cell.width = width
    tcpr = cell._tc.get_or_add_tcPr()
    w = tcpr.find(qn("w:tcW"))
    if w is None:
        w = OxmlElement("w:tcW")
        tcpr.append(w)
    w.set(qn("w:w"), str(int(width.twips if hasattr(width, "twips") else width / 635)))
    w.set(qn("w:type"), "dxa")


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _fill_cell(cell, segments: list[tuple[str, str]], size=SIZE_XIAOSI) -> None:
    """Write (style, text) segments into a cell; style is plain / struck / added. "\\n" starts a
    new paragraph."""
    paragraphs = [cell.paragraphs[0]]
    for style, text in segments:
        lines = text.split("\n")
        for k, line in enumerate(lines):
            if k:
                paragraphs.append(cell.add_paragraph())
            if not line:
                continue
            run = paragraphs[-1].add_run(line)
            set_run_font(run, BODY_FONT, size)
            if style == "struck":
                run.font.strike = True
            elif style == "added":
                run.bold = True
                run.underline = True
    for p in paragraphs:
        p.paragraph_format.space_after = Pt(0)


def table_rows(comparison: Comparison, *, only_changed: bool = True,
               notes: dict[str, str] | None = None) -> list[dict]:
    """The 对照表 rows as data: key, labels, status, plain 修改前/修改后 texts and 说明.

    The app shows these in ``st.data_editor`` to edit 说明; the same keys go back as ``notes``."""
    notes = notes or {}
    rows = []
    for item in comparison.items:
        if only_changed and not item.listed:
            continue
        rows.append({"key": item.key, "old": "、".join(item.pair.old_labels), "new": "、".join(item.pair.new_labels),
                     "status": item.status, "old_text": item.old_text, "new_text": item.new_text,
                     "note": notes.get(item.key, default_note(item))})
    return rows


def comparison_table_docx(comparison: Comparison, *, title: str | None = None,
                          notes: dict[str, str] | None = None, only_changed: bool = True,
                          headings: tuple[str, str] = ("修改前", "修改后")) -> bytes:
    """The 修改前后对照表 as .docx bytes (see the module docstring). ``headings`` names the two text
    columns (e.g. a corpus law's title when a draft is compared against it)."""
    notes = notes or {}
    doc = new_document()
    name = title or comparison.new.title or comparison.old.title or "文件"
    add_title(doc, f"《{name}》修改前后对照表" if not name.startswith("《") else f"{name}修改前后对照表")
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = (Cm(6.3), Cm(6.3), Cm(3.0))
    header = table.rows[0]
    _repeat_header(header)
    for cell, text, width in zip(header.cells, (*headings, "说明"), widths):
        _set_cell_width(cell, width)
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(p.add_run(text), HEADING_FONT, SIZE_XIAOSI)
    shown = 0
    for item in comparison.items:
        if only_changed and not item.listed:
            continue
        shown += 1
        ops = labelled_ops(comparison, item)
        old_seg = [("struck" if o.op == "delete" else "plain", o.text) for o in ops if o.op != "insert"]
        new_seg = [("added" if o.op == "insert" else "plain", o.text) for o in ops if o.op != "delete"]
        row = table.add_row()
        for cell, width in zip(row.cells, widths):
            _set_cell_width(cell, width)
        _fill_cell(row.cells[0], old_seg)
        _fill_cell(row.cells[1], new_seg)
        _fill_cell(row.cells[2], [("plain", notes.get(item.key, default_note(item)))])
    if not shown:
        row = table.add_row()
        _fill_cell(row.cells[2], [("plain", "两个文本的条文没有差异")])
    return _to_bytes(doc)


# --- tracked changes ------------------------------------------------------------------------

class _Revisions:
    """Builds w:ins / w:del markup with unique ids, one author and one date."""

    def __init__(self, author: str, date: datetime | None):
        self.author = author or "法规起草与审查工作台"
        self.date = (date or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.next_id = 1

    def mark(self, tag: str):
        el = OxmlElement(tag)
        el.set(qn("w:id"), str(self.next_id))
        el.set(qn("w:author"), self.author)
        el.set(qn("w:date"), self.date)
        self.next_id += 1
        return el

    def add_text(self, paragraph, text: str, op: str, font: str, size) -> None:
        if not text:
            return
        run = paragraph.add_run("" if op == "delete" else text)
        set_run_font(run, font, size)
        if op == "equal":
            return
        r = run._r
        if op == "delete":
            for t in r.findall(qn("w:t")):
                r.remove(t)
            dt = OxmlElement("w:delText")
            dt.set(qn("xml:space"), "preserve")
            dt.text = text
            r.append(dt)
        wrapper = self.mark("w:ins" if op == "insert" else "w:del")
        r.addprevious(wrapper)
        wrapper.append(r)

    def mark_paragraph(self, paragraph, op: str) -> None:
        """Mark the paragraph's end mark as inserted or deleted (whole-paragraph revisions)."""
        ppr = paragraph._p.get_or_add_pPr()
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            ppr.append(rpr)
        rpr.append(self.mark("w:ins" if op == "insert" else "w:del"))


def _write_ops(doc, rev: _Revisions, ops: list[DiffOp], size=SIZE_SANHAO) -> None:
    """Write diff ops as body paragraphs; a line break inside an insert/delete inserts/deletes the
    paragraph mark, so added or removed 款 become paragraph revisions."""
    p = _body_paragraph(doc)
    at_start = True
    for o in ops:
        lines = o.text.split("\n")
        for k, line in enumerate(lines):
            if k:
                if o.op != "equal":
                    rev.mark_paragraph(p, o.op)
                p = _body_paragraph(doc)
                at_start = True
            m = _LABEL.match(line) if at_start else None
            if m:
                rev.add_text(p, m.group(0), o.op, HEADING_FONT, size)
                line = line[m.end():]
            rev.add_text(p, line, o.op, BODY_FONT, size)
            if m or line:
                at_start = False
    if ops and all(o.op == "delete" for o in ops):
        rev.mark_paragraph(p, "delete")
    elif ops and all(o.op == "insert" for o in ops):
        rev.mark_paragraph(p, "insert")


def _body_paragraph(doc):
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(32)
    return p


def _heading_paragraph(doc, rev: _Revisions, text: str, op: str) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rev.add_text(p, text, op, HEADING_FONT, SIZE_SANHAO)
    if op != "equal":
        rev.mark_paragraph(p, op)


def _first_stable(body: list, stable: set[str]) -> dict[str, str | None]:
    """Heading id → id of the first ``stable`` article after it (None when none follows)."""
    out: dict[str, str | None] = {}
    waiting: list[str] = []
    for n in body:
        if isinstance(n, Heading):
            waiting.append(n.id)
        elif n.id in stable:
            for h in waiting:
                out[h] = n.id
            waiting = []
    for h in waiting:
        out[h] = None
    return out


def _kept_headings(comparison: Comparison) -> tuple[set[str], set[str]]:
    """Headings that stay where they were: same text, and the first article after them that is
    in both texts and not moved is the same pair (articles inserted, deleted or moved at the
    head of a chapter leave its heading alone). Others are deleted at the old place and
    inserted at the new one."""
    stable_items = [it for it in comparison.items if it.pair.old_ids and it.pair.new_ids and it.status != "moved"]
    old_to_new_item = {oid: k for k, it in enumerate(stable_items) for oid in it.pair.old_ids}
    new_to_item = {nid: k for k, it in enumerate(stable_items) for nid in it.pair.new_ids}
    old_first = _first_stable(comparison.old.body, set(old_to_new_item))
    new_first = _first_stable(comparison.new.body, set(new_to_item))
    old_by_key: dict[tuple[str, int | None], list[str]] = {}
    for h in comparison.old.headings:   # the same text may recur (a 目录 parsed as headings)
        x = old_first[h.id]
        old_by_key.setdefault((h.text, None if x is None else old_to_new_item[x]), []).append(h.id)
    kept_old, kept_new = set(), set()
    for h in comparison.new.headings:
        x = new_first[h.id]
        candidates = old_by_key.get((h.text, None if x is None else new_to_item[x]))
        if candidates:
            kept_old.add(candidates.pop(0))
            kept_new.add(h.id)
    return kept_old, kept_new


def tracked_changes_docx(comparison: Comparison, *, author: str = "", date: datetime | None = None) -> bytes:
    """The new text with every change from the old text as a Word revision (see module docstring).
    Long (~120 lines): one walk over the comparison writing w:ins/w:del runs with shared revision ids; each branch is one kind of change."""
    old, new = comparison.old, comparison.new
    doc = new_document()
    rev = _Revisions(author, date)
    title_p = doc.add_paragraph()
    title_p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if old.title == new.title:
        rev.add_text(title_p, new.title, "equal", TITLE_FONT, SIZE_ERHAO)
    else:
        for o in diff_words(old.title, new.title):
            rev.add_text(title_p, o.text, o.op, TITLE_FONT, SIZE_ERHAO)

    kept_old, kept_new = _kept_headings(comparison)
    new_order = list(new.body)
    emitted_new: set[str] = set()
    emitted_old: set[str] = set()

    def headings_before(node_id: str, body: list, emitted: set[str]) -> list[Heading]:
        """Headings of ``body`` up to ``node_id`` not yet written."""
        out = []
        for n in body:
            if n.id == node_id:
                break
            if isinstance(n, Heading) and n.id not in emitted:
                out.append(n)
        return out

    def old_headings_before(article_id: str) -> None:
        """Headings that only the old text had are deleted where the old articles under them go."""
        for h in headings_before(article_id, old.body, emitted_old):
            emitted_old.add(h.id)
            if h.id not in kept_old:
                _heading_paragraph(doc, rev, h.text, "delete")

    # a moved article is inserted at its new place and deleted at its old place (after the item
    # holding the preceding old article), so rejecting every revision restores the old order
    items = comparison.items
    old_pos = {a.id: k for k, a in enumerate(old.articles)}
    holder = {oid: k for k, it in enumerate(items) if it.status != "moved" for oid in it.pair.old_ids}
    old_by_pos = [a.id for a in old.articles]
    moved_after: dict[int, list[PairDiff]] = {}
    for it in items:
        if it.status == "moved":
            k = old_pos[it.pair.old_ids[0]] - 1
            while k >= 0 and old_by_pos[k] not in holder:
                k -= 1
            moved_after.setdefault(holder[old_by_pos[k]] if k >= 0 else -1, []).append(it)

    def write_moved_out(k: int) -> None:
        for it in sorted(moved_after.get(k, []), key=lambda it: old_pos[it.pair.old_ids[0]]):
            old_headings_before(it.pair.old_ids[0])
            ops = labelled_ops(comparison, it)
            _write_ops(doc, rev, [DiffOp("delete", "".join(o.text for o in ops if o.op != "insert"))])

    # split/merge groups are written over their full span: an inserted article between the
    # parts of a split (or a deleted one between merged parts) is written inside the group, so
    # the text stays in document order. If a heading lies inside the span, the old articles are
    # deleted and the new ones inserted one by one, each after its own headings.
    new_pos = {a.id: k for k, a in enumerate(new.articles)}
    item_of = {("new", x): k for k, it in enumerate(items) for x in it.pair.new_ids}
    item_of.update({("old", x): k for k, it in enumerate(items) for x in it.pair.old_ids})
    spans: dict[int, tuple[list, list]] = {}
    absorbed: set[int] = set()
    for k, it in enumerate(items):
        if it.status not in ("split", "merged"):
            continue
        ns = [new_pos[x] for x in it.pair.new_ids]
        os_ = [old_pos[x] for x in it.pair.old_ids]
        full_new = new.articles[min(ns):max(ns) + 1]
        full_old = old.articles[min(os_):max(os_) + 1]
        extra = [item_of[("new", a.id)] for a in full_new if a.id not in it.pair.new_ids] + \
                [item_of[("old", a.id)] for a in full_old if a.id not in it.pair.old_ids]
        if all(items[e].status in ("inserted", "deleted") for e in extra):
            spans[k] = (full_old, full_new)
            absorbed.update(extra)

    def crosses_heading(body: list, ids: list[str]) -> bool:
        pos = [k for k, n in enumerate(body) if n.id in set(ids)]
        return any(isinstance(n, Heading) for n in body[min(pos):max(pos) + 1]) if pos else False

    def new_headings_before(article_id: str) -> None:
        for h in headings_before(article_id, new_order, emitted_new):
            emitted_new.add(h.id)
            _heading_paragraph(doc, rev, h.text, "equal" if h.id in kept_new else "insert")

    write_moved_out(-1)
    for k, item in enumerate(items):
        if k in absorbed:
            write_moved_out(k)
            continue
        p = item.pair
        full_old, full_new = spans.get(k, (None, None))
        if full_old is not None and (crosses_heading(old.body, [a.id for a in full_old])
                                     or crosses_heading(new.body, [a.id for a in full_new])):
            for a in full_old:
                old_headings_before(a.id)
                _write_ops(doc, rev, [DiffOp("delete", labelled_text([a]))])
            for a in full_new:
                new_headings_before(a.id)
                _write_ops(doc, rev, [DiffOp("insert", labelled_text([a]))])
            write_moved_out(k)
            continue
        if p.old_ids and item.status != "moved":
            old_headings_before(p.old_ids[0])
        if p.new_ids:
            new_headings_before(p.new_ids[0])
        if full_old is not None:
            ops = diff_words(labelled_text(full_old), labelled_text(full_new))
        else:
            ops = labelled_ops(comparison, item)
        if item.status == "moved":
            ops = [DiffOp("insert", "".join(o.text for o in ops if o.op != "delete"))]
        _write_ops(doc, rev, ops)
        write_moved_out(k)
    for h in old.headings:  # trailing headings without articles
        if h.id not in emitted_old and h.id not in kept_old:
            _heading_paragraph(doc, rev, h.text, "delete")
    for h in new.headings:
        if h.id not in emitted_new:
            _heading_paragraph(doc, rev, h.text, "equal" if h.id in kept_new else "insert")
    return _to_bytes(doc)
