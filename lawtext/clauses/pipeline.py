"""The clause model as spaCy pipeline components over the project's jieba-segmented ``Doc``.

``legal_concepts`` looks the legal vocabulary up (lawtext.clauses.lexicon) on the text with cited
titles masked and keeps the hits as ``doc.spans["concepts"]`` (label "LABEL.kind"; spans are
mapped to tokens with ``alignment_mode="expand"``: jieba does not split 第X条, amounts or organ
names consistently). ``norm_clauses`` builds the provision (lawtext.clauses.build) and exposes it
as ``doc._.provision`` and ``doc.spans["clauses"]`` (each span's ``span._.clause`` is its
:class:`~lawtext.clauses.model.NormClause`).

The pipeline is the one blank Chinese pipeline of lawtext.nlp, loaded once per process; the two
components are added to it on first use.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from lawtext.clauses.build import analyse_text
from lawtext.clauses.lexicon import lexicon
from lawtext.clauses.model import Provision
from lawtext.clauses.segments import mask_titles
from lawtext.nlp import nlp

for _name, _cls in (("provision", Doc), ("terms", Doc), ("clause", Span)):
    if not _cls.has_extension(_name):
        _cls.set_extension(_name, default=None)


@Language.component("legal_concepts")
def legal_concepts(doc: Doc) -> Doc:
    text = doc.user_data["text"] = doc.text        # Doc.text joins the tokens on every call
    terms = lexicon().find(mask_titles(text))
    doc._.terms = terms
    spans = []
    for t in terms:
        span = doc.char_span(t.start, t.end, label=f"{t.label}.{t.kind}", alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans["concepts"] = spans
    return doc


@Language.component("norm_clauses")
def norm_clauses(doc: Doc) -> Doc:
    text = doc.user_data.get("text") or doc.text
    prov = analyse_text(text, doc._.terms or [], doc.to_array("IDX").tolist() if len(doc) else [])
    doc._.provision = prov
    spans = []
    for c in prov.clauses:
        span = doc.char_span(c.start, c.end, label="CLAUSE", alignment_mode="expand")
        if span is not None:
            span._.clause = c
            spans.append(span)
    doc.spans["clauses"] = spans
    return doc


@lru_cache(maxsize=1)
def clause_nlp() -> Language:
    """The project's pipeline with the two clause components (added once per process)."""
    pipeline = nlp()
    lexicon()
    for name in ("legal_concepts", "norm_clauses"):
        if name not in pipeline.pipe_names:
            pipeline.add_pipe(name)
    return pipeline


def analyse(text: str) -> Provision:
    """The provision of one 款 or 项 text."""
    return clause_nlp()(text)._.provision


def analyse_many(texts: list[str]) -> list[Provision]:
    """The provisions of many texts, in order (one pipeline pass)."""
    return [doc._.provision for doc in clause_nlp().pipe(texts)]
