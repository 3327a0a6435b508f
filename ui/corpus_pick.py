"""The 对照 page's third base text: a document of the regulation corpus, found by a part of its
title (optionally within one 效力级别) and picked from a list showing level, version date and status."""
from __future__ import annotations

from corpus.lookup import has_documents
from corpus.store import CURRENT, CorpusDoc, doc_tree, facets, list_docs, open_corpus_db
from ui.corpus_view import badges, corpus_db_path
from lawtext.model import LegalDocument

LIMIT = 100
ALL_LEVELS = "全部"
NO_CORPUS = ("法规库尚未导入，暂时不能与法规库中的法规对照。请管理员在「法规库」页面的「导入」视图中导入法规库后再试；"
             "也可以改选「上传文件（如现行法规）」。")


def doc_label(d: CorpusDoc) -> str:
    return f"{d.title}｜{d.level or '未注明级别'}｜{d.version_date or '未注明日期'}｜{d.status}"


def pick_corpus_doc(where) -> tuple[CorpusDoc, LegalDocument] | None:
    """The chosen corpus document and its article tree, or None (after saying why) while there is
    no corpus, no search text, no match."""
    path = corpus_db_path()
    if not has_documents(path):
        where.warning(NO_CORPUS, icon=":material/library_add:")
        return None
    cdb = open_corpus_db(path)
    try:
        c1, c2 = where.columns([3, 2])
        query = c1.text_input("法规标题", key="cmp_corpus_q", placeholder="输入标题中的文字，如：动物防疫法、养犬")
        level = c2.selectbox("效力级别", [ALL_LEVELS, *facets(cdb)["level"]], key="cmp_corpus_level")
        if not query.strip():
            where.info("请输入法规标题中的文字，在法规库中查找作为修改前文本的法规。")
            return None
        found = list_docs(cdb, title_contains=query.strip(), level=None if level == ALL_LEVELS else level,
                          limit=LIMIT + 1)
        if not found:
            where.info(f"法规库中没有标题包含「{query.strip()}」的法规" + ("。" if level == ALL_LEVELS else f"（{level}）。"))
            return None
        by_id = {d.id: d for d in found[:LIMIT]}
        picked = where.selectbox("法规库中的法规", list(by_id), format_func=lambda i: doc_label(by_id[i]),
                                 key="cmp_corpus_pick")
        if len(found) > LIMIT:
            where.caption(f"只列出前 {LIMIT} 部，请输入更完整的标题。")
        doc = by_id[picked]
        where.markdown(badges(doc.level, doc.region, doc.status)
                       + f"　版本日期 {doc.version_date or '未注明'}　共 {doc.articles} 条")
        if doc.status != CURRENT:
            where.caption(f"注意：所选法规为「{doc.status}」状态，不是现行文本。")
        return doc, doc_tree(cdb, doc.id)
    finally:
        cdb.close()
