"""The four 备案审查 letters (备案登记通知, 补充材料通知, 审查意见书, 纠正意见函) are 公文 of the one
writer (lawtext.docx.official, GB/T 9704-2012), like the 合法性审核意见书 and the consultation
letters: 发文机关标志, 发文字号 over the red line, 标题, 主送机关, 正文, 署名, 成文日期 and 版记, in
that order, with the letters' own content."""
from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt
from filing_helpers import file_nd, setup_organ

from workbench.filing import casework, letters
from workbench.filing.store import items_of, letter_docx
from workbench.filing.triage import triage_filing

DAY = date(2026, 3, 2)


@pytest.fixture
def issued(fresh_db, users):
    """One letter of each kind, issued on DAY."""
    db, fr = fresh_db, users["filing_reviewer"]
    organ = setup_organ(db, fr)
    out = {}
    complete = triage_filing(db, file_nd(db, fr, organ).id, actor=fr.username)
    out["备案登记通知"] = letters.issue_letter(db, fr, complete.id, "备案登记通知", today=DAY)
    for i in items_of(db, complete.id):
        casework.dispose(db, fr, complete.id, i.seq, "确认")
    out["纠正意见函"] = letters.issue_letter(db, fr, complete.id, "纠正意见函", today=DAY)
    other = triage_filing(db, file_nd(db, fr, organ).id, actor=fr.username)
    for i in items_of(db, other.id):
        casework.dispose(db, fr, other.id, i.seq, "确认")
    out["审查意见书"] = letters.issue_letter(db, fr, other.id, "审查意见书", today=DAY)
    missing = file_nd(db, fr, organ, complete=False)
    out["补充材料通知"] = letters.issue_letter(db, fr, missing.id, "补充材料通知", today=DAY)
    return db, organ, {k: (v, docx.Document(io.BytesIO(letter_docx(db, v.id)[1]))) for k, v in out.items()}


def _lines(d) -> list:
    return [p for p in d.paragraphs if p.text.strip()]


@pytest.mark.parametrize("kind", letters.LETTER_KINDS)
def test_each_letter_is_a_gbt9704_official_document(issued, kind):
    db, organ, by_kind = issued
    letter, d = by_kind[kind]
    ps = _lines(d)
    mark, number, title, to = ps[:4]
    assert mark.text == "示例市司法局文件"                                      # 发文机关标志
    run = mark.runs[0]
    assert str(run.font.color.rgb) == "E60012" and run.font.size == Pt(36)
    assert number.text == letter.number == f"示司备函〔2026〕{letter.number.split('〕')[1][:-1]}号"   # 发文字号
    bottom = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "E60012"                                  # the red separator line
    ending = {"备案登记通知": "备案登记的通知", "补充材料通知": "补充报备材料的通知"}.get(kind, "的" + kind)
    assert title.text.startswith("关于《") and title.text.endswith(ending)       # 标题 (二号)
    assert title.runs[0].font.size == Pt(22)
    assert to.text == f"{organ.name}："                                            # 主送机关
    signature, signed_on = (p for p in ps if p.text in ("示例市司法局", "2026年3月2日"))   # 署名, 成文日期
    assert ps.index(signed_on) == ps.index(signature) + 1
    body = ps[4:ps.index(signature)]                                                # 正文
    assert body and all(p.paragraph_format.first_line_indent == Pt(32) for p in body)
    colophon = ps[-1]                                                               # 版记
    assert colophon.text == "示例市司法局办公室\t2026年3月2日印发"
    assert colophon._p.pPr.find(qn("w:framePr")) is not None
    sec = d.sections[0]
    assert round(sec.page_width.mm) == 210 and round(sec.top_margin.mm) == 37 and round(sec.left_margin.mm) == 28


def test_the_letters_keep_their_content(issued):
    db, organ, by_kind = issued
    text = {k: "\n".join(p.text for p in d.paragraphs) for k, (_, d) in by_kind.items()}
    assert "已于" in text["备案登记通知"] and "予以登记备案" in text["备案登记通知"]
    assert "缺少：备案报告、起草说明、合法性审核意见" in text["补充材料通知"]
    for kind, what in (("审查意见书", "建议你单位研究修改"), ("纠正意见函", "请你单位依法予以纠正")):
        assert "经审查，该文件存在下列问题" in text[kind] and what in text[kind] and "\n1. " in text[kind]
        assert "LIC-" not in text[kind] and "FEE-" not in text[kind]              # plain Chinese, no rule ids
    numbers = [by_kind[k][0].number for k in ("备案登记通知", "纠正意见函", "审查意见书", "补充材料通知")]
    assert numbers == [f"示司备函〔2026〕{n}号" for n in (1, 2, 3, 4)]


def test_issuer_and_prefix_follow_the_workbench_issuer(fresh_db, users, monkeypatch):
    monkeypatch.setenv("WORKBENCH_ISSUER", "示例县司法局")
    monkeypatch.setenv("WORKBENCH_ISSUER_CODE", "示县司")
    db, fr = fresh_db, users["filing_reviewer"]
    f = triage_filing(db, file_nd(db, fr, setup_organ(db, fr)).id, actor=fr.username)
    letter = letters.issue_letter(db, fr, f.id, "备案登记通知", today=DAY)
    assert letter.number == "示县司备函〔2026〕1号"
    d = docx.Document(io.BytesIO(letter_docx(db, letter.id)[1]))
    assert _lines(d)[0].text == "示例县司法局文件"
    monkeypatch.setenv("WORKBENCH_FILING_OFFICE", "示例县人民政府办公室")
    monkeypatch.setenv("WORKBENCH_FILING_LETTER_PREFIX", "示县备")
    letter = letters.issue_letter(db, fr, f.id, "备案登记通知", today=DAY)
    assert letter.number == "示县备〔2026〕2号"
    assert _lines(docx.Document(io.BytesIO(letter_docx(db, letter.id)[1])))[0].text == "示例县人民政府办公室文件"
