"""`--dossier FILE.json` is validated at the boundary (pydantic): unknown keys and wrong types are
refused with a Chinese message naming the field; a valid file reaches the procedure rules."""
from __future__ import annotations

import json

import pytest

from base.errors import InputError
from checks.dossier import load_dossier
from cli_helpers import run_json

DRAFT = "沈阳市停车场管理办法\n第一条 为了加强停车场管理，制定本办法。\n第二条 本办法自2026年3月1日起施行。\n"


def _write(tmp_path, data) -> str:
    p = tmp_path / "卷宗.json"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(p)


def test_unknown_key_is_refused_with_its_name(tmp_path):
    with pytest.raises(InputError, match="未知的卷宗字段「coment_start」") as e:
        load_dossier(_write(tmp_path, {"coment_start": "2026-01-05"}))
    assert e.value.code == "dossier_invalid" and "comment_start" in str(e.value)


def test_wrong_types_are_refused_per_field(tmp_path):
    with pytest.raises(InputError) as e:
        load_dossier(_write(tmp_path, {"comment_end": "下周一", "consulted": "甲公司"}))
    msg = str(e.value)
    assert "「comment_end」（征求意见截止日）应为日期（YYYY-MM-DD）" in msg and "「consulted」" in msg and "名称列表" in msg


def test_valid_file_keeps_given_keys_and_nulls(tmp_path):
    d = load_dossier(_write(tmp_path, {"comment_start": "2026-01-05", "comment_end": "2026-01-19",
                                       "feedback": None, "consulted": [" 甲公司 "]}))
    assert d == {"comment_start": "2026-01-05", "comment_end": "2026-01-19", "feedback": None, "consulted": ["甲公司"]}


def test_cli_exits_non_zero_on_a_bad_dossier_and_reads_a_good_one(tmp_path, capsys):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    code, _, err = run_json(capsys, "check", str(draft), "--level", "GR", "--no-corpus",
                            "--dossier", _write(tmp_path, {"published": "2026-01-01"}))
    assert code == 2 and "未知的卷宗字段「published」" in err
    code, out, err = run_json(capsys, "check", str(draft), "--level", "GR", "--no-corpus", "--json",
                              "--dossier", _write(tmp_path, {"comment_start": "2026-01-05", "comment_end": "2026-01-19"}))
    assert code == 0, err
    assert any(f["rule"] == "PROC-COMMENT-GR" and "15 日" in f["message"] for f in out["findings"])
