"""Metadata of a filed text that comes without a manifest row: title, 文号, level, issuing organ,
公布日期 and 施行日期 — the corpus's own inference (corpus.infer) for title, level and organ, plus the
two things only a filing needs: the 文号 and the dates of publication and entry into force.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.infer import dates_in, enactor, infer_level, iso_date, title_from_name
from lawtext.model import LegalDocument, level_code
from lawtext.vocabulary import CN_NUMERAL, NUMBER, YEAR
from lawtext.writer import to_text

_BRACKETS_OPEN, _BRACKETS_CLOSE = "〔\\[［（(", "〕\\]］）)"
_DOC_NUMBER = re.compile(
    rf"([\u4e00-\u9fff]{{1,16}}[{_BRACKETS_OPEN}]\s*(?:19|20)\d\d\s*[{_BRACKETS_CLOSE}]\s*第?\s*\d{{1,5}}\s*号"
    rf"|[\u4e00-\u9fff]{{2,20}}令\s*第\s*{NUMBER}\s*号)")
_DATE_CN = rf"({YEAR})年(\d{{1,2}}|{CN_NUMERAL})月(\d{{1,2}}|{CN_NUMERAL})日"
_EFFECTIVE = re.compile(r"自\s*" + _DATE_CN + r"\s*起(?:施行|实施|执行|生效)")
_PUBLISHED = [re.compile(_DATE_CN + r"[^。\n]{0,30}?(?:" + words + ")") for words in ("公布|印发|发布", "通过")]
_ISSUER = re.compile(r"([\u4e00-\u9fff]{2,30}?(?:人民政府办公室|人民政府办公厅|人民政府|局|委员会|办公室|厅|委))"
                     r"(?:印发|发布|公布)")


_ORDER = re.compile(r"([\u4e00-\u9fff]{2,30}?人民政府)令")


@dataclass
class FiledMeta:
    title: str = ""
    doc_number: str = ""
    level: str = ""          # LR / GR / ND, "" when it cannot be told
    issuing_body: str = ""
    published_on: str = ""   # ISO dates, "" when not found
    effective_on: str = ""


def _head_lines(tree: LegalDocument) -> list[str]:
    return [*tree.preface, *tree.preamble[:4]]


def _undated(line: str) -> str:
    """The line with its dates replaced by a comma, so that a name never starts at 「日」."""
    return re.sub(_DATE_CN, "，", line)


def doc_number(tree: LegalDocument, text: str | None = None) -> str:
    for line in map(_undated, _head_lines(tree) + (text or to_text(tree)).splitlines()[:8]):
        m = _DOC_NUMBER.search(line)
        if m:
            return re.sub(r"\s+", "", m.group(1))
    return ""


def effective_on(text: str) -> str:
    m = _EFFECTIVE.search(text)
    return iso_date(*m.groups()) if m else ""


def published_on(tree: LegalDocument) -> str:
    """The date of 公布/印发/发布 in the 题注, else the date of 通过, else the latest date there."""
    for pattern in _PUBLISHED:
        for line in _head_lines(tree):
            m = pattern.search(line)
            if m:
                return iso_date(*m.groups())
    found = dates_in(tree.preface)
    return max(found) if found else ""


def issuing_body(tree: LegalDocument) -> str:
    lines = [_undated(x) for x in _head_lines(tree)]
    for line in lines:
        m = _ISSUER.search(line) or _ORDER.search(line)
        if m:
            return m.group(1)
    area, body = enactor(LegalDocument(title=tree.title, preface=lines))
    return f"{area}{body}" if area else ""


def filed_level(title: str, tree: LegalDocument, number: str = "", issuer: str = "") -> str:
    """LR / GR / ND: a 政府令 number is a 规章; a text issued by a department (局, 委员会 …) or an
    office of the government, or numbered 〔年〕号, is a 规范性文件; otherwise the corpus's inference."""
    if "令" in number:
        return "GR"
    if issuer and not issuer.endswith(("人民政府", "人民代表大会", "常务委员会")):
        return "ND"
    if re.search(r"[〔\[［]", number):
        return "ND"
    name = infer_level(title, tree, local=True)
    try:
        return level_code(name)
    except ValueError:
        return ""


def infer_filed(tree: LegalDocument, filename: str = "") -> FiledMeta:
    title = (tree.title or title_from_name(filename)).strip()
    text = to_text(tree)
    number, issuer = doc_number(tree, text), issuing_body(tree)
    return FiledMeta(title=title, doc_number=number, level=filed_level(title, tree, number, issuer),
                     issuing_body=issuer, published_on=published_on(tree), effective_on=effective_on(text))
