#!/usr/bin/env bash
# Prepare this checkout: system packages (Debian 12) and a Python 3.11 virtualenv in .venv.
#
#   bash scripts/setup.sh          runtime dependencies (requirements.txt)
#   bash scripts/setup.sh --test   plus test dependencies (requirements-test.txt)
#
# Idempotent: system packages are installed only when missing, the venv is created only when
# absent, and pip runs only when the requirements files changed since the last successful run.
# Needs root (or sudo) only when a system package is missing. Never prompts (CI has no stdin).
# Environment: PYTHON (default python3.11), WORKBENCH_SKIP_APT=1 to skip system packages.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

WITH_TEST=0
for arg in "$@"; do
    case "$arg" in
        --test) WITH_TEST=1 ;;
        *) echo "用法：bash scripts/setup.sh [--test]" >&2; exit 2 ;;
    esac
done

log() { echo "[setup] $*"; }

# --- system packages ----------------------------------------------------------------------
# chromium: browser tests; fonts-noto-cjk: Chinese glyphs in the browser and in PDF previews;
# libreoffice-writer-nogui + poppler-utils: .docx → PDF checks of exported documents.
SYSTEM_PACKAGES=(chromium fonts-noto-cjk libreoffice-writer-nogui poppler-utils)
PYTHON="${PYTHON:-python3.11}"

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing=()
if ! command -v "$PYTHON" >/dev/null 2>&1; then
    missing+=(python3.11 python3.11-venv)
elif ! "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1; then
    missing+=(python3.11-venv)
fi
if command -v dpkg-query >/dev/null 2>&1; then
    for p in "${SYSTEM_PACKAGES[@]}"; do
        have_pkg "$p" || missing+=("$p")
    done
fi

if [ "${#missing[@]}" -gt 0 ] && [ "${WORKBENCH_SKIP_APT:-0}" != "1" ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
        log "缺少系统软件包：${missing[*]}；本机没有 apt-get，请手动安装。"
    else
        SUDO=""
        if [ "$(id -u)" != "0" ]; then
            if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
                SUDO="sudo -n"
            else
                log "缺少系统软件包：${missing[*]}；需要 root 权限安装（sudo apt-get install ${missing[*]}）。"
                SUDO="unavailable"
            fi
        fi
        if [ "$SUDO" != "unavailable" ]; then
            log "安装系统软件包：${missing[*]}"
            export DEBIAN_FRONTEND=noninteractive
            $SUDO apt-get update -q
            $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
        fi
    fi
else
    log "系统软件包已就绪。"
fi

if ! command -v "$PYTHON" >/dev/null 2>&1; then
    echo "[setup] 错误：找不到 $PYTHON（需要 Python 3.11）。" >&2
    exit 1
fi

# --- virtualenv -----------------------------------------------------------------------------
VENV="$ROOT/.venv"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import sys; assert sys.version_info[:2] == (3, 11)" 2>/dev/null; then
    log "创建虚拟环境 .venv（$("$PYTHON" --version 2>&1)）"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
fi

REQS=(requirements.txt)
[ "$WITH_TEST" = "1" ] && REQS+=(requirements-test.txt)
STAMP="$VENV/.requirements.sha256"
want="$(cat "${REQS[@]}" | sha256sum | cut -d' ' -f1) ${REQS[*]}"
# A stamp for the test set also covers the runtime set (requirements-test.txt includes it).
if [ -f "$STAMP" ] && { [ "$(cat "$STAMP")" = "$want" ] || \
        { [ "$WITH_TEST" = "0" ] && grep -q "requirements-test.txt" "$STAMP" && \
          [ "$(cut -d' ' -f1 "$STAMP")" = "$(cat requirements.txt requirements-test.txt | sha256sum | cut -d' ' -f1)" ]; }; }; then
    log "Python 依赖已是最新（${REQS[*]}）。"
else
    log "安装 Python 依赖：${REQS[*]}"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
    args=()
    for r in "${REQS[@]}"; do args+=(-r "$r"); done
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check "${args[@]}"
    echo "$want" > "$STAMP"
fi

log "完成：$VENV"
