""".docx in and out.

Reading (:func:`read_docx`):

1. the upload guard (lawtext.upload_guard.docx_package) inflates the archive under measured limits
   *before* python-docx touches it: corrupt/truncated archives, archives without
   ``word/document.xml``, too many members, zip bombs (measured while inflating, whatever sizes
   the archive declares), DTDs in XML parts and bodies of more paragraphs than any legal text are
   refused with a Chinese :class:`InputError`;
2. the body is walked in document order with a small XML reader (python-docx's
   ``paragraph.text`` drops text inside ``w:ins``): inserted text counts as accepted, ``w:del`` /
   ``w:moveFrom`` / hidden runs are dropped, a deleted paragraph mark joins the paragraph with the
   next one, table rows with several cells become one line (cells joined by a space);
3. automatic numbering (``w:numPr`` on the paragraph or its style) is replayed with
   :mod:`lawtext.docx.numbering` and the computed label (第一条, （一）, 1.) is put in front of the
   text unless the text already starts with it (WPS repeats numbering on headings);
4. the lines go through the one parser (``parser.classify`` / ``parser.build``, exactly what
   ``parse_lines`` does) with hints only .docx has: the centred/large title paragraph, headings
   marked by an outline level or a heading style, and — in files this module wrote — the
   paragraph styles of the title, subtitle and 题注, so that an export re-imports to the same tree.

Writing (:func:`write_docx`): 公文 layout with :mod:`lawtext.docx.style`.

Why one module of ~590 lines: reading applies Word numbering, tracked changes and the parser's line classes in one pass, and writing is its exact inverse (the round-trip tests hold them together). To split next: the writer into docx/write.py.
"""
from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

from lawtext.docx.numbering import NumberingDefinitions, NumberingState, w, wval
from lawtext.errors import InputError
from lawtext.model import LEVELS, Article, Heading, LegalDocument
from lawtext.normalize import normalise_line
from lawtext.parser import APPENDIX_RE, ARTICLE_LENIENT_RE, HEADING_RE, ITEM_RE, SUBITEM_RE, TOC_RE, Line, heading_line, build, classify
from lawtext.upload_guard import check_paragraph_count, docx_package
from lawtext.vocabulary import looks_like_preface
from lawtext.writer import article_lines
from lawtext.docx.style import SIZE_SIHAO, BODY_FONT, HEADING_FONT, KAITI, SIZE_SANHAO, add_body, add_heading_line, add_title, new_document, set_run_font

# --- opening ---------------------------------------------------------------------------------
# Uploads never reach python-docx as sent: lawtext.upload_guard.docx_package inflates every member
# under measured limits and re-packs exactly those bytes (see that module).


def open_docx(data: bytes, name: str):
    """The python-docx Document of an uploaded .docx, through the upload guard (bounded unzip,
    then at most MAX_LINES paragraphs)."""
    package = docx_package(data, name)
    import docx
    try:
        document = docx.Document(io.BytesIO(package))
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, OSError) as e:
        raise InputError(code="docx.open_docx", name=name, error_type=type(e).__name__) from None
    except Exception as e:  # lxml syntax errors and other malformed-package failures
        raise InputError(code="docx.malformed", name=name, error_type=type(e).__name__) from None
    root = document.element
    if root.tag != w("document") or root.find(w("body")) is None:     # e.g. a mutated root element
        raise InputError(code="docx_not_document", name=name)
    check_paragraph_count(sum(1 for _ in root.body.iter(w("p"))), name)
    return document


# --- styles --------------------------------------------------------------------------------
ROLE_STYLES = {  # style id or lower-case name → role
    "lawtitle": "title", "法规标题": "title", "title": "title", "标题": "title",
    "lawsubtitle": "subtitle", "法规副标题": "subtitle", "subtitle": "subtitle", "副标题": "subtitle",
    "lawpreface": "preface", "题注": "preface",
}
EXPORT_MARKER_STYLE = "LawPreface"   # present in every .docx written by write_docx
_HEADING_NAME = re.compile(r"^(?:heading|标题) ?([1-9])$", re.I)
_TOC_NAME = re.compile(r"^(?:toc|目录) ?[1-9]$", re.I)


