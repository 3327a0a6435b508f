"""The JSON shape of a filing as ``filing list/show/… --json`` print it: a pydantic model, declared
once (``model_dump()`` is the output; ``extra="forbid"`` keeps the data and the model in step)."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from workbench.filing.store import Filing


class FilingRow(BaseModel):
    """One filing in the CLI's JSON (``filing mine`` drops ``counts``)."""
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: int
    title: str
    organ_name: str
    doc_number: str
    level: str
    status: str
    outcome: str
    assignee: str
    filed_on: str
    registered_on: str
    review_due: str
    late: bool
    late_days: int
    missing: list[str]
    counts: dict[str, int]
    reply_due: str
    document_id: int | None
    version_id: int | None
    corrected_version_id: int | None

    @classmethod
    def of(cls, filing: Filing) -> "FilingRow":
        data = filing.to_dict()
        return cls(**{k: data[k] for k in cls.model_fields})
