"""备案登记: materials (text, .docx, text PDFs; scans refused), registration checks (materials complete,
逾期报备), the filed text as an immutable version of a document of origin 备案, kept out of the
drafting side's library; triage through the one review pipeline; the risk-ordered queue."""
from __future__ import annotations

from datetime import date

import pytest
from filing_helpers import (ND_TEXT, TEXT_PDF, FilingInput, complete_materials, file_nd, material, read_material,
                            register_filing, scanned_pdf, setup_organ)

from base.audit import events, verify
from base.errors import InputError
from workbench.documents.store import ORIGIN_FILED, documents_for, get_document, get_version, list_documents
from workbench.filing.intake import register_pending, supplement
from workbench.filing.store import get_filing, items_of, materials_of
from workbench.filing.triage import queue, triage_filing
from workbench.review.pipeline import assess


@pytest.fixture
def fr(users):
    return users["filing_reviewer"]


def test_complete_filing_is_registered_with_its_review_deadline(fresh_db, fr):
    organ = setup_organ(fresh_db, fr)
    f = file_nd(fresh_db, fr, organ)
    assert f.status == "已登记" and f.missing == [] and not f.late
    assert f.registered_by == fr.username and f.review_due > f.registered_on
    doc = get_document(fresh_db, f.document_id)
    assert doc.issuing_body == organ.name and doc.level == "ND"
    assert get_version(fresh_db, f.version_id).label == "备案文本"
    assert {m.kind for m in materials_of(fresh_db, f.id)} == {"正式文本", "备案报告", "起草说明", "合法性审核意见"}
    assert [e["action"] for e in events(fresh_db, f.document_id)][:1] == ["filing.register"]
    assert verify(fresh_db) == []


def test_filed_documents_stay_out_of_the_drafting_library(fresh_db, users, fr):
    f = file_nd(fresh_db, fr, setup_organ(fresh_db, fr))
    row = fresh_db.execute("select origin from documents where id = ?", [f.document_id]).fetchone()
    assert row[0] == ORIGIN_FILED
    assert f.document_id not in {d.id for d in list_documents(fresh_db)}
    assert f.document_id not in {d.id for d in documents_for(fresh_db, users["drafter"])}


def test_missing_materials_wait_then_register_after_supplement(fresh_db, fr):
    organ = setup_organ(fresh_db, fr)
    f = file_nd(fresh_db, fr, organ, complete=False)
    assert f.status == "待登记" and f.missing == ["备案报告", "起草说明", "合法性审核意见"]
    with pytest.raises(InputError) as e:
        register_pending(fresh_db, fr, f.id)
    assert e.value.code == "filing.incomplete"
    f = supplement(fresh_db, fr, f.id, complete_materials()[1:3])
    assert f.status == "待登记" and f.missing == ["合法性审核意见"]
    f = supplement(fresh_db, fr, f.id, complete_materials()[3:])
    assert f.status == "已登记" and f.missing == [] and f.review_due


def test_late_filing_is_flagged_with_the_configured_period(fresh_db, fr, monkeypatch):
    organ = setup_organ(fresh_db, fr)
    on_time = file_nd(fresh_db, fr, organ, published="2026-03-01", filed="2026-03-16")
    assert not on_time.late                        # ND: 15 days by default
    late = file_nd(fresh_db, fr, organ, published="2026-03-01", filed="2026-03-20")
    assert late.late and late.late_days == 4
    monkeypatch.setenv("WORKBENCH_ND_FILING_DAYS", "30")
    assert not file_nd(fresh_db, fr, organ, published="2026-03-01", filed="2026-03-20").late
    gr = register_filing(fresh_db, fr, organ.id, complete_materials(), FilingInput(
        title="示例市养犬管理办法", level="GR", published_on="2026-03-01", filed_on="2026-04-05"))
    assert gr.late_days == 5                       # 规章: 30 days


