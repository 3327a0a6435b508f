"""The roles of the workbench, by code and by Chinese name.

``filing_reviewer`` (备案审查人员) and ``filer`` (报备单位) serve the receiving side (workbench/filing):
the first reviews what organs file, the second is an organ's account that files online and sees
only its own filings, letters and status."""
from __future__ import annotations

from base.errors import InputError

ROLES = {
    "admin": "管理员",
    "drafter": "起草人员",
    "advisor": "法律顾问",
    "reviewer": "审核机构",
    "contact": "基层立法联系点",
    "filing_reviewer": "备案审查人员",
    "filer": "报备单位",
}
ROLE_CODES = {v: k for k, v in ROLES.items()}


def role_code(value: str) -> str:
    if not value:
        raise InputError(code="roles.role_code")
    if value in ROLES:
        return value
    if value in ROLE_CODES:
        return ROLE_CODES[value]
    raise InputError(code="roles.unknown_role", value=value, roles='、'.join(f'{k}/{v}' for k, v in ROLES.items()))
