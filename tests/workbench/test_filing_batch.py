"""Batch intake of generated 示例市 filings from a folder and a .zip (with and without a manifest), one
transaction per document, per-file report, progress in the database, the background worker; and
专项审查 over filings and the real corpus."""
from __future__ import annotations

import io
import shutil
import zipfile

import pytest
from filing_helpers import TEXT_PDF, generate, scanned_pdf

from base.errors import InputError
from workbench.filing.batch import create_batch, get_batch, run_batch, start_in_background
from workbench.filing.campaigns import (Scope, create_campaign, export_csv, hits_of, mark_hit, run_campaign)
from workbench.filing.sources import read_zip
from workbench.filing.store import query_filings
from workbench.schema import open_db


@pytest.fixture
def fr(users):
    return users["filing_reviewer"]


def _zip(folder) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                z.write(p, "报备文件/" + str(p.relative_to(folder)))
    return buf.getvalue()


def test_folder_with_manifest_registers_and_triages_every_filing(fresh_db, fr, tmp_path):
    specs = generate(tmp_path / "in", 24, seed=3)
    bid = create_batch(fresh_db, fr, str(tmp_path / "in"))
    b = run_batch(fresh_db, fr, bid)
    assert b["status"] == "已完成" and b["total"] == 24 and b["failed"] == 0 and b["triaged"] == 24
    filings = {f.title: f for f in query_filings(fresh_db, batch_id=bid)}
    assert len(filings) == 24
    for s in specs:
        f = filings[s["title"]]
        assert (f.organ_name, f.doc_number, f.level, f.published_on) == (s["organ"], s["number"], s["level"], s["published"])
        assert f.late == s["late"]
        assert (f.status == "待登记") == bool(f.missing)
    assert sum(f.n_error for f in filings.values()) > 0
    assert {r["file"] for r in b["report"]} == {s["name"] for s in specs}


def test_zip_without_manifest_infers_the_same_metadata(fresh_db, fr, tmp_path):
    specs = generate(tmp_path / "in", 10, seed=5, manifest=False)
    units = read_zip(_zip(tmp_path / "in"))
    assert [u.name for u in units] == [s["name"] for s in specs]
    bid = create_batch(fresh_db, fr, str(tmp_path / "in"))
    b = run_batch(fresh_db, fr, bid, units=units)
    assert b["failed"] == 0
    got = {f.title: f for f in query_filings(fresh_db, batch_id=bid)}
    for s in specs:
        f = got[s["title"]]
        assert (f.organ_name, f.doc_number, f.level, f.published_on) == (s["organ"], s["number"], s["level"], s["published"])


def test_one_bad_file_fails_alone_and_the_batch_resumes(fresh_db, fr, tmp_path):
    generate(tmp_path / "in", 4, seed=7)
    bad = tmp_path / "in" / "0002"
    shutil.rmtree(bad)
    bad.mkdir()
    (bad / "正式文本.pdf").write_bytes(scanned_pdf())
    shutil.copy(TEXT_PDF, tmp_path / "in" / TEXT_PDF.name)     # a single file at the top: one filing
    bid = create_batch(fresh_db, fr, str(tmp_path / "in"))
    b = run_batch(fresh_db, fr, bid)
    by_file = {r["file"]: r for r in b["report"]}
    assert by_file["0002"]["result"] == "失败" and "扫描件" in by_file["0002"]["message"]
    assert by_file[TEXT_PDF.name]["result"] == "待登记"         # only the text: other materials missing
    assert b["failed"] == 1 and b["total"] == 5
    again = run_batch(fresh_db, fr, bid)                          # resuming registers nothing twice
    assert len(query_filings(fresh_db, batch_id=bid)) == 4 and again["total"] == 5


@pytest.mark.parametrize("member", ["../逃逸.txt", "/abs/路径.txt"])
def test_zip_paths_leaving_the_archive_are_refused(member):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(member, "第一条　内容。")
    with pytest.raises(InputError) as e:
        read_zip(buf.getvalue())
    assert e.value.code == "filing.bad_zip"


def test_not_a_zip_and_an_empty_zip():
    with pytest.raises(InputError) as e:
        read_zip(b"not a zip")
    assert e.value.code == "filing.bad_zip"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("说明.xlsx", "x")
    with pytest.raises(InputError) as e:
        read_zip(buf.getvalue())
    assert e.value.code == "filing.empty_batch"


def test_background_worker_records_progress_in_the_database(db_path, fresh_db, fr, tmp_path):
    generate(tmp_path / "in", 6, seed=9)
    bid = create_batch(fresh_db, fr, str(tmp_path / "in"))
    start_in_background(db_path, fr.username, bid, open_db=open_db).join(timeout=60)
    b = get_batch(fresh_db, bid)
    assert b["status"] == "已完成" and b["triaged"] == 6 and b["registered"] + b["pending"] == 6


def test_campaign_over_filings_and_export(fresh_db, fr, tmp_path):
    generate(tmp_path / "in", 16, seed=11)
    run_batch(fresh_db, fr, create_batch(fresh_db, fr, str(tmp_path / "in")))
    cid = create_campaign(fresh_db, fr, "涉企保证金专项清理", Scope(levels=["ND"], sources=("备案文件",)), families=["fees"])
    c = run_campaign(fresh_db, fr, cid)
    hits = hits_of(fresh_db, fr, cid)
    assert c["status"] == "已完成" and c["total"] == 14 and c["hits"] == len(hits) > 0
    assert {h["rule"] for h in hits} <= {"FEE-SET", "FEE-DEPOSIT", "FEE-LEVY"}
    with pytest.raises(InputError):
        mark_hit(fresh_db, fr, hits[0]["id"], "排除")
    mark_hit(fresh_db, fr, hits[0]["id"], "确认")
    rows = export_csv(fresh_db, fr, cid).decode("utf-8-sig").splitlines()
    assert rows[0].startswith("来源,文件,层级") and len(rows) == len(hits) + 1 and "确认" in rows[1]


def test_campaign_rule_selection_is_checked(fresh_db, fr):
    with pytest.raises(InputError):
        create_campaign(fresh_db, fr, "x", Scope(levels=["GR"]), families=["nonsense"])
    with pytest.raises(InputError):
        create_campaign(fresh_db, fr, "x", Scope(levels=["GR"]))


@pytest.mark.slow
def test_campaign_over_the_real_corpus(fresh_db, fr, corpus_db):
    cid = create_campaign(fresh_db, fr, "地方性法规设定吊销营业执照专项审查", Scope(levels=["LR"], region="北京",
                                                                     sources=("法规库",)), rules=["PEN-LOCREG-TYPE"])
    c = run_campaign(fresh_db, fr, cid, corpus_db=corpus_db)
    hits = hits_of(fresh_db, fr, cid)
    assert c["total"] > 50 and c["done"] == c["total"]
    assert hits and all(h["rule"] == "PEN-LOCREG-TYPE" and h["source"] == "法规库" for h in hits)
    assert all("吊销" in (h["excerpt"] + h["message"]) for h in hits)
