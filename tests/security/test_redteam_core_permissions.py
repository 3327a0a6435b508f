"""Red-team issue 17, item 19: running the rules and searching the corpus are core actions that
take the acting user (``check.run``, ``corpus.search``) — not only protected by the pages."""
from __future__ import annotations

import pytest

from base.errors import PermissionDenied
from lawtext.parser import parse_file_text
from workbench.corpus_admin import conflicts_for, search_corpus
from workbench.documents.live_help import article_help
from workbench.review.pipeline import assess_text

DRAFT = "示例市犬只管理办法\n第一条 违反本办法规定的，由公安机关责令停产停业。\n"


def test_rules_on_an_unstored_text_need_check_run(users):
    tree = parse_file_text(DRAFT)
    with pytest.raises(PermissionDenied):
        assess_text(users["contact"], tree, "GR", corpus_db=None)
    assert assess_text(users["drafter"], tree, "GR", corpus_db=None).findings


def test_live_help_needs_check_run(users):
    tree = parse_file_text(DRAFT)
    with pytest.raises(PermissionDenied):
        article_help(tree, "第一条", user=users["contact"], level="GR")
    assert article_help(tree, "第一条", user=users["drafter"], level="GR").items


def test_corpus_search_and_conflicts_need_the_permission(users):
    index = None                     # refused before the index is touched
    for fn in (lambda u: search_corpus(u, index, "停产停业"),
               lambda u: conflicts_for(u, index, parse_file_text(DRAFT), level="GR")):
        with pytest.raises(PermissionDenied):
            fn(users["contact"])
