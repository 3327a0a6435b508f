"""上位法比对 on the real corpus: the governing upper-law clause is found by conduct (in the version
in force on the draft's date), fields are compared, and only provisions on the same conduct produce
findings or conflict items."""
from __future__ import annotations

from pathlib import Path

from checks import check_text
from checks.conflict_items import conflict_findings
from checks.corpus_link import load_corpus
from checks.provision_facts import facts_of
from checks.upper_link import Linker
from lawtext.files import read_bytes
from lawtext.parser import parse_text

ROOT = Path(__file__).resolve().parents[2]
HERITAGE = """淄川市文物保护条例
第一条 为了加强文物保护，根据《中华人民共和国文物保护法》，结合本市实际，制定本条例。
第二条 擅自迁移、拆除不可移动文物的，由市文物行政部门责令改正，处一万元以上三万元以下的罚款。"""


def _upper(findings):
    return [f for f in findings if f.rule in ("UPPER-CONFORM", "UPPER-CONFORMING", "PEN-LOCREG-SCOPE", "PEN-RULE-SCOPE")]


def test_facts_of_a_sanction_item_with_its_lead():
    f = facts_of("（一）未按照规定办理犬只登记的；", lead="违反本条例规定，有下列行为之一的，由县级以上人民政府公安机关"
                 "责令限期改正；逾期不改正的，处五百元以上一千元以下罚款：")
    assert (f.conduct, f.fine_lo, f.fine_hi, f.precondition, f.authority) == ("未按照规定办理犬只登记", 500, 1000, True, "公安")
    g = facts_of("违反本法规定，超标排放的，由生态环境主管部门责令改正，处十万元以上一百万元以下的罚款；拒不改正的，按日连续处罚。")
    assert not g.precondition and g.sanctions == {"fine"}


def test_the_version_in_force_on_the_draft_date_governs(corpus_db):
    """文物保护法 was renumbered in 2024: as of 2018 the clause is 第六十六条, as of 2025 第八十三条."""
    by_date = {}
    for date in ("2018-06-01", "2025-06-01"):
        fs = _upper(check_text(HERITAGE, "LR", corpus_db=corpus_db, meta={"date": date}))
        # found in the law 第一条 names, not cited by the clause itself: a warning naming the article
        assert [(f.rule, f.severity) for f in fs] == [("PEN-LOCREG-SCOPE", "warning")], [(f.severity, f.message) for f in fs]
        assert "罚款下限 10,000 元低于上位法下限 50,000 元" in fs[0].message
        by_date[date] = fs[0].message
    assert "《中华人民共和国文物保护法》第六十六条" in by_date["2018-06-01"]
    assert "《中华人民共和国文物保护法》第八十三条" in by_date["2025-06-01"]
    assert "上位法原文" in by_date["2025-06-01"] and "擅自迁移、拆除不可移动文物" in by_date["2025-06-01"]


def test_a_cited_article_is_an_unambiguous_link(corpus_db):
    text = ("沈阳市大气污染防治条例\n第一条 为了防治大气污染，制定本条例。\n第二条 违反本条例规定，未依法取得排污许可证排放大气污染物的，"
            "依照《中华人民共和国大气污染防治法》第九十九条的规定，由市生态环境主管部门处二百万元罚款。")
    fs = _upper(check_text(text, "LR", corpus_db=corpus_db))
    assert [f.severity for f in fs] == ["error"]
    assert "《中华人民共和国大气污染防治法》第九十九条" in fs[0].message and "高于上位法上限" in fs[0].message


def test_a_stale_citation_falls_back_to_the_conduct(corpus_db):
    """文物保护法 2024 renumbered its articles: 第六十六条 (2017: 擅自迁移、拆除不可移动文物) became
    a clause on private collecting that sets nothing. A clause still citing it is linked by its
    conduct (a warning naming 第八十三条), not left unchecked."""
    text = ("淄川市文物保护条例\n第一条 为了加强文物保护，根据《中华人民共和国文物保护法》，结合本市实际，制定本条例。\n"
            "第二条 擅自迁移、拆除不可移动文物的，依照《中华人民共和国文物保护法》第六十六条的规定，"
            "由市文物行政部门责令改正，处一万元以上三万元以下的罚款。")
    fs = _upper(check_text(text, "LR", corpus_db=corpus_db, meta={"date": "2025-06-01"}))
    assert [f.severity for f in fs] == ["warning"], [(f.severity, f.message) for f in fs]
    assert "《中华人民共和国文物保护法》第八十三条" in fs[0].message


def test_a_clause_on_another_conduct_is_not_compared(corpus_db):
    tree = parse_text("淄川市养犬管理条例\n第一条 为了规范养犬行为，制定本条例。\n"
                      "第二条 携犬出户未束犬链的，由公安机关责令改正，处二百元以上五百元以下罚款。")
    linker = Linker(load_corpus(corpus_db), tree, "LR", tree.title)
    f = facts_of(tree.articles[1].flat_text)
    link = linker.governing(f, f.conduct)
    assert not link.unambiguous
    assert _upper(check_text("\n".join([tree.title] + [a.label + " " + a.flat_text for a in tree.articles]), "LR",
                             corpus_db=corpus_db)) == []


def test_dog_draft_gets_no_conflict_items_from_unrelated_laws(corpus_db):
    """The demo 养犬管理办法 used to get 24 items (防震减灾法, 陆地国界法 …) from raw similarity."""
    path = ROOT / "examples" / "gr-dog-management-v2.md"
    doc = read_bytes(path.read_bytes(), path.name)
    items = conflict_findings(doc, "GR", title=doc.title, corpus_db=corpus_db)
    assert items is not None
    laws = {i.basis for i in items}
    assert not any(name in " ".join(laws) for name in ("防震减灾法", "陆地国界法", "保险法", "特种设备安全法")), laws


def test_unambiguous_restatement_is_conforming(corpus_db):
    text = HERITAGE.replace("处一万元以上三万元以下的罚款", "给予警告；造成文物损坏或者其他严重后果的，对单位处五十万元以上五百万元以下"
                            "的罚款，对个人处五万元以上五十万元以下的罚款，由原发证机关降低资质等级；情节严重的，由原发证机关吊销资质证书")
    fs = _upper(check_text(text, "LR", corpus_db=corpus_db))
    assert [(f.rule, f.severity) for f in fs] == [("UPPER-CONFORMING", "info")]
