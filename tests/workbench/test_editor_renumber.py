"""Renumbering through the editor: the 60-article draft of renumber_draft.py (shared with the redline
tests) is edited with the editor's operations — two deletions, a move, two insertions and an
edit that cites a new article — then renumbered through the working copy. Every internal
reference (本办法第X条, 第X条第X款第（X）项, ranges, lists, Arabic digits, 之一, references in
法律责任) must point at the same article as before."""
from __future__ import annotations

import re

from renumber_draft import NEW_ARTICLES, REFS, draft_text, edited, original, render

from workbench.documents import working_copy as wcm
from workbench.documents.store import create_document
from lawtext.numerals import article_label
from lawtext.parser import parse_text
from lawtext.writer import to_text


def test_editor_operations_then_renumber_rewrite_every_reference(fresh_db, users):
    tree, numbering = original()
    doc, _ = create_document(fresh_db, title="某市管理事项办法", level="GR", tree=tree, actor="drafter1")
    user = users["drafter"]
    wc = wcm.open_working_copy(fresh_db, doc.id, user)

    def do(op, **kw):
        nonlocal wc
        wc, result = wcm.apply(fresh_db, doc.id, user, op, expected_row_version=wc.row_version, **kw)
        return result

    written = dict(numbering, N1=(10, 1), N2=(25, 1))  # labels as the editor will give them
    do("delete", key="第七条")
    do("delete", key="第三十三条")
    assert do("move", key="第五十条", after="第三条").description == "将第五十条移至第三条之后"
    r = do("insert", after="第十条", text="\n".join(render(l, written) for l in NEW_ARTICLES["N1"]))
    assert r.description.startswith("在第十条之后插入第十条之一")
    do("insert", after="第二十五条", text="\n".join(render(l, written) for l in NEW_ARTICLES["N2"]))
    do("edit", key="第五十七条", text="\n".join(render(l, written) for l in REFS[57]))  # now cites N1

    hand_edited, order, _ = edited()
    assert to_text(wc.tree) == to_text(hand_edited)  # the editor produced exactly the intended draft

    plan = wcm.renumber_plan(fresh_db, doc.id, user)  # shown to the drafter before anything changes
    assert len(plan.renumbered) > 40 and plan.rewrites
    assert wcm.get(fresh_db, doc.id).tree.article("第十条之一") is not None  # nothing applied yet
    wc, applied = wcm.apply_renumber(fresh_db, doc.id, user, expected_row_version=wc.row_version, plan=plan)

    final = {k: (pos, 0) for pos, k in enumerate(order, 1)}
    final[7], final[33] = (7, 0), (33, 0)  # deleted: a reference to 第三十三条 is left and warned about
    assert to_text(wc.tree) == to_text(parse_text(draft_text(order, final)))
    assert [a.label for a in wc.tree.articles] == [article_label(n) for n in range(1, 61)]
    assert any("第三十三条" in w for w in applied.warnings)


def test_every_reference_in_a_real_law_follows_its_article(fresh_db, users, corpus_dir):
    """The same through the editor on an enacted regulation (55 articles, 29 本条例第X条 references, most in
    its 法律责任 chapter): after insert/delete/move + renumber, each reference still names the
    article it named before (compared by the text of the cited article)."""
    from lawtext.parser import parse_markdown
    path = corpus_dir / "DLC/上海地方法规/地方性法规/上海/上海市公共汽车和电车客运管理条例(2020-05-14).md"
    tree = parse_markdown(path.read_text(encoding="utf-8"))
    doc, _ = create_document(fresh_db, title="公交条例修订草案", level="LR", tree=tree, actor="drafter1")
    user = users["drafter"]
    ref = re.compile(r"本条例第([一二三四五六七八九十]+)条")

    def cited(t):
        """(citing article's first words, cited article's text) for every 本条例第X条 reference."""
        def body(a):  # text with reference numbers masked, so renumbering does not change identity
            return re.sub(r"第[一二三四五六七八九十]+条", "第#条", a.flat_text)
        by_label = {a.label: a for a in t.articles}
        out = []
        for a in t.articles:
            for m in ref.finditer(a.flat_text):
                target = by_label.get(f"第{m.group(1)}条")
                out.append((body(a)[:30], body(target) if target else None))
        return sorted(out, key=lambda x: (x[0], x[1] or ""))

    before = cited(tree)
    assert len(before) >= 25
    assert all(t is not None for _, t in before)
    wc = wcm.open_working_copy(fresh_db, doc.id, user)
    for op, kw in [("insert", {"after": "第二条", "text": "新增条文：本市推进公共交通优先发展。"}),
                   ("move", {"key": "第四十条", "before": "第十九条"}),
                   ("insert", {"before": "第四十五条", "text": "新增法律责任条文。"}),
                   ("delete", {"key": "第五十三条"})]:
        wc, _ = wcm.apply(fresh_db, doc.id, user, op, expected_row_version=wc.row_version, **kw)
    wc, plan = wcm.apply_renumber(fresh_db, doc.id, user, expected_row_version=wc.row_version)
    assert [a.number for a in wc.tree.articles] == list(range(1, 57))
    after = cited(wc.tree)
    assert after == before
    # the 法律责任 chapter's references were actually rewritten, not just left alone
    changed = [c for r in plan.rewrites for c in r.changes]
    assert len(changed) >= 20