@dataclass
class _StyleProps:
    name: str = ""
    jc: str | None = None
    sz: int | None = None           # half-points
    outline: int | None = None
    num_id: str | None = None
    ilvl: int | None = None
    role: str | None = None
    toc: bool = False


class _Styles:
    def __init__(self, root):
        self.raw: dict[str, dict] = {}
        self.default_para: str | None = None
        self.default_sz: int | None = None
        self.ids: set[str] = set()
        self._cache: dict[str | None, _StyleProps] = {}
        if root is None:
            return
        dd = root.find(w("docDefaults"))
        if dd is not None:
            sz = dd.find(f"{w('rPrDefault')}/{w('rPr')}/{w('sz')}")
            if sz is not None:
                self.default_sz = _to_int(sz.get(w("val")))
        for st in root.findall(w("style")):
            sid = st.get(w("styleId"))
            if sid is None:
                continue
            self.ids.add(sid)
            if st.get(w("type")) != "paragraph":
                continue
            ppr = st.find(w("pPr"))
            rpr = st.find(w("rPr"))
            numpr = ppr.find(w("numPr")) if ppr is not None else None
            self.raw[sid] = {
                "name": wval(st, "name") or "",
                "based_on": wval(st, "basedOn"),
                "jc": wval(ppr, "jc"),
                "sz": _to_int(wval(rpr, "sz")),
                "outline": _to_int(wval(ppr, "outlineLvl")),
                "num_id": wval(numpr, "numId") if numpr is not None else None,
                "ilvl": _to_int(wval(numpr, "ilvl")) if numpr is not None else None,
            }
            if st.get(w("default")) in ("1", "true", "on"):
                self.default_para = sid

    def style_num_ids(self) -> dict[str, str]:
        return {sid: r["num_id"] for sid, r in self.raw.items() if r["num_id"]}

    def props(self, sid: str | None) -> _StyleProps:
        if sid not in self.raw:
            sid = self.default_para
        if sid in self._cache:
            return self._cache[sid]
        out = _StyleProps()
        chain, cur = [], sid
        while cur in self.raw and cur not in chain and len(chain) < 20:
            chain.append(cur)
            cur = self.raw[cur]["based_on"]
        for key in ("jc", "sz", "outline", "num_id", "ilvl"):
            for c in chain:
                if self.raw[c][key] is not None:
                    setattr(out, key, self.raw[c][key])
                    break
        if chain:
            own = self.raw[chain[0]]["name"]
            out.name = own
            out.role = ROLE_STYLES.get(chain[0].lower()) or ROLE_STYLES.get(own.lower())
            m = _HEADING_NAME.match(own)
            if out.outline is None and m:
                out.outline = int(m.group(1)) - 1
            out.toc = bool(_TOC_NAME.match(own) or _TOC_NAME.match(chain[0]))
        self._cache[sid] = out
        return out


def _to_int(v) -> int | None:
    try:
        return int(v) if v is not None else None
    except ValueError:
        return None


# --- body reader ---------------------------------------------------------------------------
@dataclass
class _Para:
    text: str
    centred: bool = False
    size: int | None = None
    outline: int | None = None
    role: str | None = None
    toc: bool = False


_SKIP_TAGS = {w(t) for t in ("del", "moveFrom", "delText", "instrText", "delInstrText", "pPr", "rPr",
                             "footnoteReference", "endnoteReference", "commentReference", "txbxContent",
                             "fldData", "rubyBase")}
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_OFF = ("0", "false", "off")


def _hidden(run) -> bool:
    rpr = run.find(w("rPr"))
    if rpr is None:
        return False
    v = rpr.find(w("vanish"))
    return v is not None and v.get(w("val"), "1") not in _OFF


