"""专项审查 with the 清理 of an upper-law change as its selection, on a real change (野生动物保护法
2018 → 2022) with real local regulations restating it and a filed text restating it too: the hits
are those of workbench.review.cleanup (the same function as the 清理 page), reviewed and exported
like the hits of a rule campaign."""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import docx
import pytest
from cli_helpers import run_json
from filing_helpers import FilingInput, complete_materials, register_filing, setup_organ

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus"))

from base.errors import InputError  # noqa: E402
from corpus.store import open_corpus_db  # noqa: E402
from corpus_helpers import build_wildlife_db  # noqa: E402
from workbench.filing.campaigns import (CLEANUP, Scope, create_campaign, export_csv, export_docx, get_campaign,  # noqa: E402
                                        hits_of, mark_hit, run_campaign, start_in_background)
from workbench.review.cleanup import cleanup  # noqa: E402
from workbench.schema import open_db  # noqa: E402

LOCAL = {"北京市野生动物保护管理条例", "山东省实施《中华人民共和国野生动物保护法》办法"}


@pytest.fixture(scope="module")
def wildlife_db(tmp_path_factory, corpus_dir) -> str:
    return build_wildlife_db(corpus_dir, tmp_path_factory.mktemp("wild_src"), tmp_path_factory.mktemp("wild_db") / "c.db")


@pytest.fixture
def fr(users):
    return users["filing_reviewer"]


def beijing_article(wildlife_db: str, label: str = "第三十七条") -> str:
    return open_corpus_db(wildlife_db).execute(
        "select text from corpus_articles a join corpus_docs d on d.id = a.doc_id "
        "where d.title = '北京市野生动物保护管理条例' and a.label = ?", [label]).fetchone()[0]


def file_restating(db, user, wildlife_db):
    """A filed 规范性文件 whose 第一条 restates an article of 野生动物保护法 2018 (through 北京)."""
    text = "示例市野生动物保护管理办法\n第一条 " + beijing_article(wildlife_db) + "\n第二条 本办法自2026年1月1日起施行。"
    mats = complete_materials(data=text.encode("utf-8"), name="示例市野生动物保护管理办法.txt")
    return register_filing(db, user, setup_organ(db, user).id, mats, FilingInput(level="ND", published_on="2026-01-05",
                                                                                  filed_on="2026-01-12"))


def test_cleanup_campaign_over_corpus_and_filings(fresh_db, fr, wildlife_db):
    f = file_restating(fresh_db, fr, wildlife_db)
    cid = create_campaign(fresh_db, fr, "野生动物保护法修改后的清理", Scope(levels=["LR", "GR", "ND"]),
                          cleanup_law="野生动物保护法")
    assert get_campaign(fresh_db, cid)["selection"] == {"kind": CLEANUP, "law": "野生动物保护法", "since": ""}
    c = run_campaign(fresh_db, fr, cid, corpus_db=wildlife_db)
    hits = hits_of(fresh_db, fr, cid)
    assert c["status"] == "已完成" and c["hits"] == len(hits) > 0
    assert c["done"] == c["total"] == 3                       # two local regulations and the filed text
    direct = cleanup(wildlife_db, "野生动物保护法")             # the same function, the same corpus rows
    corpus_hits = [h for h in hits if h["source"] == "法规库"]
    assert sorted((h["title"], h["article_label"], h["upper_article"]) for h in corpus_hits) == sorted(
        (r.document, r.article, r.upper_article) for r in direct.rows)
    assert {h["title"] for h in corpus_hits} == LOCAL and all(h["level"] == "LR" for h in corpus_hits)
    mine = [h for h in hits if h["source"] == "备案文件"]
    assert len(mine) == 1 and mine[0]["ref_id"] == f.id and mine[0]["article_label"] == "第一条" and mine[0]["level"] == "ND"
    for h in hits:
        assert h["rule"] == "清理" and h["upper_article"].startswith("第") and h["action"] in {"修改", "废止", "保留"}
        assert h["change"] and h["how"] in {"引用", "重述"} and h["message"]
    mark_hit(fresh_db, fr, mine[0]["id"], "确认")
    table = list(csv.reader(io.StringIO(export_csv(fresh_db, fr, cid).decode("utf-8-sig"))))
    assert table[0][:9] == ["来源", "文件", "层级", "条文", "上位法条文", "变化", "关联方式", "审查意见", "建议"]
    assert len(table) == len(hits) + 1 and any(r[0] == "备案文件" and r[-2] == "确认" for r in table[1:])
    d = docx.Document(io.BytesIO(export_docx(fresh_db, fr, cid)))
    t = d.tables[0]
    assert [c.text for c in t.rows[0].cells] == ["序号", "文件", "条文", "上位法条文", "变化", "审查意见", "建议", "核查结论"]
    assert len(t.rows) == len(hits) + 1
    assert any("2018-10-26 → 2022-12-30" in p.text or "野生动物保护法" in p.text for p in d.paragraphs)


