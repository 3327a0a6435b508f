#!/usr/bin/env bash
# Install the workbench from an offline bundle (built by scripts/bundle.sh) on a machine without
# internet access (政务内网): no network, no compilers, no system packages needed beyond Linux
# x86_64 with glibc and python3.11.
#
#   bash install-offline.sh [BUNDLE_DIR] [--app DIR] [--venv DIR] [--test]
#
#   BUNDLE_DIR  the unpacked bundle (wheelhouse/, regulation-workbench-src.tar.gz); default: the
#               folder of this script (or dist/offline/ when run as scripts/install-offline.sh)
#   --app DIR   where the application goes (source tree; data/ holds the database), default
#               /opt/regulation-workbench as root, else ~/regulation-workbench
#   --venv DIR  the Python virtual environment, default APP/.venv
#   --test      also install the test dependencies (needs a bundle built with bundle.sh --test)
#
# The source tree is unpacked into APP and installed in editable mode into the venv, so
# `python -m workbench` and the app find examples/ and data/ in APP. Reinstalling (the same or a
# newer bundle into the same APP) replaces the files of the previous installation and keeps data/
# and every other file. pip runs with --no-index and without this machine's pip configuration or
# PIP_* variables: only the bundle's wheelhouse is used. Writes APP/start-workbench.sh (start the
# app) and APP/workbench-cli.sh (command line), both on the same database.
# Environment: PYTHON (default python3.11).
set -euo pipefail

log() { echo "[install] $*"; }
die() { echo "[install] 错误：$*" >&2; exit 1; }
usage() { echo "用法：bash install-offline.sh [BUNDLE_DIR] [--app DIR] [--venv DIR] [--test]" >&2; exit 2; }

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUNDLE=""
APP=""
VENV=""
WITH_TEST=0
while [ $# -gt 0 ]; do
    case "$1" in
        --app) [ $# -ge 2 ] || usage; APP="$2"; shift 2 ;;
        --app=*) APP="${1#*=}"; shift ;;
        --venv) [ $# -ge 2 ] || usage; VENV="$2"; shift 2 ;;
        --venv=*) VENV="${1#*=}"; shift ;;
        --test) WITH_TEST=1; shift ;;
        -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) usage ;;
        *) [ -z "$BUNDLE" ] || usage; BUNDLE="$1"; shift ;;
    esac
done

# --- the bundle ------------------------------------------------------------------------------------
if [ -z "$BUNDLE" ]; then
    if [ -d "$SCRIPT_DIR/wheelhouse" ]; then
        BUNDLE="$SCRIPT_DIR"
    elif [ -d "$SCRIPT_DIR/../dist/offline/wheelhouse" ]; then
        BUNDLE="$SCRIPT_DIR/../dist/offline"
    else
        die "找不到离线安装包：请指定 BUNDLE_DIR（含 wheelhouse/ 的目录），或先在联网机器上运行 bash scripts/bundle.sh"
    fi
fi
[ -d "$BUNDLE" ] || die "找不到目录 $BUNDLE"
BUNDLE="$(cd "$BUNDLE" && pwd)"
WH="$BUNDLE/wheelhouse"
SRC_TGZ="$BUNDLE/regulation-workbench-src.tar.gz"
[ -d "$WH" ] && [ -f "$SRC_TGZ" ] || \
    die "$BUNDLE 不是离线安装包（缺少 wheelhouse/ 或 regulation-workbench-src.tar.gz）"
if [ "$WITH_TEST" = "1" ] && ! grep -q "requirements-test.txt" "$BUNDLE/BUILD-INFO.txt" 2>/dev/null; then
    die "此安装包不含测试依赖；请在联网机器上用 bash scripts/bundle.sh --test 重新构建"
fi

# --- this machine ----------------------------------------------------------------------------------
[ "$(uname -s) $(uname -m)" = "Linux x86_64" ] || die "安装包只适用于 Linux x86_64（本机：$(uname -sm)）"
need_glibc="$(sed -n 's/.*glibc ≥ \([0-9][0-9.]*\).*/\1/p' "$BUNDLE/BUILD-INFO.txt" 2>/dev/null | head -n 1)"
have_glibc="$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')"
[ -n "$have_glibc" ] || die "本机不是 glibc 系统（如 Alpine/musl），请改用 Docker 镜像"
if [ -n "$need_glibc" ] && [ "${have_glibc#2.}" -lt "${need_glibc#2.}" ] 2>/dev/null; then
    die "本机 glibc $have_glibc 低于安装包要求的 $need_glibc；请在联网机器上设置 WORKBENCH_BUNDLE_GLIBC=$have_glibc 重新构建，或改用 Docker 镜像"
