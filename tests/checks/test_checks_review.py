"""合法性审核: findings → dispositions → opinion → sign-off by a legal advisor (four eyes), staleness,
the gate/dashboard functions, audit, and the 意见书 .docx."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as read_docx

from base import audit
from workbench.documents.store import add_version, create_document, get_version
from base.errors import InputError, PermissionDenied
from lawtext.parser import parse_text
from checks.finding import Finding
from workbench.review.pipeline import open_review
from workbench.review.store import create_review, dispose, get_review, review_stats, set_opinion, sign, sign_problems, signed_off_hash
from workbench.review.opinion_docx import review_docx

DRAFT = """沈阳市停车场管理办法
第一条 根据《中华人民共和国行政处罚法》等法律、法规，结合本市实际，制定本办法。
第二条 对违法停放且无法联系车主的车辆，执法人员可以予以扣押。
第三条 违反本办法规定的，由市城市管理部门责令停产停业，并处五万元以上十万元以下罚款。
第四条 本办法由市交通运输局负责解释。
第五条 本办法自2026年3月1日起施行。
"""


@pytest.fixture
def doc(fresh_db, users):
    d, v = create_document(fresh_db, title="沈阳市停车场管理办法", level="GR", tree=parse_text(DRAFT),
                           actor=users["drafter"].username, issuing_body="沈阳市人民政府")
    return d, v


def _dispose_all(db, r, user):
    for i in r.items:
        if i.severity == "error":
            r = dispose(db, r.id, i.seq, "确认", actor=user)
        else:
            r = dispose(db, r.id, i.seq, "不采纳", actor=user, reason="经核对，已有上位法依据。")
    return r


def test_review_runs_the_rule_book_on_the_stored_version(fresh_db, users, doc):
    d, v = doc
    r = open_review(fresh_db, users["advisor"], v.id)
    rules = {i.rule for i in r.items}
    assert {"COER-MEASURE-RULE-ND", "PEN-RULE-TYPE", "DRAFT-INTERP"} <= rules
    assert r.version_sha256 == v.sha256 and r.status == "进行中" and not r.stale
    assert all(i.head is not None for i in r.items)
    assert [e["action"] for e in audit.events(fresh_db, d.id)][0] == "review.create"


def test_dismissal_needs_a_reason(fresh_db, users, doc):
    r = open_review(fresh_db, users["advisor"], doc[1].id)
    with pytest.raises(InputError, match="理由"):
        dispose(fresh_db, r.id, 1, "不采纳", actor=users["advisor"], reason="  ")
    with pytest.raises(InputError):
        dispose(fresh_db, r.id, 1, "同意", actor=users["advisor"])
    r = dispose(fresh_db, r.id, 1, "不采纳", actor=users["advisor"], reason="已有上位法依据")
    assert r.items[0].disposition == "不采纳" and r.items[0].reason == "已有上位法依据"
    assert r.items[0].disposed_by == users["advisor"].username


def test_contact_point_cannot_dispose(fresh_db, users, doc):
    r = open_review(fresh_db, users["advisor"], doc[1].id)
    with pytest.raises(PermissionDenied):
        dispose(fresh_db, r.id, 1, "确认", actor=users["contact"])


def test_sign_off_records_hash_and_feeds_gate_and_stats(fresh_db, users, doc):
    d, v = doc
    adv = users["advisor"]
    r = open_review(fresh_db, adv, v.id)
    assert signed_off_hash(fresh_db, d.id) is None
    problems = sign_problems(fresh_db, r, adv)
    assert any("未处理" in p for p in problems) and any("总体意见" in p for p in problems)
    with pytest.raises(InputError, match="无法签署"):
        sign(fresh_db, r.id, actor=adv)
    r = _dispose_all(fresh_db, r, adv)
    r = set_opinion(fresh_db, r.id, "修改后合法", actor=adv, text="删除第二条扣押规定后合法。")
    r = sign(fresh_db, r.id, actor=adv)
    assert r.signed and r.signed_by == adv.username and r.signed_sha256 == v.sha256
    assert signed_off_hash(fresh_db, d.id) == v.sha256
    stats = review_stats(fresh_db)
    assert stats["reviews_total"] == 1 and stats["reviews_signed"] == 1 and stats["signoff_rate"] == 1.0
    assert not audit.verify(fresh_db)
    assert "review.sign" in [e["action"] for e in audit.events(fresh_db, d.id)]


def test_only_advisors_sign_and_never_the_author(fresh_db, users, doc):
    d, v = doc
    r = open_review(fresh_db, users["reviewer"], v.id)
    r = _dispose_all(fresh_db, r, users["reviewer"])
    r = set_opinion(fresh_db, r.id, "合法", actor=users["reviewer"])
    for role in ("reviewer", "drafter", "admin"):
        with pytest.raises(PermissionDenied):
            sign(fresh_db, r.id, actor=users[role])
    # an advisor who saved a version of the document is one of its authors
    v2 = add_version(fresh_db, d.id, parse_text(DRAFT + "第六条 本办法由市人民政府负责解释。"), label="送审稿",
                     actor=users["advisor"].username)
    r2 = open_review(fresh_db, users["reviewer"], v2.id)
    r2 = _dispose_all(fresh_db, r2, users["reviewer"])
    r2 = set_opinion(fresh_db, r2.id, "合法", actor=users["reviewer"])
    with pytest.raises(PermissionDenied, match="四眼"):
        sign(fresh_db, r2.id, actor=users["advisor"])
    assert signed_off_hash(fresh_db, d.id) is None


def test_new_version_makes_sign_off_stale(fresh_db, users, doc):
    d, v = doc
    adv = users["advisor"]
    r = open_review(fresh_db, adv, v.id)
    r = _dispose_all(fresh_db, r, adv)
    set_opinion(fresh_db, r.id, "合法", actor=adv)
    second = open_review(fresh_db, adv, v.id)          # a second review of the same version
    sign(fresh_db, r.id, actor=adv)
    v2 = add_version(fresh_db, d.id, parse_text(DRAFT.replace("予以扣押", "依法处理")), label="修改稿",
                     actor=users["drafter"].username)
    r = get_review(fresh_db, r.id)
    assert r.stale and "已过期" in r.state_label
    assert signed_off_hash(fresh_db, d.id) == v.sha256 != v2.sha256     # the gate compares and refuses
    second = _dispose_all(fresh_db, second, adv)
    set_opinion(fresh_db, second.id, "合法", actor=adv)
    with pytest.raises(InputError, match="新版本"):
        sign(fresh_db, second.id, actor=adv)


def test_unlawful_opinion_blocks_the_gate(fresh_db, users, doc):
    d, v = doc
    adv = users["advisor"]
    r = _dispose_all(fresh_db, open_review(fresh_db, adv, v.id), adv)
    set_opinion(fresh_db, r.id, "不合法", actor=adv)
    sign(fresh_db, r.id, actor=adv)
    assert signed_off_hash(fresh_db, d.id) is None
    assert review_stats(fresh_db)["reviews_signed"] == 1


def test_signed_review_is_frozen(fresh_db, users, doc):
    adv = users["advisor"]
    r = _dispose_all(fresh_db, open_review(fresh_db, adv, doc[1].id), adv)
    set_opinion(fresh_db, r.id, "合法", actor=adv)
    sign(fresh_db, r.id, actor=adv)
    with pytest.raises(InputError, match="已签署"):
        dispose(fresh_db, r.id, 1, "确认", actor=adv)
    import sqlite3
    with pytest.raises(sqlite3.IntegrityError):
        fresh_db.execute("update review_items set disposition = '确认' where review_id = ?", [r.id])
    with pytest.raises(sqlite3.IntegrityError):
        fresh_db.execute("update reviews set opinion = '不合法' where id = ?", [r.id])


def test_failed_change_leaves_nothing_half_written(fresh_db, users, doc):
    r = open_review(fresh_db, users["advisor"], doc[1].id)
    n_events = len(audit.events(fresh_db))
    with pytest.raises(Exception):
        dispose(fresh_db, r.id, 999, "确认", actor=users["advisor"])
    assert len(audit.events(fresh_db)) == n_events
    assert get_review(fresh_db, r.id).row_version == r.row_version


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in read_docx(io.BytesIO(data)).paragraphs)


def _table_text(data: bytes) -> str:
    return "\n".join(" | ".join(c.text for c in row.cells) for t in read_docx(io.BytesIO(data)).tables
                     for row in t.rows)


def test_opinion_docx_follows_the_seven_heads(fresh_db, users, doc, tmp_path):
    from checks.base import HEADS
    adv = users["advisor"]
    r = _dispose_all(fresh_db, open_review(fresh_db, adv, doc[1].id), adv)
    set_opinion(fresh_db, r.id, "修改后合法", actor=adv, text="删除第二条后合法。")
    r = sign(fresh_db, r.id, actor=adv)
    data = review_docx(fresh_db, r.id)
    text = _docx_text(data)
    assert "合法性审核意见" in text and "（未签署稿）" not in text
    confirmed = [i for i in r.items if i.disposition == "确认"]
    heads = sorted({i.head or 0 for i in confirmed}, key=lambda h: h or 8)
    positions = [text.index(HEADS[h]) for h in heads]
    assert positions == sorted(positions)
    assert all(i.message in text for i in confirmed)
    assert "经审核，该草案按照以下意见修改后，符合" in text and "删除第二条后合法。" in text
    assert "经核对，已有上位法依据。" in _table_text(data)             # dismissed: reason in the 附件
    assert "法律顾问法律顾问甲" in text and r.signed_sha256 not in text
    assert f"{r.signed_sha256[:8]}…{r.signed_sha256[-6:]}" in text
    # the same file as LibreOffice renders it
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is part of the project's setup"
    src = tmp_path / "opinion.docx"
    src.write_bytes(data)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=180)
    pdf_text = subprocess.run(["pdftotext", str(tmp_path / "opinion.pdf"), "-"], capture_output=True, text=True,
                              check=True).stdout
    assert "合法性审核意见" in pdf_text and "审核发现与规则对照表" in pdf_text
    _assert_reader_facing(text, r)
    _assert_reader_facing(re.sub(r"\s+", "", pdf_text.rsplit("审核发现与规则对照表", 1)[0]), r)   # before the table


_RULE_ID = re.compile(r"[A-Z]{2,}(?:[-‑][A-Z0-9]+)+")


def _assert_reader_facing(text: str, r):
    """What QA found wrong in the 意见书 (issue 19, defect 11): rule ids and full hashes in the text,
    no 发文字号, 主送机关 or 落款; numbering gaps, rules of another level, developer notes, UTC."""
    from base.clock import beijing_cn
    flat = re.sub(r"\s+", "", text)
    assert re.search(r"示司审〔\d{4}〕\d+号", flat)                      # 发文字号
    assert "示例市司法局文件" in flat and flat.count("示例市司法局") >= 3  # 标志, 署名, 印发机关
    manual = flat[flat.index("三、需要进一步核实的事项"):]
    numbers = [int(n) for n in re.findall(r"(\d+)\.(?:草案|请)", manual)]
    assert numbers == list(range(1, len(numbers) + 1)) and numbers, manual
    for note in ("关联表", "流程阶段模块", "不在文本检查中报告", "checks.", "UTC", "GR_FINE_CAP"):
        assert note not in flat, note
    assert beijing_cn(r.signed_at).replace(" ", "") in flat
    assert not set(_RULE_ID.findall(flat)) - {"SHA-256"}, _RULE_ID.findall(flat)   # rule ids only in the 附件
    assert not re.search(r"[0-9a-f]{20,}", flat)                         # no full hash


def test_opinion_docx_lists_manual_checks_of_the_document_level(fresh_db, users):
    from checks.registry import manual_checks
    d, v = create_document(fresh_db, title="沈阳市历史文化街区保护条例", level="LR",
                           tree=parse_text("沈阳市历史文化街区保护条例\n第一条 为了保护历史文化街区，制定本条例。"),
                           actor=users["drafter"].username)
    r = create_review(fresh_db, v.id, actor=users["advisor"], findings=[])
    text = _docx_text(review_docx(fresh_db, r.id))
    manual = text[text.index("三、需要进一步核实的事项"):]
    assert [m.id for m in manual_checks("LR")] == ["PEN-LOCREG-SUPPL", "LIC-NATIONAL-CHOSEN-NOT", "PROC-EVAL-CLEANUP"]
    for k, m in enumerate(manual_checks("LR"), 1):
        assert f"{k}. {m.what}" in manual and m.id not in manual
    assert "补充设定" in manual and "4." not in manual
    nd = [m.id for m in manual_checks("ND")]
    assert "PEN-LOCREG-SUPPL" not in nd and "LIC-NATIONAL-CHOSEN-NOT" not in nd


def test_opinion_is_a_letter_with_a_number_given_once(fresh_db, users, doc):
    """Issue 19, defect 11: 发文字号 from the configured pattern and the counter in the database,
    the same on every export, the next review gets the next number."""
    adv = users["advisor"]
    first = sign(fresh_db, set_opinion(fresh_db, _dispose_all(fresh_db, open_review(fresh_db, adv, doc[1].id), adv).id,
                                       "合法", actor=adv).id, actor=adv)
    year = first.signed_at[:4]
    text = _docx_text(review_docx(fresh_db, first.id))
    assert f"示司审〔{year}〕1号" in text and f"示司审〔{year}〕1号" in _docx_text(review_docx(fresh_db, first.id))
    lines = text.splitlines()
    assert "示例市人民政府：" in lines or any(line.endswith("：") for line in lines)   # 主送机关
    assert "特此函告。" in text and lines.count("示例市司法局") == 1                       # 署名
    table = _table_text(review_docx(fresh_db, first.id))
    assert all(i.rule in table for i in first.items)                                       # rule ids: the 附件
    second = sign(fresh_db, set_opinion(fresh_db, _dispose_all(fresh_db, open_review(fresh_db, adv, doc[1].id), adv).id,
                                        "合法", actor=adv).id, actor=adv)
    assert f"示司审〔{year}〕2号" in _docx_text(review_docx(fresh_db, second.id))
    assert [e["action"] for e in audit.events(fresh_db, None, limit=50)].count("letter.number") == 2


def test_the_number_pattern_and_issuer_are_configurable(fresh_db, users, doc, monkeypatch):
    monkeypatch.setenv("WORKBENCH_ISSUER", "沈阳市司法局")
    monkeypatch.setenv("WORKBENCH_ISSUER_CODE", "沈司")
    monkeypatch.setenv("WORKBENCH_NUMBER_PATTERN", "{代字}法审字〔{年}〕第{号}号")
    adv = users["advisor"]
    r = sign(fresh_db, set_opinion(fresh_db, _dispose_all(fresh_db, open_review(fresh_db, adv, doc[1].id), adv).id,
                                   "合法", actor=adv).id, actor=adv)
    text = _docx_text(review_docx(fresh_db, r.id))
    assert f"沈司法审字〔{r.signed_at[:4]}〕第1号" in text and "沈阳市司法局文件" in text
    monkeypatch.setenv("WORKBENCH_NUMBER_PATTERN", "{机关}〔{年}〕{号}号")
    r2 = sign(fresh_db, set_opinion(fresh_db, _dispose_all(fresh_db, open_review(fresh_db, adv, doc[1].id), adv).id,
                                    "合法", actor=adv).id, actor=adv)
    with pytest.raises(InputError, match="发文字号格式有误"):
        review_docx(fresh_db, r2.id)


# --- one item per defect, people and times as users read them ------------------------------

ND_EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "nd-property-services.txt"


def test_review_asks_once_per_defect(fresh_db, users):
    from lawtext.parser import parse_file_text
    from workbench.review.text import review_summary
    tree = parse_file_text(ND_EXAMPLE.read_text(encoding="utf-8"), filename=ND_EXAMPLE.name)
    d, v = create_document(fresh_db, title="示例市住宅小区物业服务管理实施细则", level="ND", tree=tree,
                           actor=users["drafter"].username)
    r = open_review(fresh_db, users["advisor"], v.id)
    spots = [(i.element_id, i.excerpt) for i in r.items if i.rule != "ND-NOBASIS-OBLIG"]
    assert len(spots) == len(set(spots))
    lic = [i for i in r.items if "LIC-NORMDOC" in i.rules]
    assert [(i.article_label, i.rules) for i in lic] == [("第四条", ["LIC-NORMDOC", "LIC-DISGUISED"]),
                                                          ("第十八条", ["LIC-NORMDOC", "LIC-DISGUISED"])]
    assert not any(i.rule == "LIC-DISGUISED" for i in r.items)
    oblig = [i.article_label for i in r.items if i.rule == "ND-NOBASIS-OBLIG"]
    assert len(oblig) == len(set(oblig)) and {"第十三条", "第十六条"} <= set(oblig)
    # 第一条 names 《物业管理条例》: its plain duties (公示, 值班) are left to the upper-law comparison,
    # what takes something away (停水停电, 两年内不得承接) still needs a basis of its own
    assert not {"第六条", "第七条", "第八条"} & set(oblig)
    # 考核评价不合格的…两年内不得承接: a bar after a failed evaluation is a disguised penalty (限制开展生产经营活动)
    assert [i.article_label for i in r.items if i.rule == "PEN-NORMDOC"] == ["第十六条", "第十八条"]
    assert len(r.items) == 14                       # QA counted 18 items with repeats
    items = review_summary(r)["items"]
    assert items[0]["rules"] == ["LIC-NORMDOC", "LIC-DISGUISED"]
    # disposing the merged item once settles both rules
    r = dispose(fresh_db, r.id, lic[0].seq, "确认", actor=users["advisor"])
    assert next(i for i in r.items if i.seq == lic[0].seq).disposition == "确认"


def test_contact_point_is_told_it_may_not_create_a_review(fresh_db, users, doc):
    with pytest.raises(PermissionDenied) as e:
        create_review(fresh_db, doc[1].id, actor=users["contact"], findings=[])
    assert str(e.value) == "基层立法联系点无权新建合法性审核。"


def test_sign_off_shows_display_name_and_beijing_time(fresh_db, users, doc):
    from datetime import datetime, timedelta

    from workbench.review.text import review_list_text, review_summary, review_text
    adv = users["advisor"]
    r = _dispose_all(fresh_db, open_review(fresh_db, adv, doc[1].id), adv)
    set_opinion(fresh_db, r.id, "合法", actor=adv)
    assert r.signoff_text == ""
    r = sign(fresh_db, r.id, actor=adv)
    local = (datetime.fromisoformat(r.signed_at) + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")
    assert r.signed_by == "advisor1" and r.signed_by_name == "法律顾问甲"
    assert r.signed_at_display == local
    assert r.signoff_text == f"已由 法律顾问甲 于 {local} 签署"
    summary = review_summary(r)
    assert summary["signed_by_name"] == "法律顾问甲" and summary["signed_at_display"] == local
    text = review_text(fresh_db, r)
    assert text.startswith(f"审核 {r.id}：《沈阳市停车场管理办法》v1") and "政府规章" in text
    assert r.signoff_text in text and "advisor1" not in text and r.signed_at not in text
    assert "（规则 PEN-RULE-TYPE）" in text and "文档 " not in text
    listing = review_list_text(fresh_db, [r])
    assert "《沈阳市停车场管理办法》v1" in listing and local in listing and "文档 " not in listing


def test_unsigned_opinion_is_marked_as_draft(fresh_db, users, doc):
    r = open_review(fresh_db, users["advisor"], doc[1].id)
    text = _docx_text(review_docx(fresh_db, r.id))
    assert "（未签署稿）" in text and "尚未处理" in text and "（未编号）" in text and "（未签发）" in text


def test_conflict_findings_are_stored_as_their_own_source(fresh_db, users, doc):
    conflict = Finding(rule="CONFLICT-UPPER", severity="warning", head=3, message="与上位法比对：金额不同",
                       element_id="art-3", article_label="第三条", basis="《中华人民共和国行政处罚法》第十四条",
                       source="conflict", evidence={"draft": "草案文字", "upper": "上位法文字"})
    r = create_review(fresh_db, doc[1].id, actor=users["advisor"], findings=[conflict])
    assert r.items[-1].source == "conflict" and r.items[-1].rule == "CONFLICT-UPPER"
    assert r.items[-1].finding.evidence == {"draft": "草案文字", "upper": "上位法文字"}
    assert get_version(fresh_db, doc[1].id).sha256 == r.version_sha256


def test_conflict_search_results_become_review_items(fresh_db, users, corpus_dir, tmp_path):
    """With a (small) corpus database, conflict search finds the upper-law article a draft changes."""
    import shutil as _sh

    from checks.conflict_items import conflict_findings
    from corpus.importer import import_folder
    from corpus.store import open_corpus_db
    src = tmp_path / "laws"
    src.mkdir()
    _sh.copy(corpus_dir / "行政法" / "大气污染防治法(2018-10-26).md", src)
    cdb_path = str(tmp_path / "corpus.db")
    cdb = open_corpus_db(cdb_path)
    import_folder(str(src), cdb)
    cdb.close()
    draft = parse_text("沈阳市大气污染防治条例\n第一条 违反本条例规定，有下列行为之一的，由县级以上人民政府生态环境主管部门责令改正，"
                       "处五十万元以上一百万元以下的罚款；拒不改正的，责令停产整治：\n（一）未依法取得排污许可证排放大气污染物的。")
    items = conflict_findings(draft, "LR", title="沈阳市大气污染防治条例", corpus_db=cdb_path)
    assert items and items[0].rule == "CONFLICT-UPPER" and "大气污染防治法" in items[0].basis
    assert items[0].evidence["upper_title"] in items[0].basis and items[0].evidence["draft"].startswith("违反本条例")
    d, v = create_document(fresh_db, title="沈阳市大气污染防治条例", level="LR", tree=draft, actor="drafter1")
    r = open_review(fresh_db, users["advisor"], v.id, corpus_db=cdb_path, conflicts=True)
    assert any(i.source == "conflict" and i.head == 3 for i in r.items)
    assert conflict_findings(draft, "LR", corpus_db=str(tmp_path / "missing.db")) is None


def test_a_paper_review_is_entered_with_its_own_date_and_counts_from_then(fresh_db, users):
    """补录: a review signed on paper before the workbench was used keeps its real date, which the
    procedure rules compare with the meeting date; a future date is refused."""
    from datetime import timedelta

    from workbench.documents.store import create_document
    from workbench.procedure.dossier_records import dossier_for
    from base.errors import InputError
    from lawtext.parser import parse_text
    from workbench.review.store import create_review, get_review, set_opinion, sign
    from base.clock import today
    doc, v = create_document(fresh_db, title="示例市测试办法", level="ND",
                             tree=parse_text("示例市测试办法\n第一条 本办法自公布之日起施行。"),
                             actor=users["drafter"].username)
    advisor = users["advisor"]
    r = create_review(fresh_db, v.id, actor=advisor, findings=[])
    set_opinion(fresh_db, r.id, "合法", actor=advisor, text="经审核，合法。")
    with pytest.raises(InputError):
        sign(fresh_db, r.id, actor=advisor, paper_date=today() + timedelta(days=1))
    assert not get_review(fresh_db, r.id).signed           # nothing half-written
    paper_day = today() - timedelta(days=50)
    r = sign(fresh_db, r.id, actor=advisor, paper_date=paper_day)
    assert r.signed and r.signed_on_paper == paper_day.isoformat()
    assert "补录" in r.signoff_text and paper_day.isoformat() in r.signoff_text
    assert dossier_for(fresh_db, doc.id)["legality_review_date"] == paper_day.isoformat()
    event = next(fresh_db.query("select * from audit_log where action = 'review.sign'"))
    assert paper_day.isoformat() in event["detail"] and event["ts"][:10] >= paper_day.isoformat()
