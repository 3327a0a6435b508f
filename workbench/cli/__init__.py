"""`python -m workbench …`: one CLI over the same functions the app pages call.

Each command module has ``register(subparsers)``; :data:`COMMAND_MODULES` lists them.
Domain errors become a Chinese message on stderr and a non-zero exit code here, and only here.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import sys

from base.errors import WorkbenchError
from workbench.cli.zh_argparse import install

COMMAND_MODULES = [
    "workbench.cli.core",
    "workbench.cli.demo",
    "workbench.cli.edit",
    "workbench.cli.comments",
    "workbench.cli.diff",
    "workbench.cli.lifecycle",
    "workbench.cli.corpus",
    "workbench.cli.checks",
    "workbench.cli.backup",
    "workbench.cli.cleanup",
    "workbench.cli.filing",
    "workbench.cli.campaign",
]


def add_common(p: argparse.ArgumentParser, *, json_flag: bool = True) -> None:
    p.add_argument("--db", default=None, help="数据库路径（默认 $WORKBENCH_DB，否则 data/workbench.db）")
    p.add_argument("--as", dest="actor", default=os.environ.get("WORKBENCH_USER", "admin"),
                   help="以哪个用户身份操作（默认 $WORKBENCH_USER，否则 admin）")
    if json_flag:
        p.add_argument("--json", action="store_true", help="以 JSON 输出")


def emit(args, data, text: str | None = None) -> None:
    """Print JSON with --json, else the human text (or JSON if no text is given)."""
    if getattr(args, "json", False) or text is None:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(text)


def build_parser() -> argparse.ArgumentParser:
    install()
    parser = argparse.ArgumentParser(prog="python -m workbench", description="法规起草与审查工作台命令行")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args) or 0
    except WorkbenchError as e:
        if getattr(args, "json", False):
            print(json.dumps({"error": str(e), "kind": type(e).__name__}, ensure_ascii=False))
        print(f"错误：{e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # output piped into e.g. `head`: stop quietly, like other Unix tools
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
