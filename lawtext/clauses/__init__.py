"""The clause model: what a provision does — who must do what, under which condition, with what
consequence, on whose authority, by reference to which upper law.

    from lawtext.clauses import analyse, analyse_document
    prov = analyse("未经备案的，不得承接物业服务项目。")
    prov.clauses[0].consequences[0].type      # "licence"

Vocabulary in ``lexicon_*.toml``; spaCy components in pipeline.py; plain dataclasses in model.py.
"""
from lawtext.clauses.document import Unit, analyse_document, units
from lawtext.clauses.model import Concept, Condition, Consequence, NormClause, Provision, Referral
from lawtext.clauses.pipeline import analyse, analyse_many, clause_nlp

__all__ = ["analyse", "analyse_many", "analyse_document", "clause_nlp", "units", "Unit", "Concept", "Condition",
           "Consequence", "NormClause", "Provision", "Referral"]
