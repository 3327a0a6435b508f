"""The project's one tokenizer: a blank spaCy Chinese pipeline with the jieba segmenter.

No spaCy Chinese model can be downloaded here; jieba ships its dictionary. Loading takes ~0.65 s,
so it is loaded once per process. jieba's cache goes to a project temp dir, not the system one.
"""
from __future__ import annotations

import os
import tempfile
from functools import lru_cache


@lru_cache(maxsize=1)
def nlp():
    import jieba
    import spacy
    jieba.dt.tmp_dir = os.environ.get("WORKBENCH_JIEBA_CACHE", tempfile.gettempdir())
    jieba.setLogLevel(60)
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


def tokens(text: str) -> list[str]:
    """Word tokens of ``text``; their concatenation is exactly ``text``."""
    if not text:
        return []
    doc = nlp().make_doc(text)
    out = [t.text_with_ws for t in doc]
    if "".join(out) != text:  # defensive: never lose characters
        return list(text)
    return out


def spaced(text: str) -> str:
    """Tokens joined by single spaces (for rapidfuzz token scorers)."""
    return " ".join(t.strip() for t in tokens(text) if t.strip())
