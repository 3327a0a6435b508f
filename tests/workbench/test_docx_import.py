"""Importing the committed .docx fixtures (python-docx, LibreOffice, Word automatic numbering,
tracked changes) gives the tree of the reference text, label for label and id for id."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from lawtext.docx.io import read_docx
from lawtext.files import read_bytes, read_path
from lawtext.parser import parse_lines, parse_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DOCX = FIXTURES / "docx"
SOURCE = FIXTURES / "text" / "park_regulation.txt"
ALL = ["park_python_docx.docx", "park_libreoffice.docx", "park_autonumber.docx", "park_autonumber_lo.docx",
       "park_tracked.docx"]


@pytest.fixture(scope="module")
def reference():
    return parse_text(SOURCE.read_text(encoding="utf-8"))


def assert_park_tree(doc) -> None:
    """The structure of 示例市城市公园管理条例, written out (independent of the parser)."""
    assert doc.title == "示例市城市公园管理条例"
    assert len(doc.preface) == 1 and doc.preface[0].startswith("（2025年6月27日示例市第十六届")
    assert doc.toc == ["第一章 总 则", "第二章 规划与建设", "第三章 管理与服务", "第四章 法律责任", "第五章 附 则"]
    assert [(h.id, h.text) for h in doc.headings] == [
        ("chap-1", "第一章 总则"), ("chap-2", "第二章 规划与建设"), ("chap-3", "第三章 管理与服务"),
        ("chap-4", "第四章 法律责任"), ("chap-5", "第五章 附则")]
    labels = ["第一条", "第二条", "第三条", "第四条", "第五条", "第六条", "第六条之一", "第七条", "第八条", "第九条",
              "第十条", "第十一条", "第十二条", "第十三条", "第十四条", "第十五条", "第十六条"]
    assert [a.label for a in doc.articles] == labels
    assert [a.id for a in doc.articles][5:8] == ["art-6", "art-6_1", "art-7"]
    assert doc.article("art-6_1").path == ["第二章 规划与建设"]
    assert doc.article("art-16").path == ["第五章 附则"] and doc.article("art-16").heading_id == "chap-5"
    assert [p.id for p in doc.article("art-4").paragraphs] == ["art-4-p1", "art-4-p2", "art-4-p3"]
    six = doc.article("art-6").paragraphs[0].items
    assert [(i.id, i.label) for i in six] == [("art-6-p1-i1", "（一）"), ("art-6-p1-i2", "（二）"),
                                              ("art-6-p1-i3", "（三）")]
    nine = doc.article("art-9").paragraphs[0].items
    assert [i.label for i in nine] == ["（一）", "（二）", "（三）"]
    assert [(s.id, s.label, s.text) for s in nine[1].children] == [
        ("art-9-p1-i2-s1", "1.", "定期检查游乐设施、水域护栏等设施；"),
        ("art-9-p1-i2-s2", "2.", "制定突发事件应急预案并组织演练；"),
        ("art-9-p1-i2-s3", "3.", "在危险区域设置警示标志。")]
    eleven = doc.article("art-11").paragraphs[0].items
    assert [i.label for i in eleven] == ["（一）", "（二）", "（三）", "（四）"]
    assert eleven[3].text == "法律、法规禁止的其他行为。"
    assert doc.article("art-10").text.startswith("城市公园应当免费向公众开放。")
    assert doc.article("art-12").text.endswith("并处每平方米一百元以上五百元以下罚款。")
    assert doc.article("art-14").text == "园林绿化主管部门及其工作人员在城市公园管理工作中玩忽职守、滥用职权、徇私舞弊的，依法给予处分。"
    assert doc.appendix == ["附件：示例市城市公园名录（第一批）", "序号 公园名称 所在区 开放时间",
                            "1 人民公园 中心区 全天", "2 滨江公园 东湖区 6:00-22:00"]


def test_reference_text_has_the_expected_tree(reference):
    assert_park_tree(reference)


@pytest.mark.parametrize("name", ALL)
def test_fixture_imports_to_the_reference_tree(name, reference):
    doc = read_docx((DOCX / name).read_bytes(), filename=name)
    assert_park_tree(doc)
    assert doc == reference


@pytest.mark.parametrize("name", ALL)
def test_fixture_through_importing_read_path(name, reference):
    assert read_path(DOCX / name) == reference


def test_gbk_text_fixture_imports(reference):
    raw = (FIXTURES / "text" / "park_regulation_gbk.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert read_path(FIXTURES / "text" / "park_regulation_gbk.txt") == reference
    assert read_bytes(raw, "草案.txt") == reference


def _xml(name: str, part: str) -> str:
    with zipfile.ZipFile(DOCX / name) as zf:
        return zf.read(part).decode("utf-8")


def test_libreoffice_fixtures_were_written_by_libreoffice():
    for name in ("park_libreoffice.docx", "park_autonumber_lo.docx"):
        assert "LibreOffice" in _xml(name, "docProps/app.xml")


@pytest.mark.parametrize("name", ["park_autonumber.docx", "park_autonumber_lo.docx"])
def test_autonumber_labels_are_not_in_the_text(name):
    """The labels really come from numbering definitions: python-docx's text has none of them."""
    texts = [p.text for p in docx.Document(DOCX / name).paragraphs]
    assert not any(re.match(r"^第[一二三四五六七八九十]+条[\u3000 ]", t) for t in texts if "之" not in t)
    assert not any(t.startswith("（一）") or t.startswith("1.") for t in texts)
    assert "第%1条" in _xml(name, "word/numbering.xml")
    assert "startOverride" in _xml(name, "word/numbering.xml")


