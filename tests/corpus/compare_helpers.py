"""Helpers for comparing a draft against a corpus document (对照 page, `diff corpus:…`): a small
corpus database of four real files, and a draft made from one of them with two known edits."""
from __future__ import annotations

from pathlib import Path

from corpus_helpers import copy_files

BEIJING = "DLC/北京地方法规/地方性法规/北京/北京市养犬管理规定.md"
LIFA_2015 = "宪法相关法/立法法(2015-03-15).md"
LIFA_2023 = "宪法相关法/立法法(2023-03-13).md"
FANGYI = "经济法/动物防疫法(2021-01-22).md"
FILES = [BEIJING, LIFA_2015, LIFA_2023, FANGYI]
DRAFT_TITLE = "某市养犬管理规定（草案）"
OLD_15, NEW_15 = "应当自丢失之日起15日内", "可以自丢失之日起30日内"


def build_corpus_db(corpus_dir: Path, work: Path) -> str:
    """Import FILES (copied into ``work``) into ``work``/corpus.db; returns its path."""
    from corpus.importer import import_folder
    from corpus.store import open_corpus_db
    src = work / "src"
    copy_files(corpus_dir, src, FILES)
    path = work / "corpus.db"
    db = open_corpus_db(str(path))
    report = import_folder(src, db)
    assert report.added == len(FILES), report.summary()
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return str(path)


def beijing_draft(corpus_dir: Path):
    """北京市养犬管理规定 with 第十五条 changed (应当 → 可以, 15日 → 30日) and 第三十四条 deleted."""
    from lawtext.parser import assign_ids, parse_markdown
    tree = parse_markdown((corpus_dir / BEIJING).read_text(encoding="utf-8"))
    assert len(tree.articles) == 35
    p = tree.article("第十五条").paragraphs[0]
    assert OLD_15 in p.text
    p.text = p.text.replace(OLD_15, NEW_15)
    tree.body.remove(tree.article("第三十四条"))
    tree.title = DRAFT_TITLE
    assign_ids(tree)
    return tree
