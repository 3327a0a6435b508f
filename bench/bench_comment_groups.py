"""Near-duplicate grouping of comments (workbench.consultation.comments.similar_groups) at growing volume.

    python bench/bench_comment_groups.py [--sizes 100,300,1000]

The "comments" are the first 80 characters of real articles (../shared/corpus, 上海 local
regulations), with every tenth one repeated in lightly re-worded form (as campaign comments
are), so groups exist. Prints, per size: the grouping time; the baseline measured in the same
run — one all-pairs char ``ratio`` cdist, which the grouping needs anyway as its candidate
filter; their ratio; and the number of groups found. The segmenter (spaCy + jieba) is loaded
before timing.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402
from rapidfuzz.process import cdist  # noqa: E402

from workbench.consultation.comments import _norm, similar_groups  # noqa: E402
from lawtext.nlp import nlp  # noqa: E402
from lawtext.parser import parse_markdown  # noqa: E402

CORPUS = Path(ROOT.parent / "shared" / "corpus" / "DLC" / "上海地方法规" / "地方性法规" / "上海")


def comments(n: int) -> list[str]:
    out: list[str] = []
    for path in sorted(CORPUS.glob("*.md")):
        for a in parse_markdown(path.read_text(encoding="utf-8")).articles:
            text = a.flat_text[:80]
            out.append(text)
            if len(out) % 10 == 0:
                out.append("建议" + text.replace("应当", "应").replace("的", "") + "。")
            if len(out) >= n:
                return out
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100,300,1000")
    args = ap.parse_args()
    nlp()
    print(f"{'comments':>8} {'grouping s':>10} {'baseline s':>10} {'ratio':>6} {'groups':>6}")
    for n in (int(x) for x in args.sizes.split(",")):
        texts = comments(n)
        labels = [None] * len(texts)
        t0 = time.perf_counter()
        groups = similar_groups(texts, labels)
        t1 = time.perf_counter()
        norm = [_norm(t) for t in texts]
        cdist(norm, norm, scorer=fuzz.ratio, score_cutoff=45, workers=1)
        t2 = time.perf_counter()
        found = sum(1 for g in groups if len(g) > 1)
        print(f"{len(texts):>8} {t1 - t0:>10.2f} {t2 - t1:>10.2f} {(t1 - t0) / (t2 - t1):>6.1f} {found:>6}")


if __name__ == "__main__":
    main()