def _run_text(el, out: list[str], sizes: list[int]) -> None:
    for ch in el:
        tag = ch.tag
        if not isinstance(tag, str) or tag in _SKIP_TAGS or tag == _MC_FALLBACK:
            continue
        if tag == w("t"):
            out.append(ch.text or "")
        elif tag in (w("tab"), w("ptab")):
            out.append("\t")
        elif tag in (w("br"), w("cr")):
            out.append("\n")
        elif tag == w("noBreakHyphen"):
            out.append("-")
        elif tag == w("r"):
            if _hidden(ch):
                continue
            before = len(out)
            _run_text(ch, out, sizes)
            if any(x.strip() for x in out[before:]):
                sizes.append(_to_int(wval(ch.find(w("rPr")), "sz")) or 0)  # 0: inherited
        else:
            _run_text(ch, out, sizes)


class _BodyReader:
    def __init__(self, document):
        part = document.part
        self.styles = _Styles(_styles_root(part))
        self.numbering = NumberingState(NumberingDefinitions.from_xml(_numbering_root(part)),
                                        self.styles.style_num_ids())
        self.body = document.element.body
        self._pending: str = ""   # text of a paragraph whose mark was deleted (joins the next one)

    def paragraphs(self) -> list[_Para]:
        out = list(self._blocks(self.body))
        if self._pending:  # the last paragraph mark was deleted: nothing to join it to
            out.append(_Para(text=self._pending))
            self._pending = ""
        return out

    def _blocks(self, container) -> Iterator[_Para]:
        for ch in container:
            tag = ch.tag
            if tag == w("p"):
                p = self._paragraph(ch)
                if p is not None:
                    yield p
            elif tag == w("tbl"):
                yield from self._table(ch)
            elif tag == w("sdt"):
                content = ch.find(w("sdtContent"))
                if content is not None:
                    yield from self._blocks(content)
            elif tag in (w("customXml"), w("ins"), w("moveTo"), w("smartTag")):
                yield from self._blocks(ch)

    def _table(self, tbl) -> Iterator[_Para]:
        for tr in _children(tbl, "tr"):
            trpr = tr.find(w("trPr"))
            if trpr is not None and trpr.find(w("del")) is not None:
                continue  # a row deleted with track changes on
            cells = [list(self._blocks(tc)) for tc in _children(tr, "tc")]
            filled = [c for c in cells if any(normalise_line(p.text) for p in c)]
            if len(filled) <= 1:
                for c in filled:
                    yield from c
            else:
                text = " ".join(" ".join(p.text.replace("\n", " ") for p in c) for c in filled)
                yield _Para(text=text)

    def _paragraph(self, p) -> _Para | None:
        ppr = p.find(w("pPr"))
        sid = wval(ppr, "pStyle")
        sp = self.styles.props(sid)
        mark_rpr = ppr.find(w("rPr")) if ppr is not None else None
        mark_deleted = mark_rpr is not None and (mark_rpr.find(w("del")) is not None
                                                 or mark_rpr.find(w("moveFrom")) is not None)
        parts: list[str] = []
        sizes: list[int] = []
        _run_text(p, parts, sizes)
        text = "".join(parts)
        if mark_deleted and not normalise_line(text):
            return None  # a whole deleted paragraph: gone once the revision is accepted
        label = ""
        if not self._pending:
            label = self._label(ppr, sid, sp)
        if label:
            flat = re.sub(r"\s", "", normalise_line(text))
            if not flat.startswith(re.sub(r"\s", "", normalise_line(label))):
                text = f"{label} {text}"
        if self._pending:
            text = self._pending + text
            self._pending = ""
        if mark_deleted:
            self._pending = text
            return None
        jc = wval(ppr, "jc") or sp.jc
        outline = _to_int(wval(ppr, "outlineLvl"))
        if outline is None:
            outline = sp.outline
        base = sp.sz or self.styles.default_sz or 0
        size = max((s or base for s in sizes), default=base) or None
        return _Para(text=text, centred=jc in ("center", "centre", "distribute"), size=size,
                     outline=outline if outline is not None and 0 <= outline <= 8 else None,
                     role=sp.role, toc=sp.toc)

    def _label(self, ppr, sid: str | None, sp: _StyleProps) -> str:
        numpr = ppr.find(w("numPr")) if ppr is not None else None
        num_id = wval(numpr, "numId") if numpr is not None else None
        ilvl = _to_int(wval(numpr, "ilvl")) if numpr is not None else None
        if num_id is None:
            num_id = sp.num_id
        if not num_id or num_id == "0":
            return ""
        if ilvl is None:
            ilvl = sp.ilvl
        if ilvl is None and sid:
            ilvl = self.numbering.level_for_style(num_id, sid)
        return self.numbering.next_label(num_id, ilvl or 0)


