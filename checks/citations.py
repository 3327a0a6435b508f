"""Citations: every 《…》 that names a law resolves to a corpus document (full name, current version).

Without a corpus the rule still runs and reports, once, that the citations are 未核验.
"""
from __future__ import annotations

import re

from lawtext.repealed import repeal_of

from checks.base import Context, Hit, rule
from checks.text import TITLE_RE, is_law_title

_ALIAS_RE = re.compile(r"以下简称《([^《》]+)》|以下简称[“\"「]([^”\"」]+)[”\"」]")


def _citations(ctx: Context):
    """(clause, match, title) for each cited law title, skipping the draft itself and defined short forms."""
    own = re.sub(r"\s+", "", ctx.title)
    aliases = {a or b for a, b in _ALIAS_RE.findall(ctx.full_text)}
    for c in ctx.clauses:
        for m in TITLE_RE.finditer(c.text):
            t = m.group(1)
            if not is_law_title(t) or re.sub(r"\s+", "", t) == own or t in aliases:
                continue
            if re.match(r"^(本|该|上述)", t):
                continue
            yield c, m, t


@rule("CITE-RESOLVE", title="引用的法律法规未能核验", levels="LR GR ND", severity="info", head=3,
      basis="《中华人民共和国立法法》第九十八条至第一百零四条（上位法依据须真实、现行有效）")
def cite_resolve(ctx: Context):
    """
    What it checks: 文中以书名号引用的每一部法律、法规、规章能否在法规库中找到（按全称或「中华人民共和国」简称）。
    找不到的报提示，并给出库中最接近的名称；名称近似（疑似写错）的报警示。未配置法规库时，报一条「未核验」提示。
    Why: 引用的上位法必须真实存在、名称准确，否则依据条款落空；法规库并不完整（部门规章、外省法规多未收录），
    所以找不到只是提示。
    Fires on: 「根据《中华人民共和国行政处罚条例》……」（库中最接近的是《中华人民共和国行政处罚法》：警示）。
    Does not fire on: 「根据《中华人民共和国行政处罚法》……」；「（以下简称《条例》）」定义的简称。
    Basis: 立法法第九十八条至第一百零四条（效力层级）；立法技术规范（试行）（一）第6项（引用法律名称，原文未核实）。
    """
    cites = list(_citations(ctx))
    if not cites:
        return
    if ctx.corpus is None:
        c, m, _t = cites[0]
        names = sorted({t for _, _, t in cites})
        yield Hit(f"未配置法规库：文中引用的 {len(names)} 部法律法规未核验（{'、'.join('《' + n + '》' for n in names[:5])}"
                  f"{'等' if len(names) > 5 else ''}）。", c, m.start(), m.end())
        return
    seen = set()
    for c, m, t in cites:
        if t in seen:
            continue
        seen.add(t)
        r = ctx.corpus.resolve(t)
        if r.status == "unknown":
            if r.note:
                yield Hit(f"法规库中没有《{t}》，{r.note}，请核对名称。", c, m.start(), m.end(), severity="warning")
            else:
                yield Hit(f"法规库未收录《{t}》，引用未核验。", c, m.start(), m.end())


@rule("CITE-REPEALED", title="引用已废止的法律法规", levels="LR GR ND", severity="warning", head=3,
      basis="《中华人民共和国立法法》第一百零三条（新法优于旧法）")
def cite_repealed(ctx: Context):
    """
    What it checks: 引用的法律法规是否已被法规库中的现行文件明令废止（其附则写有「《…》同时废止」），并给出现行文件；
    法规库管理员标记为「已废止」的，同样报告。没有法规库、或法规库未收录该名称时，对照内置的已废止国家法律法规清单
    （lawtext/repealed_laws.toml：民法通则、合同法、物权法等被民法典废止的九部法律，食品卫生法，城市房屋拆迁管理条例……）。
    以「原《……》」提及历史文本的不报。
    Why: 以已废止的法规为依据，依据条款失效；应改引现行文件。
    Fires on: 「根据《法规规章备案条例》……」（已被《法规规章备案审查条例》废止）；「依照《中华人民共和国民法通则》的有关
    规定执行。」
    Does not fire on: 「根据《法规规章备案审查条例》……」；草案自身（或其在库的前一版本）附则中「《…》同时废止」的条款；
    「依照原《中华人民共和国物权法》设立的林权抵押权，继续有效。」
    Basis: 立法法第一百零三条；法规规章备案审查条例第二十六条（示例）。
    """
    own = re.sub(r"[（(][^（）()]*草案[^（）()]*[）)]$", "", re.sub(r"\s+", "", ctx.title))
    seen = set()
    for c, m, t in _citations(ctx):
        if t in seen:
            continue
        seen.add(t)
        if c.text[max(0, m.start() - 1):m.start()] == "原" or re.search(r"同时废止|予以废止|废止", c.text[m.end():m.end() + 6]):
            continue                                      # 原《…》: the old text named as history; a repeal clause
        r = ctx.corpus.resolve(t) if ctx.corpus is not None else None
        if r is not None and r.status == "repealed" and r.title != own:     # not the draft's own repeal clause
            advice = f"应引用现行的《{r.title}》" if r.title else "请核实并改引现行有效的依据"
            yield Hit(f"《{t}》{r.note}，{advice}。", c, m.start(), m.end())
            continue
        if r is not None and r.status not in ("unknown", "repealed"):
            continue
        known = repeal_of(t)
        if known is not None:
            advice = f"应引用现行的《{known.by}》" if known.by else "该制度已废止，请删除或改引现行有效的依据"
            yield Hit(f"《{t}》已于 {known.date} 废止，{advice}。", c, m.start(), m.end())
