"""Page benchmark: render the 文档 page for a generated 150-article draft through AppTest.

    python bench/bench_page.py [--articles 150] [--runs 7]

Prints the median time of (a) a fresh session rendering the 文档 page (app.py → navigation →
page; the article tree is loaded from SQLite), (b) a rerun after clicking a table-of-contents
entry, and the baseline measured in the same run: a fresh AppTest session of a trivial
two-element page. Ratios are to that baseline.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from workbench.schema import open_db  # noqa: E402
from workbench.documents.store import create_document  # noqa: E402
from lawtext.numerals import int_to_cn  # noqa: E402
from lawtext.parser import parse_markdown  # noqa: E402
from workbench.access.users import create_user  # noqa: E402

TRIVIAL_PAGE = """
import streamlit as st
st.title("基准页面")
st.write("只有两个元素的页面，用作对照。")
"""


def generate_draft(n_articles: int, per_chapter: int = 15) -> str:
    """A synthetic 政府规章 draft: chapters of ``per_chapter`` articles, the second half of each
    chapter in a 节; every third article has 款 with 项, every seventh a 项 with 目."""
    lines = ["# 示例市综合管理办法（基准测试稿）", "2025年1月1日 基准测试生成", "<!-- INFO END -->"]
    for n in range(1, n_articles + 1):
        ch, pos = divmod(n - 1, per_chapter)
        if pos == 0:
            lines.append(f"## 第{int_to_cn(ch + 1)}章 第{int_to_cn(ch + 1)}部分管理规定")
            lines.append("### 第一节 一般规定")
        if pos == per_chapter // 2:
            lines.append("### 第二节 具体要求")
        lines.append(f"第{int_to_cn(n)}条 有关单位和个人应当遵守本办法第{int_to_cn(n)}项管理要求，"
                     f"市人民政府有关部门按照职责分工做好第{int_to_cn(n)}项监督管理工作。")
        if n % 3 == 0:
            lines.append("前款规定的单位应当履行下列义务：")
            for i in range(1, 5):
                lines.append(f"（{int_to_cn(i)}）建立第{int_to_cn(i)}类管理制度并定期报告执行情况；")
        if n % 7 == 0:
            lines.append("有下列情形之一的，依法处理：")
            lines.append("（一）未按照规定履行义务的，包括：")
            lines.append("1.未建立管理制度；")
            lines.append("2.未定期报告。")
            lines.append("（二）其他违反本办法规定的情形。")
    return "\n\n".join(lines) + "\n"


def timed_interleaved(fns: list, runs: int) -> list[list[float]]:
    """Run the functions in turn ``runs`` times (interleaved, so that load from other processes
    on a shared machine hits baseline and subject alike); return the times per function."""
    out: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for i, fn in enumerate(fns):
            t = time.perf_counter()
            fn()
            out[i].append(time.perf_counter() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=150)
    ap.add_argument("--runs", type=int, default=11)
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-page-"))
    db_path = str(work / "bench.db")
    db = open_db(db_path)
    user = create_user(db, "bench", "bench123", "drafter", display_name="基准用户")
    tree = parse_markdown(generate_draft(args.articles))
    assert len(tree.articles) == args.articles, len(tree.articles)
    doc, _ = create_document(db, title="示例市综合管理办法", level="GR", tree=tree, actor=user.username)
    db.close()

    def document_page() -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.session_state["db_path"] = db_path
        at.session_state["user"] = user
        at.session_state["doc_id"] = doc.id
        at.switch_page("app_pages/document.py").run()
        assert not at.exception, at.exception
        assert at.title[0].value == "示例市综合管理办法"
        return at

    def trivial_page() -> None:
        at = AppTest.from_string(TRIVIAL_PAGE, default_timeout=60)
        at.run()
        assert at.title[0].value == "基准页面"

    at = document_page()  # warm-up: imports, migrations, caches
    trivial_page()
    last = tree.articles[-1].id
    toc_buttons = [b for b in at.button if b.key and b.key.startswith(f"doc_art_{doc.id}-")]
    assert len(toc_buttons) == args.articles

    def rerun_after_click() -> None:
        at.button(key=f"doc_art_{doc.id}-{last}").click().run()
        assert not at.exception

    base, fresh, rerun = timed_interleaved([trivial_page, document_page, rerun_after_click], args.runs)
    b, f, r = statistics.median(base), statistics.median(fresh), statistics.median(rerun)
    print(f"文档 page, {args.articles}-article draft, {args.runs} interleaved runs each (median):")
    print(f"  baseline  trivial page, fresh AppTest session   {b * 1000:8.1f} ms")
    print(f"  document  fresh session (login → 文档 page)      {f * 1000:8.1f} ms   ratio {f / b:5.1f}x")
    print(f"  document  rerun after a table-of-contents click {r * 1000:8.1f} ms   ratio {r / b:5.1f}x")


if __name__ == "__main__":
    main()
