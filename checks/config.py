"""Jurisdiction parameters (catalogue §0.5), loaded from the ONE file ``checks/jurisdictions.toml``.

A parameter the catalogue marks UNVERIFIED has ``verified = false``; rules that depend on it
report a warning instead of an error. A parameter missing from the profile is also treated as
unverified (``get`` returns the default).
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from base.errors import InputError

CONFIG_PATH = Path(__file__).with_name("jurisdictions.toml")


# How a parameter is named to users (findings, 意见书): never the key itself.
PARAM_LABELS: dict[str, str] = {
    "GR_FINE_CAP": "本省规章罚款限额",
    "LR_COMMENT_DAYS": "地方性法规草案征求意见期限",
    "GR_COMMENT_DAYS": "规章草案征求意见期限",
    "ND_COMMENT_DAYS": "规范性文件征求意见期限",
    "FILING_DAYS_LR_GR": "法规、规章报送备案期限",
    "ND_FILING_DAYS": "规范性文件报送备案期限",
    "ND_VALIDITY_YEARS": "规范性文件有效期",
    "ND_CLEANUP_YEARS": "规范性文件清理周期",
    "LEGALITY_REVIEW_MIN_WORKDAYS": "合法性审核最短工作日",
}


def param_label(key: str) -> str:
    """The Chinese name of a jurisdiction parameter (「地区参数」 for a key not listed)."""
    return PARAM_LABELS.get(key, "地区参数")


@dataclass(frozen=True)
class Param:
    key: str
    value: object
    verified: bool
    source: str = ""


@dataclass(frozen=True)
class Jurisdiction:
    key: str
    name: str
    province: str = ""
    city: str = ""
    provincial_capital: bool = False
    params: dict = field(default_factory=dict)

    def get(self, key: str, default=None):
        p = self.params.get(key)
        return p.value if p is not None else default

    def verified(self, key: str) -> bool:
        p = self.params.get(key)
        return bool(p and p.verified)

    def param(self, key: str) -> Param | None:
        return self.params.get(key)


@lru_cache(maxsize=8)
def _load(path: str) -> dict:
    with open(path, "rb") as f:
        return tomllib.load(f)


def profiles(path: str | Path = CONFIG_PATH) -> dict[str, str]:
    data = _load(str(path))
    return {k: v.get("name", k) for k, v in data.get("profiles", {}).items()}


def load_jurisdiction(profile: str | None = None, path: str | Path = CONFIG_PATH) -> Jurisdiction:
    data = _load(str(path))
    key = profile or data.get("default_profile")
    prof = data.get("profiles", {}).get(key)
    if prof is None:
        names = "、".join(data.get("profiles", {}))
        raise InputError(code="config.load_jurisdiction", profile=profile, names=names)
    params = {k: Param(k, v.get("value"), bool(v.get("verified", False)), v.get("source", ""))
              for k, v in prof.get("params", {}).items()}
    return Jurisdiction(key=key, name=prof.get("name", key), province=prof.get("province", ""),
                        city=prof.get("city", ""), provincial_capital=bool(prof.get("provincial_capital")),
                        params=params)
