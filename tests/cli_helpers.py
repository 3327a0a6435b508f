"""Running the CLI in-process from tests: exit code, parsed JSON (or None) and stderr."""
from __future__ import annotations

import json

from workbench.cli import main


def run_json(capsys, *argv) -> tuple[int, dict | None, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    try:
        data = json.loads(out)
    except ValueError:
        data = None
    return code, data, err
