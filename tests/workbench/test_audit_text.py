"""Audit events in Chinese (workbench.audit_text): every action code the code base appends has a
Chinese name, and every event of the demo workspace reads as a sentence without raw English keys."""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from workbench.audit_text import ACTION_NAMES, action_name, describe, element_label

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"^[a-z_]+\.[a-z_]+$")


def _constants(node) -> list[str]:
    """String constants an argument can evaluate to (a literal or ``"a" if x else "b"``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _constants(node.body) + _constants(node.orelse)
    return []


def _call_name(call: ast.Call) -> str | None:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _forwards_action(fn: ast.FunctionDef) -> bool:
    """Whether ``fn`` takes an ``action`` parameter and passes it on as ``action=action`` (to
    audit.append or to another such helper) — permission checks also take an ``action``, but
    never forward it that way."""
    params = [a.arg for a in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs]
    return "action" in params and any(
        isinstance(c, ast.Call) and any(kw.arg == "action" and isinstance(kw.value, ast.Name)
                                        and kw.value.id == "action" for kw in c.keywords)
        for c in ast.walk(fn))


def used_action_codes() -> set[str]:
    """Action codes appended anywhere in workbench/, checks/ and corpus/: ``action="x.y"`` keywords,
    and literals passed as the ``action`` parameter of helpers that forward it (users._change,
    plan._update, working_copy._write …)."""
    trees = [ast.parse(p.read_text(encoding="utf-8"))
             for d in ("workbench", "checks", "corpus") for p in (ROOT / d).rglob("*.py")]
    forwarders: dict[str, int] = {}   # function name -> positional index of its `action` parameter
    for tree in trees:
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef) and _forwards_action(fn):
                names = [a.arg for a in fn.args.posonlyargs + fn.args.args]
                forwarders[fn.name] = names.index("action") if "action" in names else -1
    codes: set[str] = set()
    for tree in trees:
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            for kw in call.keywords:
                if kw.arg == "action":
                    codes.update(_constants(kw.value))
            idx = forwarders.get(_call_name(call) or "")
            if idx is not None and 0 <= idx < len(call.args):
                codes.update(_constants(call.args[idx]))
    return {c for c in codes if CODE.match(c)}


def test_every_action_code_in_the_code_base_has_a_chinese_name():
    codes = used_action_codes()
    # the scan finds the direct and the forwarded ones
    assert {"comment.submit", "user.role", "user.deactivate", "plan.cancel", "working_copy.edit",
            "working_copy.rebase"} <= codes
    missing = sorted(c for c in codes if c not in ACTION_NAMES)
    assert not missing, f"action codes without a Chinese name: {missing}"
    assert all(re.search(r"[\u4e00-\u9fff]", action_name(c)) for c in codes)


def test_every_demo_event_reads_as_a_chinese_sentence(demo_db_path):
    from workbench.schema import open_db
    db = open_db(demo_db_path)
    names = {u: n for u, n in db.execute("select username, display_name from users").fetchall()}
    events = list(db.query("select * from audit_log order by id"))
    assert len(events) > 20
    seen = set()
    for e in events:
        text = describe(e, names=names)
        seen.add(e["action"])
        assert text and re.search(r"[\u4e00-\u9fff]", text), e
        keys = json.loads(e["detail"] or "{}").keys()
        leaked = [k for k in keys if "_" in k and k in text] + [f"{k}:" for k in keys if f"{k}:" in text]
        assert not leaked, (e["action"], text)
    assert {"user.create", "document.create", "version.create", "document.stage"} <= seen


def test_sentences_for_the_codes_qa_reported():
    names = {"lawyer2": "钱律师", "drafter": "李明"}
    ev = lambda action, **d: {"action": action, "detail": json.dumps(d, ensure_ascii=False)}  # noqa: E731
    assert describe(ev("user.role", username="lawyer2", **{"from": "drafter", "to": "advisor"}), names=names) \
        == "将 钱律师（lawyer2） 的角色由起草人员改为法律顾问"
    assert describe(ev("user.create", username="drafter", role="drafter"), names=names) \
        == "新建用户 李明（drafter），角色为起草人员"
    assert describe(ev("review.dispose", review_id=2, seq=3, rule="PEN-RULE-TYPE", to="不采纳", reason="上位法已授权")) \
        == "审核 #2 第 3 项审查发现（PEN-RULE-TYPE）：未处理 → 不采纳；理由：上位法已授权"
    assert describe(ev("comment.submit", comment_id=7, consultation_id=1, contact_point_id=3,
                       element_id="art-17-p2-i3"), points={3: "东城街道基层立法联系点"}) \
        == "东城街道基层立法联系点对第十七条第二款第（三）项提交意见 #7（征求意见 #1）"
    assert describe(ev("working_copy.edit", description="修改第三条（1款3项→1款4项）", op="edit",
                       args={"key": "art-3"})) == "修改第三条（1款3项→1款4项）"
    assert describe(ev("working_copy.create", base_seq=2)) == "由 v2 创建工作稿"
    assert describe(ev("plan.goal", year=2026, to=5, **{"from": 4})) == "将 2026 年度目标由 4 项设为 5 项"


def test_element_labels():
    assert element_label("art-17_1-p1") == "第十七条之一第一款"
    assert element_label("art-3") == "第三条"
    assert element_label(None) == ""
    assert element_label("chap-1") == "chap-1"


def test_cli_audit_list_prints_beijing_time_and_sentences(demo_db_path, capsys):
    from workbench.cli import main
    assert main(["audit", "list", "--db", demo_db_path, "--as", "reviewer", "--action", "user.create"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    from workbench.demo.workspace import DEMO_USERS
    assert len(lines) == len(DEMO_USERS) == 7
    _, ts, actor, action, *_rest, sentence = lines[0].split("\t")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", ts)
    assert action == "新建用户（user.create）" and sentence.startswith("新建用户 ") and "角色为" in sentence