def test_text_pdf_is_read_and_its_metadata_inferred(fresh_db, fr):
    organ = setup_organ(fresh_db, fr, "示例市交通运输局")
    m = read_material(TEXT_PDF.read_bytes(), TEXT_PDF.name)
    assert m.kind == "正式文本" and len(m.tree.articles) == 14
    assert "显著位置公示服务项目" in m.tree.articles[6].flat_text      # a wrapped PDF line joined again
    f = register_filing(fresh_db, fr, organ.id, [m], FilingInput(filed_on="2026-06-10"))
    assert (f.level, f.doc_number, f.published_on, f.effective_on) == ("ND", "示交规〔2026〕2号", "2026-05-29",
                                                                       "2026-06-28")
    assert not f.late                              # 12 days after 公布: within the 15 days of an ND


def test_scanned_pdf_is_refused_and_nothing_is_stored(fresh_db, fr):
    organ = setup_organ(fresh_db, fr)
    with pytest.raises(InputError) as e:
        mats = complete_materials(data=scanned_pdf(), name="扫描件.pdf")
        register_filing(fresh_db, fr, organ.id, mats, FilingInput(level="ND"))
    assert e.value.code == "filing.pdf_scanned" and "文字版" in str(e.value)
    assert fresh_db.execute("select count(*) from filings").fetchone()[0] == 0
    assert fresh_db.execute("select count(*) from documents").fetchone()[0] == 0


@pytest.mark.parametrize("name,data,code", [
    ("坏文件.pdf", b"%PDF-1.4 not really", "filing.pdf_bad"),
    ("伪装.pdf", b"PK\x03\x04zip", "filing.pdf_bad"),
    ("表格.xlsx", b"PK\x03\x04", "filing.file_type"),
])
def test_bad_files_get_a_coded_chinese_refusal(name, data, code):
    with pytest.raises(InputError) as e:
        read_material(data, name)
    assert e.value.code == code and any("\u4e00" <= c <= "\u9fff" for c in str(e.value))


def test_a_filing_needs_exactly_one_text(fresh_db, fr):
    organ = setup_organ(fresh_db, fr)
    with pytest.raises(InputError) as e:
        register_filing(fresh_db, fr, organ.id, [material("备案报告.txt", "报告\n请备案。")], FilingInput(level="ND"))
    assert e.value.code == "filing.no_text"
    two = [read_material(ND_TEXT.read_bytes(), "甲.txt"), read_material(ND_TEXT.read_bytes(), "乙.txt")]
    with pytest.raises(InputError) as e:
        register_filing(fresh_db, fr, organ.id, two, FilingInput(level="ND"))
    assert e.value.code == "filing.two_texts"


def test_triage_stores_exactly_the_review_pipelines_findings(fresh_db, fr):
    f = file_nd(fresh_db, fr, setup_organ(fresh_db, fr))
    expected = assess(get_version(fresh_db, f.version_id).tree, "ND",
                      meta={"title": f.title, "issuing_body": f.organ_name}).findings
    f = triage_filing(fresh_db, f.id, actor=fr.username)
    items = items_of(fresh_db, f.id)
    assert [(i.rule, i.element_id, i.severity) for i in items] == [(x.rule, x.element_id or "", x.severity) for x in expected]
    assert {"LIC-NORMDOC", "FEE-DEPOSIT", "COER-UTILITIES"} <= {i.rule for i in items}   # the planted defects
    assert f.counts == {s: sum(i.severity == s for i in items) for s in ("error", "warning", "info")}
    assert triage_filing(fresh_db, f.id, actor=fr.username).triaged_at == f.triaged_at   # once


def test_queue_puts_errors_first_then_the_nearest_deadline(fresh_db, fr):
    organ = setup_organ(fresh_db, fr)
    clean = register_filing(fresh_db, fr, organ.id, complete_materials(data="示例市某规定\n第一条　为了规范管理，制定本规定。\n"
                                                                           "第二条　本规定自2026年1月1日起施行。\n".encode(),
                                                                      name="示例市某规定.txt"),
                            FilingInput(level="ND", published_on="2026-01-01", filed_on="2026-01-05"))
    bad = file_nd(fresh_db, fr, organ)
    for f in (clean, bad):
        triage_filing(fresh_db, f.id, actor=fr.username)
    order = [f.id for f in queue(fresh_db, fr, today=date(2026, 1, 20))]
    assert order == [bad.id, clean.id]
    assert get_filing(fresh_db, clean.id).n_error == 0
