"""Live help for a saved article (workbench.documents.live_help): legality checks in that article, similar
provisions from a corpus index (built here from three real corpus files), defined terms and
numbering — each with its rule id — and graceful notes when a source is missing."""
from __future__ import annotations

import shutil
from pathlib import Path

from lawtext.editing import edit_article, insert_article
from workbench.access.users import User
from workbench.documents.live_help import article_help

DRAFTER = User(id=1, username="drafter1", display_name="起草人员甲", role="drafter")
from lawtext.parser import parse_markdown

ROOT = Path(__file__).resolve().parents[2]
FILES = ["DLC/上海地方法规/地方性法规/上海/上海市养犬管理条例.md",
         "DLC/上海地方法规/地方性法规/上海/上海市公共汽车和电车客运管理条例(2020-05-14).md",
         "DLC/北京地方法规/地方性法规/北京/北京市农业承包合同条例.md"]


def dog_rule():
    return parse_markdown((ROOT / "examples" / "gr-dog-management-v2.md").read_text(encoding="utf-8"))


def test_checks_terms_and_numbering_for_one_article_without_a_corpus():
    r = insert_article(dog_rule(), "违反本办法第五十条规定的，由市公安机关责令停产停业，并处五万元以上十万元以下罚款。",
                       after="第五条")
    report = article_help(r.doc, r.focus, user=DRAFTER, level="GR")
    assert report.article_label == "第五条之一"
    found = {(i.source, i.rule_id) for i in report.items}
    assert ("合法性检查", "PEN-RULE-TYPE") in found          # a 规章 may not order 停产停业
    assert ("合法性检查", "REF-INTERNAL") in found           # 第五十条 does not exist
    assert ("编号", "REF-NUMBERING") in found                # 之一: renumbering would make it 第六条
    numbering = next(i for i in report.items if i.source == "编号")
    assert "重新编号后本条为第六条" in numbering.message
    assert all(i.element_id.startswith("art-5_1") for i in report.items if i.source == "合法性检查")
    assert any("法规库尚未导入" in n and "python -m" not in n for n in report.notes)
    assert set(report.timings) == {"checks", "similar", "terms", "numbering"}
    # findings located in other articles are not shown for this one
    other = article_help(r.doc, "第一条", user=DRAFTER, level="GR")
    assert not any(i.rule_id == "PEN-RULE-TYPE" for i in other.items)


def test_terms_defined_in_the_article_are_checked_across_the_draft():
    r = edit_article(dog_rule(), "第三条", "本办法中下列用语的含义：\n（一）烈性犬，是指市公安机关确定并公布品种的犬只；\n"
                                             "（二）工作犬，是指经过训练从事特定工作的犬只。")
    report = article_help(r.doc, "第三条", user=DRAFTER, level="GR")
    terms = [i for i in report.items if i.source == "术语一致"]
    assert [(i.rule_id, "工作犬" in i.message) for i in terms] == [("DRAFT-STRUCTURE", True)]


def test_similar_provisions_from_a_corpus_index(tmp_path, corpus_dir):
    from corpus.importer import import_folder
    from corpus.index import load_index
    from corpus.store import open_corpus_db
    src = tmp_path / "src"
    for rel in FILES:
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus_dir / rel, src / rel)
    db_path = str(tmp_path / "corpus.db")
    db = open_corpus_db(db_path)
    report = import_folder(src, db)
    db.close()
    assert not report.failed
    index = load_index(db_path)

    law = parse_markdown((corpus_dir / FILES[1]).read_text(encoding="utf-8"))
    quoted = law.article("第十九条").text  # a drafter copying another city's provision
    r = edit_article(dog_rule(), "第四条", quoted)
    help_ = article_help(r.doc, "第四条", user=DRAFTER, level="GR", corpus_index=index)
    similar = [i for i in help_.items if i.source == "相似条文"]
    assert similar and similar[0].reference.startswith("《上海市公共汽车和电车客运管理条例》第十九条")
    assert "相似度 1.00" in similar[0].reference
    assert not any("法规库索引" in n for n in help_.notes)
