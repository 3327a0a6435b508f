"""Procedure parameters per jurisdiction (legality-rules.md §0.5; never hard-coded in the gates):
备案 deadlines, which levels need a completed consultation before 公布, ND 有效期 and 清理 cycles."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from base.errors import WorkbenchError
from checks.config import load_jurisdiction
from workbench.consultation.consultations import minimum_days

def _env_int(name: str, default: int) -> int:
    v = os.environ.get(name, "").strip()
    return int(v) if v.isdigit() else default


@dataclass
class LifecycleConfig:
    filing_days: dict[str, int] = field(default_factory=lambda: {"LR": 30, "GR": 30, "ND": 15})
    comment_gate_levels: frozenset[str] = frozenset({"LR", "GR"})
    nd_validity_years: int = 5
    nd_provisional_validity_years: int = 2      # 暂行 / 试行
    nd_cleanup_years: int = 2
    expiry_warning_days: int = 183               # evaluate within ~6 months before expiry
    filing_warning_days: int = 7

    @classmethod
    def from_env(cls) -> "LifecycleConfig":
        """Values of the jurisdiction profile in ``checks/jurisdictions.toml`` (the one file of §0.5
        parameters: FILING_DAYS_LR_GR, ND_FILING_DAYS, ND_VALIDITY_YEARS, ND_CLEANUP_YEARS), falling
        back to the §0.5 defaults; each overridable per deployment with $WORKBENCH_FILING_DAYS_LR_GR,
        $WORKBENCH_ND_FILING_DAYS, $WORKBENCH_ND_VALIDITY_YEARS, $WORKBENCH_ND_PROVISIONAL_VALIDITY_YEARS,
        $WORKBENCH_ND_CLEANUP_YEARS; $WORKBENCH_COMMENT_GATE_LEVELS (comma-separated level codes)."""
        p = _jurisdiction_params()
        validity = p.get("ND_VALIDITY_YEARS") or {}
        if not isinstance(validity, dict):
            validity = {"regular": validity}
        lr_gr = _env_int("WORKBENCH_FILING_DAYS_LR_GR", int(p.get("FILING_DAYS_LR_GR") or 30))
        levels = os.environ.get("WORKBENCH_COMMENT_GATE_LEVELS")
        gate = frozenset(x.strip().upper() for x in levels.split(",") if x.strip()) if levels is not None \
            else frozenset({"LR", "GR"})
        return cls(filing_days={"LR": lr_gr, "GR": lr_gr,
                                "ND": _env_int("WORKBENCH_ND_FILING_DAYS", int(p.get("ND_FILING_DAYS") or 15))},
                   comment_gate_levels=gate,
                   nd_validity_years=_env_int("WORKBENCH_ND_VALIDITY_YEARS", int(validity.get("regular", 5))),
                   nd_provisional_validity_years=_env_int("WORKBENCH_ND_PROVISIONAL_VALIDITY_YEARS",
                                                          int(validity.get("provisional", 2))),
                   nd_cleanup_years=_env_int("WORKBENCH_ND_CLEANUP_YEARS", int(p.get("ND_CLEANUP_YEARS") or 2)))


def _jurisdiction_params() -> dict:
    """The default profile's §0.5 values from checks/jurisdictions.toml ({} if unavailable)."""
    try:
        j = load_jurisdiction(os.environ.get("WORKBENCH_JURISDICTION") or None)
    except (ImportError, OSError, WorkbenchError):  # no checks package / file / profile: §0.5 defaults
        return {}
    return {k: j.get(k) for k in ("FILING_DAYS_LR_GR", "ND_FILING_DAYS", "ND_VALIDITY_YEARS", "ND_CLEANUP_YEARS")}


def config() -> LifecycleConfig:
    return LifecycleConfig.from_env()


def comment_min_days(level: str) -> int:
    return minimum_days(level)


def filing_due(level: str, published_on: date, cfg: LifecycleConfig | None = None) -> date:
    return published_on + timedelta(days=(cfg or config()).filing_days[level])


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def default_valid_until(title: str, published_on: date, cfg: LifecycleConfig | None = None) -> date:
    """ND 有效期 (PROC-VALIDITY-ND): 5 years, 2 for 暂行/试行 (configurable), counted from 公布."""
    cfg = cfg or config()
    years = cfg.nd_provisional_validity_years if re.search("暂行|试行", title or "") else cfg.nd_validity_years
    return add_years(published_on, years) - timedelta(days=1)


# --- gates --------------------------------------------------------------------------------------------