def test_cleanup_campaign_scope_and_since(fresh_db, fr, wildlife_db):
    file_restating(fresh_db, fr, wildlife_db)
    cid = create_campaign(fresh_db, fr, "山东清理", Scope(levels=["LR"], region="山东", sources=("法规库",)),
                          cleanup_law="中华人民共和国野生动物保护法", cleanup_since="2019-01-01")
    c = run_campaign(fresh_db, fr, cid, corpus_db=wildlife_db)
    hits = hits_of(fresh_db, fr, cid)
    assert c["done"] == 1 and hits and {h["title"] for h in hits} == {"山东省实施《中华人民共和国野生动物保护法》办法"}
    cid = create_campaign(fresh_db, fr, "只查规章", Scope(levels=["GR"], sources=("法规库",)), cleanup_law="野生动物保护法")
    assert run_campaign(fresh_db, fr, cid, corpus_db=wildlife_db)["hits"] == 0


def test_cleanup_campaign_bad_input(fresh_db, fr, wildlife_db, db_path):
    with pytest.raises(InputError) as e:
        create_campaign(fresh_db, fr, "x", Scope(levels=["LR"]), families=["fees"], cleanup_law="野生动物保护法")
    assert e.value.code == "filing.campaign_kind"
    with pytest.raises(InputError):
        create_campaign(fresh_db, fr, "x", Scope(levels=["LR"]), cleanup_law="野生动物保护法", cleanup_since="2019")
    with pytest.raises(InputError) as e:
        create_campaign(fresh_db, fr, "x", Scope(levels=["LR"]), cleanup_since="2019-01-01")
    assert e.value.code == "filing.cleanup_law"
    cid = create_campaign(fresh_db, fr, "不存在", Scope(levels=["LR"]), cleanup_law="不存在的法")
    start_in_background(db_path, fr.username, cid, corpus_db=wildlife_db, open_db=open_db).join(timeout=60)
    c = get_campaign(fresh_db, cid)
    assert c["status"] == "失败" and "没有找到上位法" in c["error"]


def test_cli_campaign_run_cleanup(fresh_db, users, fr, db_path, wildlife_db, tmp_path, capsys):
    file_restating(fresh_db, fr, wildlife_db)
    b = ["--db", db_path, "--as", "filing_reviewer1", "--corpus-db", wildlife_db]
    code, c, err = run_json(capsys, "campaign", "run", "--title", "野生动物保护法清理", "--cleanup", "野生动物保护法",
                            "--since", "2019-01-01", *b, "--json")
    assert code == 0, err
    assert c["status"] == "已完成" and c["selection"]["kind"] == "清理" and c["done"] == 3
    assert c["hits"] == len(c["items"]) > 0
    assert {i["source"] for i in c["items"]} == {"法规库", "备案文件"}
    assert all(i["upper_article"] and i["change"] and i["action"] in {"修改", "废止", "保留"} for i in c["items"])
    from workbench.cli import main
    assert main(["campaign", "hits", str(c["id"]), "--db", db_path, "--as", "filing_reviewer1"]) == 0
    out = capsys.readouterr().out
    assert "野生动物保护法" in out and "← 上位法第" in out and "示例市野生动物保护管理办法 第一条" in out
    out_csv = tmp_path / "清理.csv"
    assert run_json(capsys, "campaign", "export", str(c["id"]), "-o", str(out_csv), "--db", db_path, "--as",
                    "filing_reviewer1", "--json")[0] == 0
    assert out_csv.read_text(encoding="utf-8-sig").startswith("来源,文件,层级,条文,上位法条文,变化")
    code, _, err = run_json(capsys, "campaign", "run", "--title", "x", "--cleanup", "野生动物保护法", "--since", "2019",
                            *b, "--json")
    assert code != 0 and "YYYY-MM-DD" in err
    code, _, err = run_json(capsys, "campaign", "run", "--title", "x", "--cleanup", "野生动物保护法", "--families", "fees",
                            *b, "--json")
    assert code != 0 and "只能选一种" in err


@pytest.mark.slow
def test_cleanup_campaign_over_the_whole_corpus(fresh_db, fr, corpus_db):
    """文物保护法 2017 → 2024 over the whole real corpus, 山东 only: the same rows as the 清理 page."""
    cid = create_campaign(fresh_db, fr, "文物保护法修改后的清理（山东）", Scope(levels=["LR", "GR"], region="山东",
                                                                     sources=("法规库",)), cleanup_law="文物保护法")
    c = run_campaign(fresh_db, fr, cid, corpus_db=corpus_db)
    hits = hits_of(fresh_db, fr, cid)
    direct = cleanup(corpus_db, "文物保护法", region="山东")
    assert c["status"] == "已完成" and c["done"] == direct.documents_scanned > 50
    assert len(hits) == len(direct.rows) > 0 and "山东省文物保护条例" in {h["title"] for h in hits}
    assert all(h["source"] == "法规库" and h["level"] in ("LR", "GR") for h in hits)
