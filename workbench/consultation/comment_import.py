"""Bulk import of consolidated 座谈会 minutes (.docx, .csv), previewed before anything is saved.

:func:`preview_import` reads the file and splits it into per-article items by the 第X条 each line
mentions; :func:`save_import` stores the (possibly edited) items in one transaction.

How lines become items:
- Each non-empty paragraph (.docx) or row (.csv) is one opinion. Leading list numbering (1. 、
  一、 （一）) is removed; the wording is otherwise kept as written.
- Meta lines of the minutes (时间：, 地点：, 主持人：, 记录人：, 参加人员/人数：) are not opinions;
  a number of people found in 参加人数/参会人员 becomes the meeting's attendance (参与人次 counts it
  once). The title line (…纪要/汇总/记录, mentioning no article) is skipped.
- References to another law (《…》第十条) are ignored; 第五条至第七条 means 5, 6 and 7;
  第五条第二款 / 第（三）项 anchor the item to that 款/项 when the draft has it.
- A line mentioning no article → a whole-draft item flagged for review — unless it follows a
  heading line such as "一、关于第五条" (a short line with nothing but the reference), in which case
  it belongs to that article (noted in the item).
- A line mentioning two or more articles → one item per article (each keeps the full line), all
  flagged for review and sharing a ``split_key`` so 参与人次 counts the line once. Splitting keeps
  every article's list of opinions complete, which is how the drafting side studies them.
- An article the draft does not have → a whole-draft item flagged for review.
- CSV: a header row is required; recognised columns are 意见 (required; also 意见内容/建议/内容),
  条款 (also 条文/涉及条款), 人数 (also 参与人数), 来源 (also 方式/意见来源), 联系点. A 条款 cell
  takes precedence over references in the text.

Why one module of ~410 lines: splitting minutes into per-article opinions (rows, references, ranges, list prefixes) and saving the reviewed preview are one flow with one preview type.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from base import audit
from workbench.consultation.comments import _insert, _stamp, check_window, clean_participants, clean_source, clean_text, submitting_point, resolve_anchor
from workbench.consultation.consultations import Consultation, check_can_view, find_contact_point, get_consultation
from base.db import transaction
from workbench.documents.store import get_version
from base.errors import InputError
from lawtext.model import Article, LegalDocument
from lawtext.numerals import article_label, cn_to_int
from lawtext.vocabulary import ARTICLE_LABEL, ARTICLE_LABEL_GROUPS, ITEM_LABEL, NUMBER
from lawtext.docx.io import open_docx
from lawtext.files import decode_text
from lawtext.normalize import strip_controls
from lawtext.upload_guard import check_text, check_upload
from workbench.access.users import User
from workbench.access.permissions import allowed

FLAG_NO_ARTICLE = "未提及条款，按整体意见处理"
FLAG_SPLIT = "一句涉及多条，已按条拆分"
FLAG_MISSING = "征求意见稿中没有所提条款"

_NUM = NUMBER
REF_RE = re.compile(
    rf"{ARTICLE_LABEL_GROUPS}"
    rf"(?:第({_NUM})款)?"
    rf"(?:第?[（(]({_NUM})[）)]项)?")
RANGE_GAP_RE = re.compile(r"^\s*(?:至|到|—|－|-|~|～)\s*$")
LIST_PREFIX_RE = re.compile(
    rf"^\s*(?:{ITEM_LABEL}|{NUMBER}\s*[、．.]|[•·●\-–]\s*)\s*")
META_RE = re.compile(r"^\s*(时\s*间|日\s*期|地\s*点|主持人?|记录人?|整理人?|参加(?:人员|人数|单位)|参会(?:人员|人数)|"
                     r"出席人员|联系点|联络员|组织方式|形\s*式)\s*[:：]")
PEOPLE_RE = re.compile(r"(?:共|计|合计)?\s*(\d{1,6})\s*(?:人|名)")
TITLE_RE = re.compile(r"(纪要|汇总|记录|意见建议|座谈会)\s*$")
# "一、关于第五条" / "第五条（登记期限）：" / "关于第五条的意见" — a heading, not an opinion
HEADING_CONTEXT_RE = re.compile(
    rf"^\s*(?:关于)?\s*{ARTICLE_LABEL}(?:[（(][^）)]{{0,20}}[）)])?(?:的)?(?:意见建议|意见|建议)?\s*[:：]?\s*$")

WHOLE_DRAFT = ("整体", "总体", "全文", "整体意见", "总体意见")  # a 条款 cell that explicitly means the whole draft

CSV_COLUMNS = {
    "text": ("意见", "意见内容", "建议", "意见建议", "内容"),
    "article": ("条款", "条文", "涉及条款", "条目"),
    "participants": ("人数", "参与人数", "参与人次"),
    "source": ("来源", "方式", "意见来源", "来源方式"),
    "point": ("联系点", "基层立法联系点"),
}


@dataclass
class Ref:
    article: int
    suffix: int = 0
    paragraph: int | None = None
    item: int | None = None

    @property
    def label(self) -> str:
        return article_label(self.article, self.suffix)


@dataclass
class ImportItem:
    line_no: int
    source_text: str           # the line as written
    text: str                  # the opinion (list numbering removed)
    article_label: str = ""    # '' = whole draft
    element_id: str = ""
    contact_point_id: int | None = None
    participants: int | None = None
    source_kind: str = "座谈会"
    flags: list[str] = field(default_factory=list)
    note: str = ""
    split_key: str = ""
    include: bool = True

    @property
    def needs_review(self) -> bool:
        return bool(self.flags)


@dataclass
class ImportPreview:
    consultation_id: int
    filename: str
    sha256: str
    source_kind: str
    participants: int | None            # meeting attendance, counted once for the batch
    contact_point_id: int | None        # default point for items without a 联系点 column
    items: list[ImportItem]
    meta: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> list[ImportItem]:
        return [i for i in self.items if i.flags]


# --- reading the file -------------------------------------------------------------------------------

def _docx_lines(data: bytes, filename: str) -> list[str]:
    """Paragraphs, then table rows, of minutes in .docx — opened through the upload guard."""
    d = open_docx(data, filename)
    lines = [p.text for p in d.paragraphs]
    for table in d.tables:  # minutes sometimes put opinions in a table: one row = one line
        for row in table.rows:
            cells = list(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip()))
            if cells:
                lines.append("　".join(cells))
    return [strip_controls(line) for line in lines]


def _csv_rows(data: bytes, filename: str) -> tuple[list[dict], dict[str, str]]:
    check_upload(data, filename)
    text = strip_controls(decode_text(data, filename))
    check_text(text, filename)
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as e:
        raise InputError(code="csv", filename=filename, e=e) from None
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise InputError(code="comment_import.csv_rows", filename=filename)
    header = [h.strip() for h in rows[0]]
    mapping: dict[str, int] = {}
    for key, names in CSV_COLUMNS.items():
        for i, h in enumerate(header):
            if h in names:
                mapping[key] = i
                break
    if "text" not in mapping:
        raise InputError(code="comment_import.bad_header", filename=filename, header='、'.join(header))
    out = []
    for n, r in enumerate(rows[1:], start=2):
        out.append({k: (r[i].strip() if i < len(r) else "") for k, i in mapping.items()} | {"line_no": n})
    return out, mapping


# --- references -------------------------------------------------------------------------------------

def find_refs(text: str) -> list[Ref]:
    """Article references in a line of minutes, in order, deduplicated by article."""
    refs: list[Ref] = []
    prev_end, prev_ref = None, None
    for m in REF_RE.finditer(text):
        if m.start() > 0 and text[m.start() - 1] == "》":
            prev_end, prev_ref = None, None
            continue
        try:
            ref = Ref(cn_to_int(m.group(1)), cn_to_int(m.group(2)) if m.group(2) else 0,
                      cn_to_int(m.group(3)) if m.group(3) else None, cn_to_int(m.group(4)) if m.group(4) else None)
        except ValueError:
            continue
        if (prev_ref is not None and RANGE_GAP_RE.match(text[prev_end:m.start()])
                and prev_ref.article < ref.article <= prev_ref.article + 50):
            refs.extend(Ref(n) for n in range(prev_ref.article + 1, ref.article))
        refs.append(ref)
        prev_end, prev_ref = m.end(), ref
    seen: dict[tuple[int, int], Ref] = {}
    for r in refs:
        key = (r.article, r.suffix)
        if key not in seen or (seen[key].paragraph is None and r.paragraph is not None):
            seen[key] = r
    order = list(dict.fromkeys((r.article, r.suffix) for r in refs))
    return [seen[k] for k in order]


def _element(article: Article, ref: Ref) -> str:
    """The most specific element of ``article`` the reference names (the article if none)."""
    paras = article.paragraphs
    if ref.paragraph is not None:
        if not 1 <= ref.paragraph <= len(paras):
            return article.id
        p = paras[ref.paragraph - 1]
        if ref.item is not None and 1 <= ref.item <= len(p.items):
            return p.items[ref.item - 1].id
        return p.id
    if ref.item is not None:
        with_items = [p for p in paras if p.items]
        if len(with_items) == 1 and 1 <= ref.item <= len(with_items[0].items):
            return with_items[0].items[ref.item - 1].id
    return article.id


def _strip_numbering(line: str) -> str:
    return LIST_PREFIX_RE.sub("", line, count=1).strip()


# --- preview ----------------------------------------------------------------------------------------

def _items_for_line(line_no: int, source: str, text: str, tree: LegalDocument, refs: list[Ref],
                    base: ImportItem) -> list[ImportItem]:
    if not refs:
        return [replace(base, line_no=line_no, source_text=source, text=text, flags=[FLAG_NO_ARTICLE])]
    items = []
    found = [(r, tree.article(r.label)) for r in refs]
    missing = [r.label for r, a in found if a is None]
    present = [(r, a) for r, a in found if a is not None]
    split = len(refs) > 1
    for r, a in present:
        flags = [FLAG_SPLIT] if split else []
        note = f"原句涉及：{'、'.join(x.label for x in refs)}" if split else ""
        items.append(replace(base, line_no=line_no, source_text=source, text=text, article_label=a.label,
                             element_id=_element(a, r), flags=flags, note=note,
                             split_key=f"L{line_no}" if split else ""))
    if missing and not present:
        items.append(replace(base, line_no=line_no, source_text=source, text=text, flags=[FLAG_MISSING],
                             note=f"征求意见稿中没有：{'、'.join(missing)}"))
    elif missing:
        for it in items:
            it.flags.append(FLAG_MISSING)
            it.note += f"；征求意见稿中没有：{'、'.join(missing)}"
    return items


def preview_import(db, user: User, consultation_id: int, data: bytes, filename: str, *,
                   contact_point_id: int | None = None, source_kind: str = "座谈会",
                   participants: int | None = None) -> ImportPreview:
    """Split a minutes file into items for review. Nothing is stored."""
    c = get_consultation(db, consultation_id)
    check_can_view(user, c)
    source_kind = clean_source(source_kind)
    if contact_point_id is not None or not _is_staff(user):
        contact_point_id = submitting_point(user, c, contact_point_id)
    tree = get_version(db, c.version_id).tree
    ext = Path(filename or "").suffix.lower()
    if ext not in (".docx", ".csv"):
        raise InputError(code="comment_import.preview_import", ext=ext or '无扩展名')
    check_upload(data, filename)
    base = ImportItem(line_no=0, source_text="", text="", contact_point_id=contact_point_id,
                      source_kind=source_kind)
    preview = ImportPreview(consultation_id=c.id, filename=filename, sha256=hashlib.sha256(data).hexdigest(),
                            source_kind=source_kind, participants=participants,
                            contact_point_id=contact_point_id, items=[])
    if ext == ".docx":
        _preview_lines(preview, _docx_lines(data, filename), tree, base)
    else:
        _preview_csv(db, preview, c, user, data, filename, tree, base)
    if not preview.items:
        raise InputError(code="comment_import.no_comments", filename=filename)
    unassigned = next((i for i in preview.items if i.contact_point_id is None), None)
    if unassigned is not None:
        raise InputError(code="comment_import.no_contact_point", line_no=unassigned.line_no)
    return preview


def _is_staff(user: User) -> bool:
    return allowed(user, "consultation.manage")


def _preview_lines(preview: ImportPreview, lines: list[str], tree: LegalDocument, base: ImportItem) -> None:
    context: Ref | None = None
    seen_content = False
    for n, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if META_RE.match(line):
            preview.meta.append(line)
            if re.match(r"^\s*(参加|参会|出席)", line) and preview.participants is None:
                counts = [int(x) for x in PEOPLE_RE.findall(line)]
                if counts:
                    preview.participants = max(counts) if re.search(r"共|计|合计", line) else sum(counts)
            continue
        text = _strip_numbering(line)
        refs = find_refs(text)
        if not seen_content and not refs and TITLE_RE.search(text) and len(text) <= 40:
            preview.skipped.append(line)
            continue
        seen_content = True
        heading = HEADING_CONTEXT_RE.match(text)
        if heading and len(refs) == 1:
            context = refs[0]
            preview.skipped.append(line)
            continue
        if not refs and re.match(r"^\s*(?:关于|其他|其它|综合|总体|整体)[^，。；]{0,14}[:：]?\s*$", text):
            context = None  # a heading that is not about one article ends the previous section
            preview.skipped.append(line)
            continue
        if not refs and context is not None:
            items = _items_for_line(n, line, text, tree, [context], base)
            for it in items:
                if not it.flags:
                    it.note = f"依上文标题归入{context.label}"
            preview.items.extend(items)
            continue
        preview.items.extend(_items_for_line(n, line, text, tree, refs, base))


def _preview_csv(db, preview: ImportPreview, c: Consultation, user: User, data: bytes, filename: str,
                 tree: LegalDocument, base: ImportItem) -> None:
    rows, mapping = _csv_rows(data, filename)
    for row in rows:
        n, raw = row["line_no"], row.get("text", "")
        if not raw:
            continue
        text = _strip_numbering(raw)
        item_base = replace(base)
        if row.get("participants"):
            item_base.participants = clean_participants(row["participants"])
        if row.get("source"):
            item_base.source_kind = clean_source(row["source"])
        if row.get("point"):
            cp = find_contact_point(db, row["point"])
            item_base.contact_point_id = submitting_point(user, c, cp.id)
        cell = row.get("article", "")
        if cell in WHOLE_DRAFT:
            preview.items.append(replace(item_base, line_no=n, source_text=raw, text=text, note="整体意见"))
            continue
        refs = find_refs(cell) if cell else find_refs(text)
        preview.items.extend(_items_for_line(n, raw, text, tree, refs, item_base))


# --- save -------------------------------------------------------------------------------------------

def save_import(db, user: User, preview: ImportPreview, *, items: list[ImportItem] | None = None,
                today: date | None = None) -> list[int]:
    """Store the reviewed items (``items`` defaults to the preview's) as one batch; return the ids.

    Every item is validated again (the reviewer may have edited article labels or texts); an
    item whose 条款 is emptied becomes a whole-draft comment.
    """
    c = get_consultation(db, preview.consultation_id)
    check_can_view(user, c)
    check_window(c, today)
    chosen = [i for i in (items if items is not None else preview.items) if i.include]
    if not chosen:
        raise InputError(code="comment_import.save_import")
    dup = db.execute("select id from comment_batches where consultation_id = ? and sha256 = ?",
                     [c.id, preview.sha256]).fetchone()
    if dup:
        raise InputError(code="comment_import.duplicate", dup=dup[0])
    tree = get_version(db, c.version_id).tree
    rows = []
    for it in chosen:
        cp = submitting_point(user, c, it.contact_point_id)
        text = clean_text(it.text)
        eid, aid, label, quoted = _resolve_item(tree, it)
        rows.append({
            "contact_point_id": cp, "text": text, "element_id": eid, "article_id": aid, "article_label": label,
            "quoted_text": quoted, "participants": clean_participants(it.participants) if it.participants else None,
            "source_kind": clean_source(it.source_kind), "split_key": it.split_key or None,
            "needs_review": 1 if it.flags else 0, "review_note": "；".join(it.flags + ([it.note] if it.note else [])),
        })
    points = {r["contact_point_id"] for r in rows}
    people = clean_participants(preview.participants) if preview.participants else None
    with transaction(db):
        batch_id = db["comment_batches"].insert({
            "consultation_id": c.id, "contact_point_id": points.pop() if len(points) == 1 else None,
            "filename": preview.filename, "sha256": preview.sha256, "source_kind": preview.source_kind,
            "participants": people, "item_count": len(rows), "imported_at": audit.now_iso(),
            "imported_by": user.username,
        }).last_pk
        ids = []
        for r in rows:
            if r["split_key"]:
                r["split_key"] = f"b{batch_id}-{r['split_key']}"
            ids.append(_insert(db, c, r.pop("contact_point_id"), user, origin="import", batch_id=batch_id,
                               submitted_at=_stamp(today), **r))
        audit.append(db, actor=user.username, action="comment.import", document_id=c.document_id,
                     version_id=c.version_id, detail={"consultation_id": c.id, "batch_id": batch_id,
                                                      "filename": preview.filename, "items": len(ids)})
    return ids


def _resolve_item(tree: LegalDocument, it: ImportItem):
    label = (it.article_label or "").strip()
    if not label or label == "整体意见":
        return None, None, None, ""
    refs = find_refs(label) if not label.startswith("art-") else []
    art = tree.article(label) if label.startswith("art-") else (tree.article(refs[0].label) if refs else None)
    if art is None:
        raise InputError(code="comment_import.resolve_item", line_no=it.line_no, label=label)
    eid = it.element_id if it.element_id and (it.element_id == art.id or it.element_id.startswith(art.id + "-")) \
        else (_element(art, refs[0]) if refs else art.id)
    return resolve_anchor(tree, eid)