def _children(el, tag: str) -> Iterator:
    """Direct ``tag`` children, looking through content controls and custom XML wrappers."""
    for ch in el:
        if ch.tag == w(tag):
            yield ch
        elif ch.tag in (w("sdt"), w("sdtContent"), w("customXml")):
            yield from _children(ch, tag)


def _styles_root(part):
    try:
        return part.styles.element
    except Exception:  # noqa: BLE001
        return None


def _numbering_root(part):
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    try:
        return part.part_related_by(RT.NUMBERING).element
    except (KeyError, AttributeError):
        return None


# --- assembling the tree -------------------------------------------------------------------
_TOC_PAGE = re.compile(r"\s*\t+\s*\d+\s*$")
_END_PUNCT = tuple("。；;，,：:、")


def _is_structural(text: str) -> bool:
    return bool(HEADING_RE.match(text) or ARTICLE_LENIENT_RE.match(text) or TOC_RE.match(text.replace(" ", "")))


def _expand(paras: list[_Para]) -> list[_Para]:
    """Split soft line breaks into lines, normalise, drop empty ones.

    A title broken by hand (a centred paragraph before the body whose pieces do not end in
    punctuation, or a paragraph in a title style) is joined back into one line.
    """
    out: list[_Para] = []
    in_head = True
    for p in paras:
        raw = _TOC_PAGE.sub("", p.text) if p.toc else p.text
        pieces = [normalise_line(x) for x in raw.split("\n")]
        pieces = [x for x in pieces if x]
        if in_head and any(_is_structural(x) for x in pieces):
            in_head = False
        if len(pieces) > 1 and (p.role == "title" or (in_head and p.centred and not any(
                x.endswith(_END_PUNCT + ("）", ")")) for x in pieces[:-1]))):
            out.append(_Para("".join(pieces), p.centred, p.size, p.outline, p.role, p.toc))
            continue
        for line in pieces:
            out.append(_Para(line, p.centred, p.size, p.outline, p.role, p.toc))
    return out


def _heading_hint(p: _Para, *, strict: bool, after_structure: bool) -> int | None:
    """md_level for a paragraph that Word marks as a heading, else None."""
    t = p.text
    if ARTICLE_LENIENT_RE.match(t) or APPENDIX_RE.match(t) or TOC_RE.match(t.replace(" ", "")):
        return None
    if not strict and heading_line(t) and len(t) <= 45:
        return None  # numbered headings are recognised by their text (and may be 目录 entries)
    if p.outline is not None:
        if strict or (len(t) <= 40 and not t.endswith(_END_PUNCT)):
            return p.outline + 1
        return None
    if not strict and after_structure and p.centred and len(t) <= 30 and not t.endswith(_END_PUNCT) \
            and not ITEM_RE.match(t) and not SUBITEM_RE.match(t):
        return 2
    return None


