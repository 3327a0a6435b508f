"""The whole real corpus, in one pass: every file parses, article counts match the manifest,
and Markdown parse → write → parse is identical for every file."""
from __future__ import annotations

import csv

from lawtext.parser import parse_markdown
from lawtext.writer import to_markdown


def test_whole_corpus(corpus_dir):
    rows = list(csv.DictReader(open(corpus_dir / "manifest.tsv", encoding="utf-8"), delimiter="\t"))
    flagged = {r["path"] for r in csv.DictReader(open(corpus_dir / "quality_flags.tsv", encoding="utf-8"),
                                                 delimiter="\t")}
    assert len(rows) == 3423
    errors, not_round_trip, mismatches = [], [], []
    unflagged = 0
    for row in rows:
        text = (corpus_dir / row["path"]).read_text(encoding="utf-8")
        try:
            doc = parse_markdown(text)
        except Exception as e:  # noqa: BLE001 — collect every failure, report them together
            errors.append(f"{row['path']}: {type(e).__name__}: {e}")
            continue
        if parse_markdown(to_markdown(doc)) != doc:
            not_round_trip.append(row["path"])
        if row["path"] not in flagged:
            unflagged += 1
            if len(doc.articles) != int(row["articles"]):
                mismatches.append(f"{row['path']}: parsed {len(doc.articles)}, manifest {row['articles']}")
    assert not errors, errors[:10]
    assert not not_round_trip, not_round_trip[:10]
    assert unflagged > 3000
    match_rate = 1 - len(mismatches) / unflagged
    assert match_rate >= 0.995, (match_rate, mismatches[:20])
