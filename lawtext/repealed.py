"""National laws and regulations known to be repealed (repealed_laws.toml), for citation checks
that have no corpus database, or whose database lacks an old title (食品卫生法)."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_FILE = Path(__file__).resolve().parent / "repealed_laws.toml"
_PREFIX = "中华人民共和国"


@dataclass(frozen=True)
class Repeal:
    title: str          # as cited, without 中华人民共和国
    by: str             # the replacing text ("" when the system itself was abolished)
    date: str
    note: str = ""


@lru_cache(maxsize=1)
def _table() -> dict[str, Repeal]:
    with _FILE.open("rb") as f:
        data = tomllib.load(f)["repealed"]
    return {k: Repeal(k, v.get("by", ""), v.get("date", ""), v.get("note", "")) for k, v in data.items()}


def repeal_of(title: str) -> Repeal | None:
    """The repeal of a cited title (with or without 中华人民共和国, without a version suffix such as
    （2009年修正））, or None."""
    t = re.sub(r"[（(][^（）()]*[）)]$", "", title.strip())
    if t.startswith(_PREFIX):
        t = t[len(_PREFIX):]
    return _table().get(t)
