"""Parse benchmark: the whole corpus, and .docx import/export of a 150-article draft.

    /work/venv/bin/python bench/bench_parse.py [--corpus ../shared/corpus] [--runs 5]

Measured in the same run:
- baseline: read every corpus file and count its article lines with the manifest's regular
  expression (``^第[一二三四五六七八九十百千零〇两]+条`` after ``<!-- INFO END -->``) — the least
  work that still looks at every line;
- parse: read + ``parse_markdown`` (the full article tree); write: ``to_markdown`` of every tree;
- .docx: ``write_docx`` and ``read_docx`` of a generated 150-article draft (median of --runs),
  and ``read_docx`` of the committed Word-numbering fixture.
Ratios are to the baseline (corpus) or to a plain python-docx open of the same file (.docx).
"""
from __future__ import annotations

import argparse
import csv
import io
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lawtext.docx.io import docx_bytes, read_docx  # noqa: E402
from lawtext.numerals import int_to_cn  # noqa: E402
from lawtext.parser import parse_markdown  # noqa: E402
from lawtext.writer import to_markdown  # noqa: E402

ARTICLE_LINE = re.compile(r"^第[一二三四五六七八九十百千零〇两]+条", re.M)
INFO_END = "<!-- INFO END -->"


def generated_draft(n: int = 150) -> str:
    """A 政府规章-style draft: 章 of 15 articles with 节, 款 with 项 and 目, 之一 articles, 附件."""
    out = ["# 示例市城市综合管理办法（草案）", "2025年3月1日 基准测试生成", INFO_END, "目录"]
    out += [f"第{int_to_cn(c)}章 第{int_to_cn(c)}类事项" for c in range(1, n // 15 + 1)]
    for i in range(1, n + 1):
        if i % 15 == 1:
            c = i // 15 + 1
            out += [f"## 第{int_to_cn(c)}章 第{int_to_cn(c)}类事项", "### 第一节 一般规定"]
        if i % 15 == 8:
            out.append("### 第二节 具体要求")
        out.append(f"第{int_to_cn(i)}条 有关单位和个人应当遵守本办法第{int_to_cn(i)}项管理要求，"
                   f"市人民政府有关部门按照职责分工做好监督管理工作，违反的处{i * 100}元以下罚款。")
        if i % 3 == 0:
            out.append("前款规定的单位应当履行下列义务：")
            out += [f"（{int_to_cn(k)}）建立第{int_to_cn(k)}类管理制度并定期报告执行情况；" for k in range(1, 5)]
        if i % 7 == 0:
            out += ["有下列情形之一的，依法处理：", "（一）未按照规定履行义务的，包括：", "1.未建立管理制度；",
                    "2.未定期报告。", "（二）其他违反本办法规定的情形。"]
        if i % 50 == 0:
            out.append(f"第{int_to_cn(i)}条之一 第{int_to_cn(i)}条规定的期限可以延长一次。")
    out += ["附件：示例市城市综合管理事项目录", "序号 事项 主管部门", "1 市容 城市管理部门"]
    return "\n\n".join(out) + "\n"


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def bench_corpus(corpus: Path) -> list[tuple]:
    rows = list(csv.DictReader(open(corpus / "manifest.tsv", encoding="utf-8"), delimiter="\t"))
    paths = [corpus / r["path"] for r in rows]

    t0 = time.perf_counter()
    chars = counted = 0
    for p in paths:
        text = p.read_text(encoding="utf-8")
        chars += len(text)
        counted += len(ARTICLE_LINE.findall(text.split(INFO_END, 1)[-1]))
    baseline = time.perf_counter() - t0

    t0 = time.perf_counter()
    trees = [parse_markdown(p.read_text(encoding="utf-8")) for p in paths]
    parse = time.perf_counter() - t0
    articles = sum(len(d.articles) for d in trees)

    t0 = time.perf_counter()
    for d in trees:
        to_markdown(d)
    write = time.perf_counter() - t0

    n = len(paths)
    print(f"corpus: {n} files, {chars:,} characters; article lines (regex) {counted:,}, articles parsed {articles:,}")
    return [
        ("baseline: read + count article lines", baseline, n / baseline, chars / baseline, 1.0),
        ("read + parse_markdown (full tree)", parse, n / parse, chars / parse, parse / baseline),
        ("to_markdown (write every tree)", write, n / write, chars / write, write / baseline),
    ]


def bench_docx(runs: int) -> list[tuple]:
    import docx
    doc = parse_markdown(generated_draft())
    data = docx_bytes(doc)
    assert read_docx(data) == doc, "export must re-import to the same tree"
    plain_open, _ = timed(lambda: docx.Document(io.BytesIO(data)), runs)
    export, _ = timed(lambda: docx_bytes(doc), runs)
    import_, _ = timed(lambda: read_docx(data), runs)
    fixture = (ROOT / "tests" / "fixtures" / "docx" / "park_autonumber.docx").read_bytes()
    fixture_open, _ = timed(lambda: docx.Document(io.BytesIO(fixture)), runs)
    fixture_import, _ = timed(lambda: read_docx(fixture), runs)
    print(f".docx: generated draft {len(doc.articles)} articles, {len(data):,} bytes; "
          f"Word-numbering fixture {len(fixture):,} bytes")
    return [
        ("baseline: python-docx open (draft)", plain_open, plain_open / plain_open),
        ("write_docx (150-article draft)", export, export / plain_open),
        ("read_docx (150-article draft)", import_, import_ / plain_open),
        ("baseline: python-docx open (fixture)", fixture_open, 1.0),
        ("read_docx (auto-numbered fixture)", fixture_import, fixture_import / fixture_open),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not (corpus / "manifest.tsv").is_file():
        sys.exit(f"corpus not found at {corpus}")

    rows = bench_corpus(corpus)
    print(f"\n{'step':40} {'seconds':>8} {'files/s':>9} {'chars/s':>12} {'× baseline':>11}")
    for name, secs, fps, cps, ratio in rows:
        print(f"{name:40} {secs:8.2f} {fps:9.0f} {cps:12,.0f} {ratio:11.1f}")
    print()
    drows = bench_docx(args.runs)
    print(f"\n{'step (median of %d runs)' % args.runs:40} {'ms':>8} {'× baseline':>11}")
    for name, secs, ratio in drows:
        print(f"{name:40} {secs * 1000:8.1f} {ratio:11.1f}")


if __name__ == "__main__":
    main()
