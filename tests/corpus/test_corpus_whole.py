"""The whole real corpus (~30-50 s on 2 shared cores): every file but the four empty-bodied ones is
imported, article and status counts match the manifest, and an edited article finds its source."""
from __future__ import annotations

import csv

import pytest

from corpus.importer import import_folder
from corpus.index import load_index
from corpus.search import similar
from corpus.store import counts, open_corpus_db

pytestmark = pytest.mark.slow


def test_whole_corpus_import_and_search(corpus_dir, tmp_path):
    with (corpus_dir / "manifest.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    path = str(tmp_path / "corpus.db")
    db = open_corpus_db(path)
    report = import_folder(corpus_dir, db)
    empty = {p for p, _ in report.failed}
    assert len(empty) == 4 and all("没有找到任何条文或正文" in m for _, m in report.failed)
    c = counts(db)
    assert c["documents"] == len(rows) - 4
    assert c["articles"] == sum(int(r["articles"]) for r in rows if r["path"] not in empty)
    assert c["statuses"]["已被修改"] == sum(1 for r in rows if r["superseded_by"])
    index = load_index(path)
    row = next(r for r in range(index.n) if index.labels[r] == "第九十四条"
               and index.docs.titles[index.art_doc[r]] == "中华人民共和国动物防疫法")
    query = index.texts[row].replace("五千元", "一万元").replace("农业农村主管部门", "畜牧兽医主管部门")
    hit = similar(index, query, top=1)[0]
    assert (hit.title, hit.label) == ("中华人民共和国动物防疫法", "第九十四条")
