"""The Chinese messages of checks's coded errors: code → template with {named} parameters.

The one place to add or change a message an error of this package shows; raise sites pass
``code="…"`` and the parameters (``tests/architecture/test_messages.py`` keeps the two in step).
Registered by the package's ``__init__``; a code may be in one catalogue only."""
from __future__ import annotations

MESSAGES: dict[str, str] = {
    # checks/config.py
    "config.load_jurisdiction": "未知的地区参数配置：{profile}（可用：{names}）",
    # checks/corpus_link.py
    "corpus_link.load_corpus":
        "合法性检查现在使用法规库数据库，而不是法规文件夹：{p}。请先导入（python -m workbench corpus build {p}），再指定数据库文件（默认 data/corpus.db）。",
    "corpus_link.no_database": "法规库数据库不存在：{p}（请先运行 python -m workbench corpus build <法规文件夹>）",
    # checks/dossier.py
    "dossier_invalid": "卷宗文件有误：{problems}。（可用字段：{known}）",
    "dossier.as_date": "卷宗中的日期格式应为 YYYY-MM-DD：{value}",
    "dossier.load_dossier": "卷宗文件不存在：{path}",
    "dossier.bad_json": "卷宗文件不是有效的 UTF-8 JSON：{path}（{e}）",
    "dossier.not_an_object": "卷宗文件应为 JSON 对象（键值对）。",
    # checks/registry.py
    "registry.get_rule": "没有这条规则：{rule_id}",
}
