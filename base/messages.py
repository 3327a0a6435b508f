"""The Chinese messages of base's coded errors: code → template with {named} parameters.

The one place to add or change a message an error of this package shows; raise sites pass
``code="…"`` and the parameters (``tests/architecture/test_messages.py`` keeps the two in step).
Registered by the package's ``__init__``; a code may be in one catalogue only."""
from __future__ import annotations

MESSAGES: dict[str, str] = {
    # base/audit_key.py
    "audit_key.missing": "找不到审计密钥文件 {path}：无法校验审计日志的签名（如已迁移数据库，请一并迁移密钥文件，或设置 WORKBENCH_AUDIT_KEY）",
    "audit_key.unreadable": "无法读取审计密钥文件 {path}：{e}",
    "audit_key.invalid": "审计密钥文件 {path} 内容无效",
    # base/dates.py
    "date.bad_format": "{what}格式无效：{value}（应为 YYYY-MM-DD）",
}
