"""Export to 公文-style .docx; every export re-imports (read_docx) to the same tree."""
from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from lawtext.docx.io import docx_bytes, read_docx, write_docx
from lawtext.numerals import int_to_cn
from lawtext.parser import parse_markdown, parse_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SOURCE = FIXTURES / "text" / "park_regulation.txt"


@pytest.fixture(scope="module")
def park():
    return parse_text(SOURCE.read_text(encoding="utf-8"))


def generated_draft(n: int = 150) -> str:
    """A Markdown draft with 编/章/节, unnumbered headings, 之一 articles, 款, 项, 目, subtitle, 附件."""
    out = ["# 示例市综合治理条例", "# （征求意见稿）", "2025年3月1日 示例市人民政府常务会议讨论", "<!-- INFO END -->",
           "目录", "第一编 总则", "第二编 分则", "为了便于征求意见，附起草说明。"]
    for i in range(1, n + 1):
        if i == 1:
            out.append("## 第一编 总则")
        if i == n // 2:
            out.append("## 第二编 分则")
        if i % 25 == 1:
            out.append(f"## 第{int_to_cn(i // 25 + 1)}章 第{int_to_cn(i // 25 + 1)}类事项")
            out.append("本章规定一般事项。")
        if i % 25 == 10:
            out.append(f"### 第{int_to_cn(2)}节 特别规定")
        out.append(f"第{int_to_cn(i)}条 第{int_to_cn(i)}项管理要求由市人民政府有关部门负责实施，罚款{i * 100}元。")
        if i % 4 == 0:
            out.append("前款规定的单位应当履行下列义务：")
            out += [f"（{int_to_cn(k)}）第{int_to_cn(k)}项义务；" for k in range(1, 4)]
        if i % 9 == 0:
            out += ["（一）包括下列情形：", "1.情形一；", "2.情形二。"]
        if i % 30 == 0:
            out.append(f"第{int_to_cn(i)}条之一 新增的第{int_to_cn(i)}条之一。")
    out += ["## 附　　则", "第一百五十一条 本条例自公布之日起施行。", "附件：示例表", "序号 名称"]
    return "\n\n".join(out) + "\n"


def test_export_reimports_to_the_same_tree(park, tmp_path):
    path = tmp_path / "公园条例.docx"
    write_docx(park, path, level="LR")
    assert read_docx(path.read_bytes(), filename=path.name) == park
    buf = io.BytesIO()
    write_docx(park, buf)
    assert read_docx(buf.getvalue()) == park
    write_docx(park, str(tmp_path / "again.docx"))
    assert (tmp_path / "again.docx").is_file()


def test_generated_150_article_draft_round_trip():
    doc = parse_markdown(generated_draft())
    assert len(doc.articles) == 156 and doc.subtitle == "（征求意见稿）"
    assert any(h.kind == "other" for h in doc.headings) and any(h.paragraphs for h in doc.headings)
    again = read_docx(docx_bytes(doc, level="GR"))
    assert again == doc


@pytest.mark.parametrize("name", ["park_python_docx.docx", "park_libreoffice.docx", "park_autonumber.docx",
                                  "park_autonumber_lo.docx", "park_tracked.docx"])
def test_fixtures_survive_export(name):
    doc = read_docx((FIXTURES / "docx" / name).read_bytes())
    assert read_docx(docx_bytes(doc)) == doc


def test_corpus_documents_with_unusual_parts_round_trip(corpus_dir):
    """Documents with subtitles, unnumbered headings, heading text, preamble, odd 题注 and 附件
    (the corpus has no 目录; the generated draft covers it)."""
    rows = list(csv.DictReader(open(corpus_dir / "manifest.tsv", encoding="utf-8"), delimiter="\t"))
    wanted = {"subtitle": 2, "other": 3, "hpara": 2, "preamble": 3, "appendix": 3, "preface_odd": 2}
    checked = 0
    for row in rows:
        if not any(wanted.values()):
            break
        text = (corpus_dir / row["path"]).read_text(encoding="utf-8")
        if not any(wanted[k] for k in ("preamble", "hpara", "preface_odd")) and not _RARE.search(text):
            continue  # only parse files that can still contribute a missing feature
        doc = parse_markdown(text)
        features = {"subtitle": bool(doc.subtitle), "other": any(h.kind == "other" for h in doc.headings),
                    "hpara": any(h.paragraphs for h in doc.headings), "preamble": bool(doc.preamble),
                    "toc": bool(doc.toc), "appendix": bool(doc.appendix),
                    "preface_odd": any(not l.startswith(("（", "(")) and "日" not in l[:12] for l in doc.preface)}
        hit = [k for k, v in features.items() if v and wanted[k]]
        if not hit:
            continue
        for k in hit:
            wanted[k] -= 1
        assert read_docx(docx_bytes(doc), filename=row["path"]) == doc, row["path"]
        checked += 1
    assert not any(wanted.values()) and checked >= 6


_RARE = re.compile(r"^# .*\n+# |^#{2,} (?!第)|^附[件表录]", re.M)


def _east_asia(run) -> str:
    return run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_gongwen_layout_and_fonts(park):
    d = docx.Document(io.BytesIO(docx_bytes(park, level="LR")))
    paras = d.paragraphs
    title = paras[0]
    assert title.text == "示例市城市公园管理条例" and title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert _east_asia(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    preface = paras[1]
    assert preface.alignment == WD_ALIGN_PARAGRAPH.CENTER and _east_asia(preface.runs[0]) == "楷体_GB2312"
    chapter = next(p for p in paras if p.text == "第一章 总则")
    assert chapter.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert _east_asia(chapter.runs[0]) == "黑体" and chapter.runs[0].font.size == Pt(16)
    first = next(p for p in paras if p.text.startswith("第一条"))
    label, body = first.runs
    assert label.text == "第一条" and _east_asia(label) == "黑体"
    assert body.text.startswith("\u3000为了") and _east_asia(body) == "仿宋_GB2312" and body.font.size == Pt(16)
    item = next(p for p in paras if p.text.startswith("（一）"))
    assert _east_asia(item.runs[0]) == "仿宋_GB2312"
    assert all(_east_asia(r) for p in paras for r in p.runs)          # every run names its Chinese face
    assert d.core_properties.category == "地方性法规" and d.core_properties.title == park.title
    assert "PAGE" in d.sections[0].footer._element.xml


def test_libreoffice_opens_the_export_and_keeps_the_tree(park, tmp_path):
    """LibreOffice reads our .docx and writes it back; the result still imports to the same tree."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is part of the project's setup"
    src = tmp_path / "export.docx"
    write_docx(park, src)
    out = tmp_path / "out"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(out), str(src)], check=True, capture_output=True,
                   timeout=180)
    assert read_docx((out / "export.docx").read_bytes()) == park


def test_empty_document_exports():
    from lawtext.model import LegalDocument
    assert read_docx(docx_bytes(LegalDocument())) == LegalDocument()
