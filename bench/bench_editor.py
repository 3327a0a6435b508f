"""Editor benchmark: saving one article edit in a 150-article draft, and the 起草 page's rerun time.

    python bench/bench_editor.py [--runs 15]

The draft is a real law from ../shared/corpus (食品安全法 2021, 10 chapters, first 150 articles,
with 款/项 and internal references), stored as a document with a working copy. Figures (medians):

1. save one article edit = the pure edit operation (lawtext.editing) + the autosave of the
   working copy (JSON, content hash, optimistic-concurrency UPDATE, audit event, one transaction);
   its two parts separately; the live help for that article (checks, terms, numbering);
2. baseline measured in the same run: serialising the tree (``LegalDocument.to_json``), the
   unavoidable minimum of any autosave;
3. AppTest: a fresh session rendering the 起草 page, a rerun after clicking an article in the
   outline, and the full 保存本条 round trip (operation + autosave + live help + re-render).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench.documents import working_copy as wcm  # noqa: E402
from workbench.schema import open_db  # noqa: E402
from workbench.documents.store import create_document  # noqa: E402
from lawtext.editing import edit_article  # noqa: E402
from workbench.documents.live_help import article_help  # noqa: E402
from lawtext.model import Article  # noqa: E402
from lawtext.parser import parse_markdown  # noqa: E402
from workbench.access.users import create_user  # noqa: E402

CORPUS = Path(os.environ.get("WORKBENCH_CORPUS", ROOT.parent / "shared" / "corpus"))
LAW = "行政法/食品安全法(2021-04-29).md"
N_ARTICLES = 150


def draft():
    tree = parse_markdown((CORPUS / LAW).read_text(encoding="utf-8"))
    keep = {a.id for a in tree.articles[:N_ARTICLES]}
    tree.body = [n for n in tree.body if not isinstance(n, Article) or n.id in keep]
    assert len(tree.articles) == N_ARTICLES
    return tree


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def ms(xs: list[float]) -> str:
    return f"{statistics.median(xs) * 1000:8.1f} ms (p90 {sorted(xs)[int(len(xs) * 0.9) - 1] * 1000:.1f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    runs = args.runs

    work = Path(tempfile.mkdtemp(prefix="bench-editor-"))
    db_path = str(work / "bench.db")
    os.environ["WORKBENCH_CORPUS_DB"] = str(work / "no-corpus.db")  # live help without a corpus index
    db = open_db(db_path)
    user = create_user(db, "drafter", "drafter123", "drafter", display_name="起草人")
    tree = draft()
    doc, _ = create_document(db, title="食品安全条例（基准测试稿）", level="LR", tree=tree, actor="drafter")
    wc = wcm.open_working_copy(db, doc.id, user)
    target = tree.articles[74]
    texts = [target.text + ("\n本条规定的事项，由县级以上人民政府食品安全监督管理部门负责。" if i % 2 else "")
             for i in range(runs + 1)]
    print(f"草案：{LAW} 前 {N_ARTICLES} 条，{len(tree.headings)} 个章节标题，"
          f"{sum(len(list(a.elements())) for a in tree.articles)} 个款/项/目；编辑 {target.label}")

    base = timed(lambda: tree.to_json(), runs)
    pure = timed(lambda: edit_article(tree, target.id, texts[1]), runs)
    result = edit_article(tree, target.id, texts[1])
    state = {"rv": wc.row_version, "i": 0}

    def autosave_only():
        state["i"] += 1
        saved = wcm._write(db, doc.id, result.doc, user=user, expected_row_version=state["rv"],
                           action="working_copy.edit", description=result.description, detail={"op": "edit"})
        state["rv"] = saved.row_version

    save_only = timed(autosave_only, runs)

    def op_and_autosave():
        state["i"] += 1
        saved, _ = wcm.apply(db, doc.id, user, "edit", expected_row_version=state["rv"], key=target.id,
                             text=texts[state["i"] % 2])
        state["rv"] = saved.row_version

    full = timed(op_and_autosave, runs)
    current = wcm.get(db, doc.id).tree
    article_help(current, target.id, user=user, level="LR")  # warm the tokenizer/rule caches once
    helps = timed(lambda: article_help(current, target.id, user=user, level="LR"), max(3, runs // 3))

    print("\n保存一条修改（150 条草案）")
    print(f"  基线：序列化条文树 to_json         {ms(base)}")
    print(f"  编辑操作（纯函数，含解析与编号）    {ms(pure)}")
    print(f"  自动保存（JSON+哈希+乐观锁+审计）   {ms(save_only)}")
    print(f"  操作 + 自动保存                    {ms(full)}   = 基线的 {statistics.median(full) / statistics.median(base):.1f} 倍")
    print(f"  即时提示（检查、术语、编号）        {ms(helps)}")

    from streamlit.testing.v1 import AppTest
    app = str(ROOT / "app.py")

    def fresh():
        at = AppTest.from_file(app, default_timeout=120)
        at.session_state["db_path"] = db_path
        at.session_state["user"] = user
        at.session_state["doc_id"] = doc.id
        at.switch_page("app_pages/editor.py").run()
        assert not at.exception, at.exception
        return at

    fresh()  # warm imports
    first = timed(fresh, max(3, runs // 3))
    at = fresh()
    ids = [a.id for a in wcm.get(db, doc.id).tree.articles]
    clicks = []
    for i in range(runs):
        button = at.button(key=f"ed_art_{doc.id}-{ids[(i * 7 + 1) % len(ids)]}")
        t = time.perf_counter()
        button.click().run()
        clicks.append(time.perf_counter() - t)
    at.button(key=f"ed_art_{doc.id}-{target.id}").click().run()
    saves = []
    for i in range(max(3, runs // 3)):
        at.text_area(key=f"ed_text_{doc.id}_{target.id}").input(texts[i % 2 + 1] + f"\n第{i}次保存。")
        t = time.perf_counter()
        at.button(key="ed_save").click().run()
        saves.append(time.perf_counter() - t)
        assert not at.exception and not at.error, [e.value for e in at.error]

    print("\n起草页面（AppTest，150 条草案）")
    print(f"  新会话渲染页面                      {ms(first)}")
    print(f"  点击目录中的条文后重跑               {ms(clicks)}")
    print(f"  「保存本条」往返（含即时提示）        {ms(saves)}")
    print(f"\n数据库：{db_path}")


if __name__ == "__main__":
    main()
