#!/usr/bin/env bash
# Build the offline installation bundle for networks without internet access (政务内网):
# a wheelhouse for Linux x86_64 / CPython 3.11 covering requirements.txt (and with --test
# requirements-test.txt), a wheel of the project, a snapshot of the source tree (the Streamlit
# app, examples/, .streamlit/ …), install-offline.sh and a Chinese README for the operator.
#
#   bash scripts/bundle.sh [OUT_DIR] [--test] [--tar]
#
#   OUT_DIR   bundle folder, default dist/offline/ (replaced as a whole on success)
#   --test    also include requirements-test.txt (pytest, hypothesis, playwright)
#   --tar     also pack the bundle into one regulation-workbench-offline-VERSION.tar.gz beside OUT_DIR
#
# Needs the network (PyPI, or the index pip is configured with) and python3.11 on this machine;
# installing the bundle (install-offline.sh) needs neither network nor compilers. Wheels without a
# manylinux wheel on PyPI (jieba is sdist-only) are built here with `pip wheel`. The source
# snapshot is the working tree as git sees it (tracked and untracked files, minus .gitignore'd
# ones), so the bundle matches what was tested; build from a clean checkout for a release.
# Idempotent: every run builds a fresh bundle next to OUT_DIR and swaps it in (pip's cache makes
# reruns fast).
# Environment: PYTHON (default python3.11), WORKBENCH_BUNDLE_GLIBC (newest glibc the target may
# be assumed to have, default 2.28 — Debian 10+, UOS 20, Kylin V10, openEuler 20.03, RHEL 8).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { echo "[bundle] $*"; }
die() { echo "[bundle] 错误：$*" >&2; exit 1; }

OUT=""
WITH_TEST=0
WITH_TAR=0
for arg in "$@"; do
    case "$arg" in
        --test) WITH_TEST=1 ;;
        --tar) WITH_TAR=1 ;;
        -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "用法：bash scripts/bundle.sh [OUT_DIR] [--test] [--tar]" >&2; exit 2 ;;
        *) [ -z "$OUT" ] || { echo "用法：bash scripts/bundle.sh [OUT_DIR] [--test] [--tar]" >&2; exit 2; }
           OUT="$arg" ;;
    esac
done
OUT="${OUT:-dist/offline}"
mkdir -p "$(dirname "$OUT")"
OUT="$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")"
case "$OUT" in
    "$ROOT"|/|"$HOME") die "输出目录不能是 $OUT" ;;
esac
if [ -d "$OUT" ] && [ -n "$(ls -A "$OUT")" ] && [ ! -f "$OUT/BUILD-INFO.txt" ]; then
    die "输出目录 $OUT 已存在且不是离线安装包（没有 BUILD-INFO.txt），为避免误删，请换一个目录"
fi

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || die "找不到 $PYTHON（需要 Python 3.11，与内网目标机一致）"
"$PYTHON" -c "import sys; assert sys.version_info[:2] == (3, 11)" 2>/dev/null \
    || die "$PYTHON 不是 Python 3.11"
GLIBC="${WORKBENCH_BUNDLE_GLIBC:-2.28}"
case "$GLIBC" in 2.[0-9]|2.[0-9][0-9]) ;; *) die "WORKBENCH_BUNDLE_GLIBC 应形如 2.28" ;; esac
[ "${GLIBC#2.}" -ge 17 ] || die "WORKBENCH_BUNDLE_GLIBC 不能低于 2.17（manylinux2014）"

# --- staging folder next to OUT (same file system: the final swap is a rename) -------------------
STAGE="$(mktemp -d "$(dirname "$OUT")/.bundle-stage.XXXXXX")"
WORK="$(mktemp -d -t workbench-bundle.XXXXXX)"
trap 'rm -rf "$STAGE" "$WORK"' EXIT
WH="$STAGE/wheelhouse"
mkdir -p "$WH"
PIPLOG="$WORK/pip.log"

# pip: the interpreter's own, else a throw-away venv (Debian's python3.11 has no pip module).
if "$PYTHON" -m pip --version >/dev/null 2>&1; then
    PIP=("$PYTHON" -m pip)
else
    log "为下载创建临时虚拟环境"
    "$PYTHON" -m venv "$WORK/venv" >/dev/null || die "无法创建虚拟环境（Debian 需要 python3.11-venv）"
    PIP=("$WORK/venv/bin/python" -m pip)
fi
PIP+=(--disable-pip-version-check)

