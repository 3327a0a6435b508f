"""Live help for the article a drafter has just saved (not per keystroke).

Gathers, for one article of the working copy:

* the legality checks that fire on it (``checks/``, through its public API);
* similar provisions from the corpus (``corpus/`` search), or a note when no index is built;
* defined terms used inconsistently (``lawtext.terms``);
* numbering: what renumbering (``lawtext.diff.renumber``) would change for this article (the
  checks' REF-NUMBERING / REF-INTERNAL report gaps and dangling references themselves).

Every item names the catalogue rule it belongs to (``../shared/design/legality-rules.md``).
Sources that are missing or fail degrade to a Chinese note; the help never blocks saving.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import checks
from lawtext.model import Article, LegalDocument
from lawtext.terms import term_issues
from lawtext.diff.renumber import plan_renumber
from corpus.search import similar
from base.errors import NotFound
from workbench.access.permissions import require

NUMBERING_RULE = "REF-NUMBERING"   # the checks' rule ids for numbering and internal references
REFERENCE_RULE = "REF-INTERNAL"
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

# Shown to a drafter in the app: what to do, not a command line.
NO_CORPUS_NOTE = ("法规库尚未导入，暂不显示相似条文。请管理员在「法规库」页面的「导入」中导入法规，"
                  "或重新运行启动脚本（scripts/start.sh）。")


@dataclass(frozen=True)
class HelpItem:
    source: str               # 合法性检查 / 相似条文 / 术语一致 / 编号
    severity: str             # error / warning / info
    message: str
    rule_id: str | None = None
    rule_title: str = ""
    element_id: str | None = None
    detail: str = ""          # basis, or the similar provision's text
    reference: str = ""       # where a similar provision comes from (title 第X条)


@dataclass
class HelpReport:
    article_id: str
    article_label: str
    items: list[HelpItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def by_source(self) -> dict[str, list[HelpItem]]:
        out: dict[str, list[HelpItem]] = {}
        for it in sorted(self.items, key=lambda i: SEVERITY_ORDER.get(i.severity, 3)):
            out.setdefault(it.source, []).append(it)
        return out


def _in_article(element_id: str | None, article: Article) -> bool:
    return bool(element_id) and (element_id == article.id or element_id.startswith(article.id + "-"))


def check_items(doc: LegalDocument, article: Article, level: str, corpus=None) -> tuple[list[HelpItem], list[str]]:
    """Findings of the legality checks (``checks.run``) located in ``article``. ``corpus`` is a
    ``checks.corpus_link.CorpusLink`` (over the corpus database); without it the rules that need
    the corpus do not run and citations are reported as 未核验."""
    findings = checks.run(doc, level, corpus=corpus)
    items = [HelpItem("合法性检查", f.severity, f.message, f.rule, f.title, f.element_id, f.basis)
             for f in findings if _in_article(f.element_id, article) or f.article_label == article.label]
    notes = [] if corpus is not None else ["未接入法规库：核对引用法律名称等需要法规库的规则本次未运行。"]
    return items, notes


def similar_items(article: Article, index=None, top: int = 3) -> tuple[list[HelpItem], list[str]]:
    """Similar provisions from the corpus index (``corpus.search.similar``), when it is built."""
    if index is None:
        return [], [NO_CORPUS_NOTE]
    try:
        hits = similar(index, article.flat_text, top=top)
    except Exception as e:  # a damaged index must not block the editor
        return [], [f"法规库检索失败（{type(e).__name__}），暂不显示相似条文。"]
    return [HelpItem("相似条文", "info", h.text, None, "", article.id,
                     reference=f"《{h.title}》{h.label}（{h.level}，相似度 {h.score:.2f}）")
            for h in hits], []


def term_items(doc: LegalDocument, article: Article) -> list[HelpItem]:
    return [HelpItem("术语一致", i.severity, i.message if i.article_id == article.id else f"{i.article_label}：{i.message}",
                     i.rule_id, "", i.element_id)
            for i in term_issues(doc, article.id)]


def numbering_items(doc: LegalDocument, article: Article, reported: set[str]) -> list[HelpItem]:
    """What renumbering (``lawtext.diff.renumber``) would do to this article, unless the checks
    already reported its numbering (``reported``: rule ids the checks found in this article)."""
    plan = plan_renumber(doc)
    items: list[HelpItem] = []
    mine = next((a for a in plan.articles if a.article_id == article.id), None)
    if mine is not None and mine.changed and NUMBERING_RULE not in reported:
        why = "本条为新插入的条文" if article.suffix or article.number == 0 else "条文序号不连续"
        items.append(HelpItem("编号", "info",
                              f"{why}：重新编号后本条为{mine.new_label}（全文{len(plan.renumbered)}条序号将调整，"
                              "内部引用随之改写），请在「重新编号」中预览并应用。", NUMBERING_RULE, "条、章、项编号不连续",
                              article.id))
    return items


def article_help(doc: LegalDocument, key: str, *, user, level: str, corpus_index=None,
                 checks_corpus=None) -> HelpReport:
    """All live help for one article (by id or label) of ``doc``, as ``user`` (the rules need
    ``check.run``, similar provisions ``corpus.search``).

    ``corpus_index``: a loaded ``corpus.index.CorpusIndex`` (similar provisions);
    ``checks_corpus``: a ``checks.corpus_link.CorpusLink`` (rules that need the corpus)."""
    require(user, "check.run")
    if corpus_index is not None:
        require(user, "corpus.search")
    article = doc.article(key)
    if article is None:
        raise NotFound(code="live_help.article_help", key=key)
    report = HelpReport(article.id, article.label)

    def timed(name, fn):
        t = time.perf_counter()
        try:
            return fn()
        finally:
            report.timings[name] = time.perf_counter() - t

    items, notes = timed("checks", lambda: check_items(doc, article, level, checks_corpus))
    report.items += items
    report.notes += notes
    reported = {i.rule_id for i in items if i.rule_id}
    items, notes = timed("similar", lambda: similar_items(article, corpus_index))
    report.items += items
    report.notes += notes
    report.items += timed("terms", lambda: term_items(doc, article))
    report.items += timed("numbering", lambda: numbering_items(doc, article, reported))
    return report
