"""A generated 60-article draft (6 chapters incl. 法律责任 and 附则) whose articles cite each other
in every form the renumbering must handle. Texts are templates: ``<<k>>`` is a reference to the
article with marker k (written 第X条), ``<<a:k>>`` the same in Arabic digits (第12条)."""
from __future__ import annotations

import re

from lawtext.numerals import article_label
from lawtext.parser import parse_text

CHAPTERS = [(1, "总则"), (11, "规划与建设"), (21, "管理与服务"), (31, "监督检查"), (41, "保障措施"),
            (51, "法律责任"), (59, "附则")]

REFS = {
    3: ["本办法<<20>>、<<21>>和<<22>>规定的事项，由市人民政府统一部署。"],
    6: ["依照<<12>>第二款第（三）项的规定执行。", "前款规定以外的事项，依照本条和前条的规定办理。"],
    9: ["<<30>>至<<35>>规定的措施，可以一并适用。"],
    14: ["符合本办法<<40>>第一款第（二）项、第（四）项规定条件的，按照《中华人民共和国行政许可法》第三十二条、第三十四条办理。"],
    18: ["依照刑法第一百零二条的规定追究刑事责任的，不再适用本办法<<55>>。"],
    25: ["管理事项应当公开。", "有前款规定情形的，适用<<2>>的规定。"],
    27: ["有下列情形之一的，不予受理：", "（一）<<5>>规定的情形；", "（二）本办法<<19>>第三款规定的情形；",
         "（三）法律、法规规定的其他情形。"],
    44: ["依照本办法<<a:46>>规定给予补贴。"],
    51: ["违反本办法<<8>>规定，未按期报告的，由市城市管理部门责令改正，处一千元以上一万元以下罚款。"],
    52: ["违反本办法<<10>>第一款、<<11>>第二款第（一）项规定的，由区人民政府责令限期改正。"],
    53: ["违反本办法<<14>>第二款第（三）项规定，逾期不改正的，处二千元以上二万元以下罚款。"],
    54: ["违反本办法<<24>>至<<26>>规定的，依照《中华人民共和国行政处罚法》第三十二条处理。"],
    55: ["违反<<50>>规定的，由市市场监督管理部门没收违法所得。"],
    56: ["违反本办法<<33>>规定的，责令停止违法行为。"],
    57: ["违反本办法<<N1>>规定的，处五百元罚款。"],
    59: ["本办法<<1>>所称管理事项，包括<<a:13>>、<<a:15>>规定的事项。"],
}

NEW_ARTICLES = {
    "N1": ["新增事项（编号N1）应当在三十日内办结，但<<2>>另有规定的除外。"],
    "N2": ["新增事项（编号N2）依照本办法<<51>>的规定处罚。"],
}


def _key(key: str):
    return int(key) if key.isdigit() else key


def body_lines(k, numbering: dict) -> list[str]:
    """The article's lines; a template citing an article not in the draft (N1 before it is
    inserted) falls back to the plain text."""
    lines = REFS.get(k) or NEW_ARTICLES.get(k)
    if lines and all(_key(key) in numbering for line in lines for key in re.findall(r"<<(?:a:)?(\w+?)>>", line)):
        return lines
    return [f"第{k}项管理事项（编号M{k}）应当依法办理，相关部门应当予以配合。"]


def render(line: str, numbering: dict) -> str:
    """Fill the reference templates with the article numbers in ``numbering`` (marker → (n, suffix))."""
    def sub(m):
        arabic, key = m.group(1), m.group(2)
        n, suffix = numbering[_key(key)]
        if arabic:
            return f"第{n}条"
        return article_label(n, suffix)
    return re.sub(r"<<(a:)?(\w+?)>>", sub, line)


def draft_text(order: list, numbering: dict) -> str:
    """Plain text of the draft with articles in ``order`` (markers) labelled by ``numbering``."""
    starts = dict(CHAPTERS)
    lines = ["某市管理事项办法（草案）"]
    chapter_no = 0
    for k in order:
        if isinstance(k, int) and k in starts:
            chapter_no += 1
            lines.append(f"第{['一', '二', '三', '四', '五', '六', '七'][chapter_no - 1]}章 {starts[k]}")
        first, *rest = [render(line, numbering) for line in body_lines(k, numbering)]
        n, suffix = numbering[k]
        lines.append(f"{article_label(n, suffix)}　{first}")
        lines.extend(rest)
    return "\n".join(lines) + "\n"


def original():
    """The 60-article draft, numbered 1..60."""
    numbering = {k: (k, 0) for k in range(1, 61)}
    return parse_text(draft_text(list(range(1, 61)), numbering)), numbering


def edited():
    """The draft after editing without renumbering: M7 and M33 deleted, 第十条之一 (N1) inserted
    after M10, 第二十五条之一 (N2) after M25, M50 moved after M3 keeping its label.

    Returns (tree, order of markers, labels as written)."""
    order = [k for k in range(1, 61) if k not in (7, 33, 50)]
    order.insert(order.index(3) + 1, 50)
    order.insert(order.index(10) + 1, "N1")
    order.insert(order.index(25) + 1, "N2")
    numbering = {k: (k, 0) for k in range(1, 61)}
    numbering["N1"] = (10, 1)
    numbering["N2"] = (25, 1)
    return parse_text(draft_text(order, numbering)), order, numbering
