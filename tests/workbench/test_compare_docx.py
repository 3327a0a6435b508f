"""Both comparison exports, opened by LibreOffice headless: the 对照表 keeps its three columns,
strike-through and bold+underline; the tracked-changes document keeps real revisions."""
from __future__ import annotations

import io
import re
import subprocess
import zipfile
from datetime import datetime, timezone

import docx
import pytest

from lawtext.docx.compare import comparison_table_docx, labelled_text, table_rows, tracked_changes_docx
from lawtext.parser import parse_markdown
from lawtext.diff.redline import compare

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def comparison(corpus_dir):
    c = corpus_dir / "宪法相关法"
    old = parse_markdown((c / "立法法(2015-03-15).md").read_text(encoding="utf-8"))
    new = parse_markdown((c / "立法法(2023-03-13).md").read_text(encoding="utf-8"))
    return compare(old, new)


def soffice(tmp_path, files, fmt):
    """Convert with a private LibreOffice profile (other processes may run soffice too)."""
    out = tmp_path / f"out_{fmt}"
    out.mkdir(exist_ok=True)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo_profile", "--headless",
                    "--convert-to", fmt, "--outdir", str(out), *map(str, files)],
                   check=True, capture_output=True, timeout=180)
    return out


def odt_content(path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("content.xml").decode("utf-8")


def test_tracked_changes_are_real_word_revisions(comparison, tmp_path):
    data = tracked_changes_docx(comparison, author="起草人甲", date=datetime(2026, 11, 28, tzinfo=timezone.utc))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    ins = re.findall(r"<w:ins [^>]*>", xml)
    dels = re.findall(r"<w:del [^>]*>", xml)
    assert len(ins) > 50 and len(dels) > 20
    for tag in ins[:5] + dels[:5]:
        assert 'w:author="起草人甲"' in tag and 'w:date="2026-11-28T00:00:00Z"' in tag and "w:id=" in tag
    ids = re.findall(r'<w:(?:ins|del) w:id="(\d+)"', xml)
    assert len(ids) == len(set(ids))
    assert "<w:delText" in xml and "遵循宪法的基本原则" in xml
    # "track changes" is not switched on in the settings
    assert "trackRevisions" not in zipfile.ZipFile(io.BytesIO(data)).read("word/settings.xml").decode()

    path = tmp_path / "tracked.docx"
    path.write_bytes(data)
    out = soffice(tmp_path, [path], "odt")
    content = odt_content(out / "tracked.odt")
    tracked = re.search(r"<text:tracked-changes[^>]*>(.*?)</text:tracked-changes>", content, re.S)
    assert tracked, "LibreOffice dropped the revisions"
    regions = tracked.group(1)
    assert regions.count("<text:insertion>") > 50 and regions.count("<text:deletion>") > 20
    assert "<dc:creator>起草人甲</dc:creator>" in regions
    deleted_text = "".join(re.findall(r"<text:deletion>(.*?)</text:deletion>", regions, re.S))
    assert "遵循宪法的基本原则" in deleted_text          # old 第三条, deleted
    body = content.replace(tracked.group(0), "")
    body_text = re.sub(r"<[^>]+>", "", body)
    assert "坚持中国共产党的领导，坚持以马克思列宁主义" in body_text   # new 第三条, inserted text in the body
    assert "遵循宪法的基本原则" not in body_text


def test_comparison_table_three_columns_marks_and_notes(comparison, tmp_path):
    rows = table_rows(comparison)
    split_row = next(r for r in rows if r["status"] == "split")
    assert split_row["old"] == "第七十二条" and split_row["new"] == "第八十条、第八十一条"
    assert split_row["note"].startswith("将原第七十二条拆分为第八十条、第八十一条")
    data = comparison_table_docx(comparison, notes={split_row["key"]: "适应设区的市立法需要，分设两条"})
    d = docx.Document(io.BytesIO(data))
    assert "修改前后对照表" in d.paragraphs[0].text
    table = d.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["修改前", "修改后", "说明"]
    assert len(table.rows) == len(rows) + 1
    # unchanged articles are left out, also those that were only renumbered
    assert all(r["status"] != "unchanged" for r in rows)
    assert len(rows) == len(comparison.changed_items) == 59
    notes = [row.cells[2].text for row in table.rows[1:]]
    assert "适应设区的市立法需要，分设两条" in notes
    assert "新增条款" in notes
    struck = [r.text for r in d.element.body.iter(f"{W}r") if r.find(f"{W}rPr/{W}strike") is not None]
    added = [r.text for r in d.element.body.iter(f"{W}r")
             if r.find(f"{W}rPr/{W}b") is not None and r.find(f"{W}rPr/{W}u") is not None]
    assert any("遵循宪法的基本原则" in t for t in struck)
    assert any("浦东新区" in t for t in added)
    # a struck run only ever holds old text, a bold+underlined one new text
    old_all = labelled_text(comparison.old.articles)
    new_all = labelled_text(comparison.new.articles)
    assert struck and all(t in old_all for t in struck)
    assert added and all(t in new_all for t in added)

    path = tmp_path / "table.docx"
    path.write_bytes(data)
    content = odt_content(soffice(tmp_path, [path], "odt") / "table.odt")
    assert "<table:table " in content and content.count("<table:table-column") >= 1
    assert 'style:text-line-through-style="solid"' in content
    assert 'style:text-underline-style="solid"' in content
    pdf_dir = soffice(tmp_path, [path], "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf_dir / "table.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "修改前后对照表" in text and "修改前" in text and "说明" in text
    assert "适应设区的市立法需" in text.replace(" ", "")


def test_table_with_no_differences(corpus_dir):
    old = parse_markdown((corpus_dir / "宪法相关法/立法法(2023-03-13).md").read_text(encoding="utf-8"))
    d = docx.Document(io.BytesIO(comparison_table_docx(compare(old, old))))
    assert d.tables[0].rows[-1].cells[2].text == "两个文本的条文没有差异"
    assert d.tables[0].rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None   # header repeats per page


def resolve_revisions(data: bytes, mode: str) -> list[str]:
    """The paragraphs Word shows after "accept all" (mode "accept") or "reject all" ("reject"):
    drop w:del (or w:ins) content and join a paragraph with the next when its mark is deleted
    (accept) or inserted (reject)."""
    from lxml import etree
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    drop = W + ("del" if mode == "accept" else "ins")
    out, buf = [], ""
    for p in root.iter(f"{W}p"):
        for el in p.iter(f"{W}t", f"{W}delText"):
            if drop not in [a.tag for a in el.iterancestors()]:
                buf += el.text or ""
        mark = p.find(f"{W}pPr/{W}rPr")
        if mark is None or mark.find(drop) is None:
            out.append(buf)
            buf = ""
    return [x for x in out + [buf] if x]


def plain_lines(doc) -> list[str]:
    from lawtext.model import Heading
    from lawtext.writer import article_lines
    out = [doc.title]
    for n in doc.body:
        out += [n.text] if isinstance(n, Heading) else article_lines(n, sep="\u3000")
    return out


def test_accepting_all_gives_the_new_text_and_rejecting_all_the_old(corpus_dir):
    """Moves, splits, merges, renumbering and chapter changes all encode old → new exactly."""
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from align_cases import make_cases
    c = corpus_dir / "诉讼与非诉讼程序法"
    old = parse_markdown((c / "行政复议法(2017-09-01).md").read_text(encoding="utf-8"))
    new = parse_markdown((c / "行政复议法(2023-09-01).md").read_text(encoding="utf-8"))
    pairs = [(old, new), (new, old)] + [(k.old, k.new) for k in make_cases(corpus_dir, 12, seed=5)]
    statuses = set()
    for a, b in pairs:
        cmp = compare(a, b)
        statuses |= {i.status for i in cmp.items}
        data = tracked_changes_docx(cmp)
        assert resolve_revisions(data, "accept") == plain_lines(b)
        assert resolve_revisions(data, "reject") == plain_lines(a)
    assert statuses >= {"moved", "split", "merged", "inserted", "deleted", "modified", "unchanged"}


# --- issue 19, defect 10: a moved article is described, its displaced neighbour listed, and an
# unchanged chapter heading carries no revision -----------------------------------------------------

OLD = """# 示例市公园管理条例

## 第一章 总则

第一条 为了加强公园管理，保护公园资源，制定本条例。

第二条 本市行政区域内公园的规划、建设、保护和管理，适用本条例。

## 第二章 规划建设

第三条 市园林绿化主管部门负责组织编制公园发展规划，报市人民政府批准后实施。

第四条 公园建设项目应当符合公园发展规划，配套建设必要的服务设施和安全设施。

第五条 任何单位和个人不得擅自改变公园用地性质或者侵占公园用地。

## 第三章 附则

第六条 本条例自2027年1月1日起施行。
"""
NEW = """# 示例市公园管理条例

## 第一章 总则

第一条 为了加强公园管理，保护公园资源，制定本条例。

第二条 本市行政区域内公园的规划、建设、保护和管理，适用本条例。

## 第二章 规划建设

第三条 市园林绿化主管部门负责组织编制公园发展规划，报市人民政府批准后实施。

第四条 公园发展规划应当向社会公开征求意见，征求意见期不少于三十日。

第五条 任何单位和个人不得擅自改变公园用地性质或者侵占公园用地。

第六条 公园建设项目应当符合公园发展规划，配套建设必要的服务设施和安全设施。

## 第三章 附则

第七条 区人民政府可以参照本条例制定社区公园管理办法。

第八条 本条例自2027年1月1日起施行。
"""


def _park():
    return compare(parse_markdown(OLD), parse_markdown(NEW))


def test_a_moved_article_says_where_it_went_and_the_displaced_article_is_listed():
    rows = {(r["old"], r["new"]): r for r in table_rows(_park())}
    moved = rows[("第五条", "第五条")]
    assert moved["note"] == "条文位置调整：原第五条移至原第四条之前（原第四条现为第六条）"
    displaced = rows[("第四条", "第六条")]           # only renumbered, but the move is about it
    assert displaced["note"] == "条文序号调整（原第四条）：原第五条移至本条之前"
    assert ("第六条", "第八条") not in rows           # a plain renumbering stays out of the table
    d = docx.Document(io.BytesIO(comparison_table_docx(_park())))
    notes = [r.cells[2].text for r in d.tables[0].rows[1:]]
    assert "条文序号调整（原第四条）：原第五条移至本条之前" in notes


def test_an_unchanged_chapter_heading_carries_no_revision():
    """第三章 gained an article at its start: the heading itself is unchanged."""
    from lxml import etree
    data = tracked_changes_docx(_park())
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    for p in root.iter(f"{W}p"):
        text = "".join(t.text or "" for t in p.iter(f"{W}t", f"{W}delText"))
        if text.startswith("第") and "章" in text[:4]:
            assert p.find(f".//{W}ins") is None and p.find(f".//{W}del") is None, text
    assert resolve_revisions(data, "accept") == plain_lines(parse_markdown(NEW))
    assert resolve_revisions(data, "reject") == plain_lines(parse_markdown(OLD))
