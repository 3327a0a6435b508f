#!/usr/bin/env bash
# Run the whole test suite (unit, corpus, AppTest and Playwright browser tests) in .venv.
#
#   bash scripts/test.sh [extra pytest arguments]
#
# Sets up system packages and runtime + test dependencies first (idempotent). The real corpus
# must be at ../shared/corpus (or $WORKBENCH_CORPUS); tests that need it fail when it is missing.
# Any non-zero pytest exit (failures, errors, no tests collected) fails this script.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh --test

LOG="$(mktemp -t workbench-pytest.XXXXXX)"
trap 'rm -f "$LOG"' EXIT
set +e
.venv/bin/python -m pytest -p no:cacheprovider "$@" 2>&1 | tee "$LOG"
rc=${PIPESTATUS[0]}
set -e
summary="$(grep -E '([0-9]+ (passed|failed|error|errors|skipped|deselected|xfailed|xpassed)|no tests ran)' "$LOG" | tail -n 1)"
echo "[test] pytest 结果：${summary:-（未找到汇总行）}；退出码 ${rc}"
exit "$rc"