fi
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || \
    die "找不到 $PYTHON。请先从内网软件源安装 Python 3.11（Debian 12：apt-get install python3.11 python3.11-venv），或改用 Docker 镜像"
"$PYTHON" -c "import sys; assert sys.version_info[:2] == (3, 11)" 2>/dev/null || die "$PYTHON 不是 Python 3.11"

if [ -f "$BUNDLE/SHA256SUMS" ]; then
    log "校验安装包文件（SHA256SUMS）"
    (cd "$BUNDLE" && sha256sum --quiet -c SHA256SUMS) || die "文件校验失败：安装包在拷贝过程中损坏或不完整，请重新拷贝"
fi

# --- the application folder ------------------------------------------------------------------------
if [ -z "$APP" ]; then
    if [ "$(id -u)" = "0" ]; then APP=/opt/regulation-workbench; else APP="$HOME/regulation-workbench"; fi
fi
mkdir -p "$APP"
APP="$(cd "$APP" && pwd)"
VENV="${VENV:-$APP/.venv}"
[ "$APP" != "$BUNDLE" ] || die "--app 不能是安装包目录本身"
[ ! -e "$APP/.git" ] || die "$APP 是源码仓库（有 .git），请用 --app 另选安装目录"
MANIFEST="$APP/.offline-install-files"
if [ -f "$MANIFEST" ]; then
    log "更新 $APP：替换上次安装的程序文件，保留 data/ 和其他文件"
    while IFS= read -r f; do
        case "$f" in ""|/*|../*|*/../*|*/) continue ;; esac
        if [ -f "$APP/$f" ] || [ -L "$APP/$f" ]; then rm -f "$APP/$f"; fi
    done < "$MANIFEST"
else
    other="$(ls -A "$APP" | grep -v -x -e .venv -e data || true)"
    [ -z "$other" ] || die "$APP 不是空目录，也不是之前的安装位置；请用 --app 另选目录"
    log "安装到 $APP"
fi
tar -xzf "$SRC_TGZ" -C "$APP" --no-same-owner
tar -tzf "$SRC_TGZ" > "$MANIFEST"

# --- virtual environment -----------------------------------------------------------------------------
mkdir -p "$(dirname "$VENV")"
if [ -x "$VENV/bin/python" ]; then
    "$VENV/bin/python" -c "import sys; assert sys.version_info[:2] == (3, 11)" 2>/dev/null || \
        die "$VENV 中的 Python 不是 3.11；请删除该目录或用 --venv 另选目录"
    log "使用已有的虚拟环境 $VENV"
else
    if [ -e "$VENV" ] && [ -n "$(ls -A "$VENV" 2>/dev/null)" ]; then
        die "$VENV 已存在但不是虚拟环境；请删除该目录或用 --venv 另选目录"
    fi
    log "创建虚拟环境 $VENV（$("$PYTHON" --version 2>&1)）"
    if ! "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
        # Debian without python3.11-venv has no ensurepip: make the venv without pip and take pip
        # from the wheelhouse (the venv module itself is in the standard library package).
        log "本机 Python 没有 ensurepip（python3.11-venv），改用安装包中的 pip"
        rm -rf "$VENV"
        "$PYTHON" -m venv --without-pip "$VENV" || die "无法创建虚拟环境 $VENV"
    fi
fi

# pip: only the wheelhouse. Drop this machine's pip configuration and PIP_* variables (an index
# mirror, constraints or find-links there must not change what gets installed).
for v in $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
export PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
pip_offline() { "$VENV/bin/python" -m pip "$@"; }
if ! pip_offline --version >/dev/null 2>&1; then
    pip_whl="$(ls "$WH"/pip-*.whl 2>/dev/null | head -n 1)"
    [ -n "$pip_whl" ] || die "虚拟环境中没有 pip，安装包中也没有 pip 的 wheel"
    "$VENV/bin/python" "$pip_whl/pip" install -q --no-index --no-cache-dir --find-links "$WH" pip \
        || die "从安装包安装 pip 失败"
fi

