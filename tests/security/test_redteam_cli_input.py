"""Red-team issue 17, item 18: an unknown level given to the CLI is a Chinese error with a non-zero
exit code, never a Python traceback."""
from __future__ import annotations

from cli_helpers import run_json


def test_documents_unknown_level_is_a_chinese_error(capsys, demo_db_path):
    code, data, err = run_json(capsys, "documents", "--level", "XX", "--db", demo_db_path, "--json")
    assert code != 0
    assert "未知的文件层级" in err and "Traceback" not in err
    assert data == {"error": data["error"], "kind": "InputError"}
