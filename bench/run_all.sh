#!/usr/bin/env bash
# Run every benchmark once, one after the other (they share 2 cores: never in parallel), and
# keep each one's output in bench/out/. Each script prints its figures and the ratio to a
# baseline it measures in the same run.
#
#   bash bench/run_all.sh            # uses .venv (created by scripts/setup.sh)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-.venv/bin/python}"
export STREAMLIT_LOGGER_LEVEL=error   # AppTest benches: no "missing ScriptRunContext" noise
mkdir -p bench/out
CORPUS_DB="bench/out/corpus.db"
status=0
run() {
    local name="$1"; shift
    echo "=== $name: $*"
    local start=$SECONDS
    if "$PY" "$@" 2>&1 | tee "bench/out/$name.txt"; then :; else status=1; fi
    echo "--- $name took $((SECONDS - start)) s"
}
run parse    bench/bench_parse.py
run corpus   bench/bench_corpus.py --workers 2
[ -f "$CORPUS_DB" ] || "$PY" -m workbench corpus build ../shared/corpus --db "$CORPUS_DB" >/dev/null
run checks   bench/bench_checks.py --corpus-db "$CORPUS_DB"
run conformity bench/bench_conformity.py --db "$CORPUS_DB" --write-md
run false_alarms bench/false_alarms.py --corpus-db "$CORPUS_DB"
run align    bench/bench_align.py
run editor   bench/bench_editor.py
run page     bench/bench_page.py
run comments bench/bench_comment_groups.py
run filing   bench/bench_filing.py --count 500 --corpus-db "$CORPUS_DB"
exit $status