log "安装依赖和工作台（$(ls "$WH" | wc -l) 个 wheel，不联网）"
args=(install -q --no-index --no-cache-dir --find-links "$WH" -e "$APP")
[ "$WITH_TEST" = "1" ] && args+=(-r "$APP/requirements-test.txt")
PIPLOG="$(mktemp -t workbench-install.XXXXXX)"
trap 'rm -f "$PIPLOG"' EXIT
pip_offline "${args[@]}" >"$PIPLOG" 2>&1 || { cat "$PIPLOG" >&2; die "pip 安装失败（见上方信息）"; }
pip_offline check >/dev/null || { pip_offline check >&2 || true; die "依赖检查（pip check）未通过"; }
(cd / && "$VENV/bin/python" - "$APP" <<'PY') || die "安装后的导入检查失败"
import sys
from pathlib import Path
import workbench, checks, corpus, streamlit, spacy, docx, jieba  # noqa: F401
app = Path(sys.argv[1]).resolve()
where = Path(workbench.__file__).resolve()
if app not in where.parents:
    sys.exit(f"[install] 错误：workbench 来自 {where}，不是 {app}")
PY

# --- launchers ----------------------------------------------------------------------------------------
q_app="$(printf '%q' "$APP")"
q_venv="$(printf '%q' "$VENV")"
cat > "$APP/start-workbench.sh" <<EOF
#!/usr/bin/env bash
# 由 install-offline.sh 生成：启动法规起草与审查工作台（离线安装）。
# 环境变量：WORKBENCH_DB（默认 data/workbench.db）、WORKBENCH_ADDRESS（默认 0.0.0.0）、
# WORKBENCH_PORT（默认 8501）、WORKBENCH_DEMO（默认 0；设为 1 创建示例工作区和演示账号）、
# WORKBENCH_CORPUS（法规语料目录，设置后启动时导入法规库）。
set -euo pipefail
APP=$q_app
VENV=$q_venv
cd "\$APP"
export WORKBENCH_DB="\${WORKBENCH_DB:-\$APP/data/workbench.db}"
export WORKBENCH_DEMO="\${WORKBENCH_DEMO:-0}"
ADDRESS="\${WORKBENCH_ADDRESS:-0.0.0.0}"
PORT="\${WORKBENCH_PORT:-8501}"
case "\$(echo "\$WORKBENCH_DEMO" | tr 'A-Z' 'a-z')" in
    0|false|no|off) ;;
    *) "\$VENV/bin/python" -m workbench demo ;;
esac
if [ -n "\${WORKBENCH_CORPUS:-}" ] && [ -d "\$WORKBENCH_CORPUS" ]; then
    echo "[start] 正在导入法规库：\$WORKBENCH_CORPUS（首次约需 15–30 秒）"
    "\$VENV/bin/python" -m workbench corpus build "\$WORKBENCH_CORPUS" || echo "[start] 法规库导入失败，法规库和冲突检索页面将不可用"
fi
echo "[start] 法规起草与审查工作台：http://\${ADDRESS}:\${PORT}（数据库 \$WORKBENCH_DB）"
exec "\$VENV/bin/python" -m streamlit run server.py \\
    --server.headless true --server.address "\$ADDRESS" --server.port "\$PORT" \\
    --browser.gatherUsageStats false
EOF
cat > "$APP/workbench-cli.sh" <<EOF
#!/usr/bin/env bash
# 由 install-offline.sh 生成：命令行 python -m workbench，与 start-workbench.sh 使用同一数据库。
# 例如：bash workbench-cli.sh user add admin --role admin --password '…' --display-name '…'
set -euo pipefail
export WORKBENCH_DB="\${WORKBENCH_DB:-$q_app/data/workbench.db}"
exec $q_venv/bin/python -m workbench "\$@"
EOF
chmod +x "$APP/start-workbench.sh" "$APP/workbench-cli.sh"

log "完成：$APP（虚拟环境 $VENV，数据库 $APP/data/workbench.db，请定期备份 data/）"
cat <<EOF
[install] 首次使用先创建管理员（空数据库时 user add 创建第一个账户）：
    bash $q_app/workbench-cli.sh user add admin --role admin --password '新密码' --display-name '系统管理员'
[install] 启动（监听 0.0.0.0:8501；WORKBENCH_ADDRESS、WORKBENCH_PORT 可改）：
    bash $q_app/start-workbench.sh
[install] 仅供体验：WORKBENCH_DEMO=1 bash $q_app/start-workbench.sh 创建示例工作区和演示账号（如 drafter / drafter123），不要用于生产
EOF