def assemble(paras: list[_Para], *, exported: bool = False) -> LegalDocument:
    """Title, subtitle, 题注 and body lines → the parser (classify + build, as parse_lines does).

    ``exported``: the file was written by :func:`write_docx`; title, subtitle and 题注 are then
    taken from their paragraph styles only, marked headings are trusted as they are and the
    lines are classified with the strict rules.
    """
    lines = _expand(paras)
    strict = exported
    first_struct = next((i for i, p in enumerate(lines) if _is_structural(p.text)), len(lines))
    head = lines[:first_struct]
    t_idx: int | None = None
    titled = [i for i, p in enumerate(head) if p.role == "title"]
    if titled:
        t_idx = titled[0]
    elif not strict:
        cands = [i for i, p in enumerate(head) if (p.centred or (p.size or 0) >= 36)
                 and not looks_like_preface(p.text) and p.role != "subtitle"]
        if cands:
            best = max((lines[i].size or 0) for i in cands)
            t_idx = next(i for i in cands if (lines[i].size or 0) == best)
        elif lines and first_struct > 0:
            t_idx = 0  # parse_lines' rule: the first line is the title unless it is structural
    title = lines[t_idx].text if t_idx is not None else ""
    before = lines[:t_idx] if t_idx is not None else []
    rest = lines[t_idx + 1:] if t_idx is not None else list(lines)
    subtitle = ""
    if rest and rest[0].role == "subtitle" and t_idx is not None:
        subtitle = rest.pop(0).text
    preface: list[str] = []
    if strict:
        while rest and rest[0].role == "preface":
            preface.append(rest.pop(0).text)
    elif t_idx is not None:
        while rest and (rest[0].role == "preface" or looks_like_preface(rest[0].text)):
            preface.append(rest.pop(0).text)
    body: list[Line] = []
    seen_structure = False
    for p in before + rest:
        if _is_structural(p.text):
            seen_structure = True
        level = _heading_hint(p, strict=strict, after_structure=seen_structure)
        body.append(Line("heading", p.text, md_level=level) if level else Line("text", p.text))
    # our own exports put a space after every label and mark every heading, so the strict
    # (Markdown) rules reproduce the tree exactly; other files get the lenient plain-text rules
    return build(title, subtitle, preface, classify(body, lenient=not strict))


def read_docx(data: bytes, *, filename: str = "") -> LegalDocument:
    """Parse a .docx (bytes) into the article tree; bad files raise :class:`InputError`."""
    name = filename or "未命名文件"
    document = open_docx(data, name)
    try:
        reader = _BodyReader(document)
        paras = reader.paragraphs()
    except InputError:
        raise
    except Exception as e:  # malformed XML inside an otherwise valid package
        raise InputError(code="docx.read_docx", name=name, error_type=type(e).__name__) from None
    return assemble(paras, exported=EXPORT_MARKER_STYLE in reader.styles.ids)


# --- writing -------------------------------------------------------------------------------
_STYLES = {  # id → (name, purpose)
    "LawTitle": "法规标题",
    "LawSubtitle": "法规副标题",
    "LawPreface": "题注",
    "LawHeading": "法规章节标题",
    "LawToc": "法规目录",
}


def _add_styles(d) -> dict:
    from docx.enum.style import WD_STYLE_TYPE
    out = {}
    for sid, name in _STYLES.items():
        st = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.style_id = sid
        st.base_style = d.styles["Normal"]
        st.quick_style = True
        out[sid] = st
    return out