# --- 1. source snapshot ----------------------------------------------------------------------------
SRC_TGZ="$STAGE/regulation-workbench-src.tar.gz"
LIST="$WORK/files"
REV="（非 git 仓库）"
if git -C "$ROOT" rev-parse --show-toplevel >/dev/null 2>&1 && \
        [ "$(git -C "$ROOT" rev-parse --show-toplevel)" = "$ROOT" ]; then
    REV="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "无提交")"
    if [ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null)" ]; then
        REV="$REV（含未提交的修改）"
        log "注意：工作区有未提交的修改，安装包包含工作区中的当前文件"
    fi
    # Tracked and untracked files, minus ignored ones; files deleted in the work tree are skipped.
    rel_out="${OUT#"$ROOT"/}"
    git -C "$ROOT" ls-files -z --cached --others --exclude-standard | sort -zu | \
        while IFS= read -r -d '' f; do
            case "$f" in
                "$rel_out"/*|"$rel_out"|.bundle-stage.*|*/.bundle-stage.*) continue ;;
                build/*|*.egg-info/*|dist/*) continue ;;  # left by `pip install .` / `pip wheel .`
            esac
            if [ -f "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi
        done > "$LIST"
else
    find . \( -name .git -o -name .venv -o -name data -o -name dist -o -name build -o -name tmp \
              -o -name '*.egg-info' -o -name __pycache__ -o -name .pytest_cache -o -name .hypothesis \
              -o -path ./bench/out -o -name '.bundle-stage.*' \) -prune -o \
           \( -type f -o -type l \) ! -name '*.pyc' ! -name '*.db' ! -name '*.db-wal' ! -name '*.db-shm' \
           -printf '%P\0' | sort -zu > "$LIST"
fi
for f in pyproject.toml requirements.txt app.py server.py .streamlit/config.toml scripts/install-offline.sh; do
    grep -qzxF -- "$f" "$LIST" || die "源码快照缺少 $f"
done
tar -C "$ROOT" --null -T "$LIST" --sort=name --owner=0 --group=0 --numeric-owner -czf "$SRC_TGZ"
log "源码快照：$(tr -cd '\0' < "$LIST" | wc -c) 个文件，版本 $REV"

SRC="$WORK/src"
mkdir -p "$SRC"
tar -C "$SRC" -xzf "$SRC_TGZ"
VERSION="$(sed -n 's/^__version__ *= *["'\'']\([^"'\'']*\)["'\''].*/\1/p' "$SRC/workbench/__init__.py" | head -n 1)"
VERSION="${VERSION:-0}"

# --- 2. wheel of the project -------------------------------------------------------------------------
log "构建项目 wheel（regulation-workbench $VERSION）"
"${PIP[@]}" wheel -q --no-deps -w "$WH" "$SRC" >"$PIPLOG" 2>&1 || { cat "$PIPLOG" >&2; die "项目 wheel 构建失败"; }
PROJECT_WHEEL="$(ls "$WH"/regulation_workbench-*.whl)"
# Every top-level package folder of the source tree must be in the wheel (pyproject include list).
"$PYTHON" - "$SRC" "$PROJECT_WHEEL" <<'PY' || die "pyproject.toml 的 [tool.setuptools.packages.find] include 需要加入上面列出的包"
import sys, zipfile
from pathlib import Path
src, wheel = Path(sys.argv[1]), sys.argv[2]
tops = {n.split("/", 1)[0] for n in zipfile.ZipFile(wheel).namelist() if "/" in n}
missing = sorted(p.parent.name for p in src.glob("*/__init__.py")
                 if p.parent.name not in tops and p.parent.name not in ("tests", "bench", "scripts"))
if missing:
    print("[bundle] 项目 wheel 缺少包：" + "、".join(missing), file=sys.stderr)
    sys.exit(1)
PY

