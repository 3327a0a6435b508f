#!/usr/bin/env bash
# Start the workbench: set up runtime dependencies, create the demo workspace if the database is
# new, then serve the app headless.
#
#   bash scripts/start.sh
#
# Environment: WORKBENCH_DB (database file, default data/workbench.db), WORKBENCH_ADDRESS
# (default 127.0.0.1; 0.0.0.0 to serve the network), WORKBENCH_PORT (default 8501),
# WORKBENCH_DEMO=1 to seed the demo workspace into another database path, WORKBENCH_DEMO=0 never to.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh

ADDRESS="${WORKBENCH_ADDRESS:-127.0.0.1}"
PORT="${WORKBENCH_PORT:-8501}"
# First start (workbench.first_start): the demo workspace only on the demo database path (the default
# data/workbench.db) or with WORKBENCH_DEMO=1; a production database without users gets one
# administrator whose one-time password is printed here once and must be changed at first login.
.venv/bin/python -m workbench init
# The regulation corpus (法规库, 冲突检索, citation checks): build or refresh its index when the
# corpus folder is there (incremental: unchanged files are skipped in well under a second).
CORPUS="${WORKBENCH_CORPUS:-$ROOT/../shared/corpus}"
if [ -d "$CORPUS" ]; then
    echo "[start] 正在导入法规库：$CORPUS（首次约需 15–30 秒）"
    .venv/bin/python -m workbench corpus build "$CORPUS" || echo "[start] 法规库导入失败，法规库和冲突检索页面将不可用"
fi
echo "[start] 法规起草与审查工作台：http://${ADDRESS}:${PORT}（示例库的演示账号见 README.md；安全设置见 docs/security.md）"
exec .venv/bin/python -m streamlit run server.py \
    --server.headless true --server.address "$ADDRESS" --server.port "$PORT" \
    --browser.gatherUsageStats false
