"""The one Finding of the project: what a rule, the conflict search or a dossier rule reports.

Rules, conflict search and procedure rules all produce Findings; the review pipeline
(workbench.review.pipeline) merges and orders them; the page, the CLI (``check --json``), the
stored review items and the 审核意见书 all read them. :meth:`Finding.to_dict` is the one
serialisation (the CLI's JSON shape) and :meth:`Finding.from_dict` reads it back.

Location is an element id of the text model (``art-12-p2-i3``); ``code`` + ``params`` identify
the message (``code`` defaults to the rule id); ``message`` is its Chinese text; ``evidence``
holds what met the rule (clause fields, the upper-law text, the dossier facts); ``fix`` a
suggested redraft; ``related`` the other rules that flagged the same words.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields

SEVERITIES = ("error", "warning", "info")
SEVERITY_NAMES = {"error": "错误", "warning": "警示", "info": "提示"}

# where a finding comes from: the rule book, the upper-law conflict search
SOURCES = ("check", "conflict")


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str
    element_id: str | None = None
    article_label: str | None = None
    excerpt: str = ""
    basis: str = ""
    span: str = ""
    family: str = ""
    head: int = 0
    title: str = ""
    related: tuple[str, ...] = ()   # other rules that flagged the same words (checks.merge.merge_same_spot)
    code: str = ""                  # message code; "" means the rule id
    params: dict = field(default_factory=dict, hash=False, compare=False)
    evidence: dict = field(default_factory=dict, hash=False, compare=False)
    fix: str = ""
    facts: tuple[str, ...] = ()     # dossier fields the finding rests on
    source: str = "check"

    @property
    def rules(self) -> tuple[str, ...]:
        """This finding's rule followed by the related ones."""
        return (self.rule, *self.related)

    @property
    def message_code(self) -> str:
        return self.code or self.rule

    @property
    def severity_name(self) -> str:
        return SEVERITY_NAMES.get(self.severity, self.severity)

    def identity(self) -> tuple:
        """What makes two findings the same item (for parity checks and de-duplication)."""
        return (self.rule, self.severity, self.element_id or "", self.span, self.message)

    def to_dict(self) -> dict:
        """The one serialised form (the CLI's JSON shape; stored evidence round-trips)."""
        return {"rule": self.rule, "severity": self.severity, "article": self.article_label or None,
                "element": self.element_id, "message": self.message, "basis": self.basis,
                "span": self.span, "excerpt": self.excerpt, "family": self.family, "head": self.head,
                "title": self.title, "related_rules": list(self.related), "code": self.message_code,
                "params": dict(self.params), "evidence": dict(self.evidence), "fix": self.fix,
                "facts": list(self.facts), "source": self.source}

    @classmethod
    def from_dict(cls, d: dict) -> "Finding":
        names = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in names}
        kw["element_id"] = d.get("element", d.get("element_id"))
        kw["article_label"] = d.get("article", d.get("article_label"))
        kw["related"] = tuple(d.get("related_rules", d.get("related", ())) or ())
        kw["facts"] = tuple(d.get("facts") or ())
        kw["code"] = "" if d.get("code") == d.get("rule") else (d.get("code") or "")
        kw["params"] = dict(d.get("params") or {})
        kw["evidence"] = dict(d.get("evidence") or {})
        kw["head"] = int(d.get("head") or 0)
        return cls(**kw)