def test_tracked_fixture_needs_the_xml_reader():
    """python-docx's paragraph.text drops inserted text; the reader keeps it and drops deletions."""
    texts = [p.text for p in docx.Document(DOCX / "park_tracked.docx").paragraphs]
    tenth = next(t for t in texts if t.startswith("第十条"))
    assert "免费" not in tenth and "收费" not in tenth
    assert not any(t.startswith("发展改革、财政") for t in texts)
    doc = read_docx((DOCX / "park_tracked.docx").read_bytes(), filename="park_tracked.docx")
    assert "收费" not in doc.article("art-10").text and "免费" in doc.article("art-10").text
    assert "五十元" not in doc.article("art-12").text and "存在" not in doc.article("art-14").text
    assert "第七条之一" not in doc.element_index().values() and doc.article("第七条之一") is None
    assert doc.article("art-4").paragraphs[2].text.startswith("发展改革、财政")


def test_python_docx_fixture_title_break_and_table():
    raw = (DOCX / "park_python_docx.docx").read_bytes()
    d = docx.Document(io.BytesIO(raw))
    assert "\n" in d.paragraphs[0].text            # the title has a manual line break
    assert len(d.tables) == 1
    doc = read_docx(raw, filename="x.docx")
    assert doc.title == "示例市城市公园管理条例"
    assert doc.appendix[1] == "序号 公园名称 所在区 开放时间"


def test_plain_docx_equals_parse_lines_of_its_paragraphs():
    """Without numbering, revisions or layout hints the reader hands exactly the lines to the parser."""
    raw_plain = DOCX / "park_python_docx.docx"
    d = docx.Document(raw_plain)
    lines = [p.text.replace("\n", "") if i == 0 else p.text for i, p in enumerate(d.paragraphs)]
    lines += [" ".join(c.text for c in row.cells) for row in d.tables[0].rows]
    assert read_docx(raw_plain.read_bytes()) == parse_lines(lines)


def test_libreoffice_renders_the_same_automatic_labels(tmp_path):
    """Cross-check the numbering replay against a real engine: LibreOffice's own text export."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is part of the project's setup"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), str(DOCX / "park_autonumber.docx")],
                   check=True, capture_output=True, timeout=180)
    rendered = (tmp_path / "park_autonumber.txt").read_text(encoding="utf-8-sig").splitlines()
    label = re.compile(r"^(第[一二三四五六七八九十]+[条章](?:之[一二三四五六七八九十]+)?|（[一二三四五六七八九十]+）|\d+\.)")
    body_start = next(i for i, l in enumerate(rendered) if l.strip().startswith("第一章") and "总" in l
                      and i > 5)
    lo_labels = [m.group(1) for l in rendered[body_start:] if (m := label.match(l.strip()))]
    doc = read_docx((DOCX / "park_autonumber.docx").read_bytes())
    ours = []
    for node in doc.body:
        ours.append(node.label)
        if node.node == "article":
            for p in node.paragraphs:
                for it in p.items:
                    ours.append(it.label)
                    ours.extend(s.label for s in it.children)
    assert lo_labels == ours