# --- 3. wheelhouse for the target: Linux x86_64, CPython 3.11, glibc <= $GLIBC ------------------------
PLATFORM_ARGS=(--platform manylinux2014_x86_64)
for ((m = ${GLIBC#2.}; m >= 17; m--)); do PLATFORM_ARGS+=(--platform "manylinux_2_${m}_x86_64"); done
PLATFORM_ARGS+=(--platform manylinux_2_12_x86_64 --platform manylinux_2_5_x86_64)
# linux_x86_64: wheels built here by `pip wheel` from sdists (only ever found in the wheelhouse).
PLATFORM_ARGS+=(--platform linux_x86_64)
REQ_ARGS=(-r "$SRC/requirements.txt")
[ "$WITH_TEST" = "1" ] && REQ_ARGS+=(-r "$SRC/requirements-test.txt")
# pip: bootstraps a venv where ensurepip is missing; setuptools: builds the editable install.
REQ_ARGS+=(pip "setuptools>=70.1")

built=()
for attempt in 1 2 3 4 5 6 7 8 9 10; do
    log "下载 wheel（Linux x86_64，CPython 3.11，glibc ≤ $GLIBC）"
    if "${PIP[@]}" download -q --only-binary=:all: "${PLATFORM_ARGS[@]}" \
            --python-version 3.11 --implementation cp --abi cp311 \
            --find-links "$WH" -d "$WH" "${REQ_ARGS[@]}" >"$PIPLOG" 2>&1; then
        break
    fi
    spec="$(sed -n 's/.*No matching distribution found for \(.*\)$/\1/p' "$PIPLOG" | tail -n 1)"
    if [ -z "$spec" ] || [ "$attempt" = "10" ]; then
        grep -v "is ignored: it is neither a file nor a directory" "$PIPLOG" >&2 || true
        die "下载 wheel 失败"
    fi
    for b in "${built[@]+"${built[@]}"}"; do
        if [ "$b" = "$spec" ]; then
            grep -v "is ignored: it is neither a file nor a directory" "$PIPLOG" >&2 || true
            die "$spec 在本机构建的 wheel 不适用于目标平台"
        fi
    done
    log "PyPI 上没有 $spec 的 wheel，在本机构建（pip wheel）"
    "${PIP[@]}" wheel -q --no-deps -w "$WH" "$spec" >"$PIPLOG" 2>&1 || { cat "$PIPLOG" >&2; die "构建 $spec 失败"; }
    built+=("$spec")
done
if ls "$WH" | grep -qv '\.whl$'; then
    die "wheelhouse 中有非 wheel 文件：$(ls "$WH" | grep -v '\.whl$' | tr '\n' ' ')"
fi
if ls "$WH" | grep -q 'linux_x86_64\.whl$' && [ "$(uname -sm)" != "Linux x86_64" ]; then
    die "本机构建的二进制 wheel 只能在 Linux x86_64 上生成"
fi
n_wheels="$(ls "$WH" | wc -l)"
log "wheelhouse：$n_wheels 个 wheel，$(du -sh "$WH" | cut -f1)"

# --- 4. installer, README, build information, checksums --------------------------------------------------
cp "$SRC/scripts/install-offline.sh" "$STAGE/install-offline.sh"
chmod +x "$STAGE/install-offline.sh"
cp "$SRC/scripts/bundle-README.md" "$STAGE/README.md"
{
    echo "名称：regulation-workbench（法规起草与审查工作台）离线安装包"
    echo "版本：$VERSION"
    echo "源码：$REV"
    echo "构建时间：$(TZ=Asia/Shanghai date '+%Y-%m-%d %H:%M:%S')（北京时间）"
    echo "目标平台：Linux x86_64，CPython 3.11，glibc ≥ $GLIBC（manylinux_2_${GLIBC#2.} 及更早的 wheel）"
    echo "构建机：$(uname -sm)，$("$PYTHON" --version 2>&1)"
    echo "依赖：requirements.txt$([ "$WITH_TEST" = "1" ] && echo "、requirements-test.txt")"
    echo "wheel 数：$n_wheels"
    if [ "${#built[@]}" -gt 0 ]; then echo "本机从源码构建：${built[*]}"; fi
} > "$STAGE/BUILD-INFO.txt"
(cd "$STAGE" && sha256sum install-offline.sh README.md BUILD-INFO.txt regulation-workbench-src.tar.gz \
    wheelhouse/*.whl > SHA256SUMS)

# --- 5. swap in ------------------------------------------------------------------------------------------
if [ -e "$OUT" ]; then
    OLD="$(mktemp -d "$(dirname "$OUT")/.bundle-old.XXXXXX")"
    mv "$OUT" "$OLD/"
    mv "$STAGE" "$OUT"
    rm -rf "$OLD"
else
    mv "$STAGE" "$OUT"
fi
log "离线安装包：$OUT（$(du -sh "$OUT" | cut -f1)）"

if [ "$WITH_TAR" = "1" ]; then
    NAME="regulation-workbench-offline-$VERSION"
    TGZ="$(dirname "$OUT")/$NAME.tar.gz"
    log "打包为 $TGZ"
    tar -C "$(dirname "$OUT")" --transform "s|^$(basename "$OUT")|$NAME|" --owner=0 --group=0 \
        --numeric-owner -czf "$TGZ.part" "$(basename "$OUT")"
    mv "$TGZ.part" "$TGZ"
    log "压缩包：$TGZ（$(du -sh "$TGZ" | cut -f1)）；内网中解压后运行 bash $NAME/install-offline.sh"
fi
log "完成。内网安装：bash $OUT/install-offline.sh（说明见 $OUT/README.md）"