def _set_outline(paragraph, level: int) -> None:
    from docx.oxml import OxmlElement
    ppr = paragraph._p.get_or_add_pPr()
    el = OxmlElement("w:outlineLvl")
    el.set(w("val"), str(max(0, min(level, 8))))
    ppr.insert_element_before(el, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _add_page_number_footer(d) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    footer = d.sections[0].footer
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(p.add_run("— "), BODY_FONT, SIZE_SIHAO)
    fld = OxmlElement("w:fldSimple")
    fld.set(w("instr"), "PAGE")
    run = p.add_run("1")
    set_run_font(run, BODY_FONT, SIZE_SIHAO)
    p._p.remove(run._r)
    fld.append(run._r)
    p._p.append(fld)
    set_run_font(p.add_run(" —"), BODY_FONT, SIZE_SIHAO)


def _heading_outline(h: Heading) -> int:
    if h.kind == "other":
        return max(0, h.rank - 2)
    return {"编": 0, "分编": 1, "章": 1, "节": 2}.get(h.kind, 1)


def build_docx(doc: LegalDocument, *, level: str | None = None):
    """The python-docx Document for ``doc`` in 公文 layout (see :func:`write_docx`)."""
    d = new_document()
    cp = d.core_properties
    cp.title = doc.title[:250]
    cp.comments = "由法规起草与审查工作台导出"
    if level:
        cp.category = LEVELS.get(level, level)
    append_law(d, doc)
    _add_page_number_footer(d)
    return d


def append_law(d, doc: LegalDocument) -> None:
    """Write ``doc`` (title, 题注, 目录, chapters, articles, 附件) at the end of the python-docx
    document ``d`` — a whole export, or the 附件 of a letter (lawtext.docx.official)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    have = {st.name for st in d.styles}
    styles = {sid: d.styles[name] for sid, name in _STYLES.items()} if set(_STYLES.values()) <= have \
        else _add_styles(d)
    if doc.title:
        add_title(d, doc.title).style = styles["LawTitle"]
    if doc.subtitle:
        p = add_title(d, doc.subtitle, size=SIZE_SANHAO)
        p.style = styles["LawSubtitle"]
    for line in doc.preface:
        p = d.add_paragraph(style=styles["LawPreface"])
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(p.add_run(line), KAITI, SIZE_SANHAO)
    for line in doc.preamble:   # before the 目录, as writer.to_markdown does
        add_body(d, line)
    if doc.toc:
        add_heading_line(d, "目\u3000\u3000录").style = styles["LawToc"]
        for line in doc.toc:
            p = d.add_paragraph(style=styles["LawToc"])
            if not HEADING_RE.match(line) or "节" in line.split(" ")[0]:
                p.paragraph_format.left_indent = Pt(32)
            set_run_font(p.add_run(line), BODY_FONT, SIZE_SANHAO)
    for node in doc.body:
        if isinstance(node, Heading):
            p = add_heading_line(d, node.text)
            p.style = styles["LawHeading"]
            _set_outline(p, _heading_outline(node))
            for line in node.paragraphs:
                add_body(d, line)
        else:
            _write_article(d, node, add_body)
    for i, line in enumerate(doc.appendix):
        if i == 0 or APPENDIX_RE.match(line):
            p = d.add_paragraph()
            set_run_font(p.add_run(line), HEADING_FONT, SIZE_SANHAO)
        else:
            add_body(d, line)


def _write_article(d, a: Article, add_body) -> None:
    lines = article_lines(a, sep="\u3000")
    first = lines[0]
    add_body(d, first[len(a.label):], bold_prefix=a.label)
    for line in lines[1:]:
        add_body(d, line)


def write_docx(doc: LegalDocument, target: str | os.PathLike | BinaryIO, *, level: str | None = None) -> None:
    """Write ``doc`` as a 公文-style .docx to a path or a binary stream.

    Title centred in 方正小标宋简体 二号, 题注 in 楷体, headings 黑体 三号 centred, body 仿宋_GB2312
    三号 with the 条 label in 黑体. ``level`` (LR/GR/ND) goes into the document properties.
    The file re-imports with :func:`read_docx` to the same tree.
    """
    d = build_docx(doc, level=level)
    d.save(str(target) if isinstance(target, (str, Path)) else target)


def docx_bytes(doc: LegalDocument, *, level: str | None = None) -> bytes:
    buf = io.BytesIO()
    write_docx(doc, buf, level=level)
    return buf.getvalue()
