"""Citations: every 《…》 that names a law resolves to a corpus document (full name, current version).

Without a corpus the rule still runs and reports, once, that the citations are 未核验.
"""
from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from lawtext.numerals import cn_to_int, int_to_cn
from lawtext.repealed import repeal_of
from lawtext.vocabulary import CITED_ARTICLE
from corpus.titles import normalise_title

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


_CITED_ARTICLE = re.compile(CITED_ARTICLE)
_HAN = re.compile(r"[\u4e00-\u9fff]")
RENUMBER_MARGIN = 0.15      # how much better an older version's article must fit the citing sentence
RENUMBER_FIT = 0.30         # and how well at least (share of the sentence's bigrams found in it)
SAME_ARTICLE = 60           # fuzz.ratio of an older article and its counterpart in the version in force


def _grams(text: str) -> set[str]:
    chars = "".join(_HAN.findall(text))
    return {chars[i:i + 2] for i in range(len(chars) - 1)}


def _fit(context: set[str], article: str) -> float:
    """How well an article fits the citing sentence: the larger of the shares of either's bigrams
    found in the other (a short article quoted in a long sentence, or a sentence paraphrasing a
    long article)."""
    a = _grams(article)
    if not context or not a:
        return 0.0
    common = len(context & a)
    return max(common / len(context), common / len(a))


def _article(tree, number: int):
    return next((a for a in tree.articles if a.number == number and not a.suffix), None)


@rule("CITE-RENUMBERED", title="引用的条文序号已因修订而改变", levels="LR GR ND", severity="warning", head=3,
      basis="《中华人民共和国立法法》第九十八条至第一百零四条（上位法依据须真实、现行有效）",
      requires=("tree", "corpus"))
def cite_renumbered(ctx: Context):
    """
    What it checks: 以「《某法》第N条」引用上位法条文的，所引条文在现行版本中的内容是否与引用它的句子相符：法规库中
    该法的旧版本第N条与句子明显更相符、且旧版第N条在现行版本中对应另一条（修订后条文序号调整）时，报警示并给出现行
    序号和现行第N条的内容。
    Why: 上位法修订后条文序号常整体调整（反垄断法 2022、行政复议法 2023、文物保护法 2024），沿用旧序号的引用指向
    了内容不同的条文，依据落空。法规库中只有一个版本的法律无法这样比较。
    Fires on: 「不得违反《中华人民共和国反垄断法》第三十七条的规定，制定含有排除、限制竞争内容的规定」（2007 年版
    第三十七条，现为第四十五条）。
    Does not fire on: 引用现行序号的条款；法规库中只有一个版本的法律；起草日期早于修订的文本（属清理问题）。
    Basis: 立法法第九十八条至第一百零四条；立法技术规范（试行）关于引用法律条文的要求（原文未核实）。
    """
    link = ctx.corpus
    titles = getattr(link, "titles", None)
    if titles is None:
        return
    date = ctx.meta.get("date") or ""
    for c in ctx.clauses:
        for m in _CITED_ARTICLE.finditer(c.text):
            title = m.group(1)
            key = normalise_title(title)
            key = key if key in titles.by_key else link.by_short.get(key, key)
            versions = titles.by_key.get(key, [])
            current = titles.current(key)
            if len(versions) < 2 or current is None or (date and current.version_date > date):
                continue
            try:
                number = cn_to_int(m.group(2))
            except ValueError:
                continue
            context = _grams(c.text[:m.start()] + c.text[m.end():])
            now_tree = link.handle.doc_tree(current.id)
            now = _article(now_tree, number)
            fit_now = _fit(context, now.flat_text) if now is not None else 0.0
            for old in sorted((v for v in versions if v.id != current.id), key=lambda v: v.version_date, reverse=True):
                was = _article(link.handle.doc_tree(old.id), number)
                if was is None:
                    continue
                fit_was = _fit(context, was.flat_text)
                if fit_was < RENUMBER_FIT or fit_was - fit_now < RENUMBER_MARGIN:
                    continue
                texts = [a.flat_text for a in now_tree.articles]
                best = process.extractOne(was.flat_text, texts, scorer=fuzz.ratio, score_cutoff=SAME_ARTICLE)
                if best is None:
                    continue
                moved = now_tree.articles[best[2]]
                if moved.number == number:
                    continue
                now_says = f"现行第{int_to_cn(number)}条为「{_short(now.flat_text)}」" if now is not None else f"现行版本没有第{int_to_cn(number)}条"
                yield Hit(f"《{title}》{m.group(0)[len(title) + 2:]}是 {old.version_date} 版本的序号：该条（「{_short(was.flat_text)}」）"
                          f"在 {current.version_date} 修订后为{moved.label}；{now_says}。请改引现行序号。",
                          c, m.start(), m.end(), evidence={"cited": m.group(0), "old_version": old.version_date,
                                                           "current_version": current.version_date,
                                                           "current_label": moved.label})
                break


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n] + "……"
