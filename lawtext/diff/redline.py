"""A comparison of two article trees: alignment + per-pair word diff + flags + summary.

One object feeds the CLI (``diff --json``), the app page 对照 and both .docx exports, so they
always show the same redline.

JSON shape of a pair (``PairDiff.to_json``): ``old`` / ``new`` are the article labels, or null on
the missing side. For ``split`` (one old → several new) ``new`` is the first new label and
``new_all`` lists all of them; for ``merged`` ``old`` is the first old label and ``old_all`` lists
all. ``flags`` merges the substantive kinds (modal, amount, period, ratio, body, items) with the
structural ones from the alignment (renumbered, path_changed, refs_only, text_changed).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from lawtext.diff.align import STATUSES, ArticlePair, align_documents
from lawtext.diff.inline import FLAG_NAMES, DiffOp, Flag, diff_words, substantive_flags
from lawtext.model import Article, LegalDocument

STATUS_NAMES = {"unchanged": "未修改", "modified": "修改", "moved": "移动", "inserted": "新增", "deleted": "删除",
                "split": "拆分", "merged": "合并"}


@dataclass
class PairDiff:
    pair: ArticlePair
    old_text: str
    new_text: str
    ops: list[DiffOp]
    flags: list[Flag] = field(default_factory=list)
    # moves, in words (filled by compare): where a moved article went, and for the article it was
    # moved in front of, the old labels of the articles moved there
    moved_to: str = ""
    displaced_by: list[tuple[str, str]] = field(default_factory=list)   # (old labels, 之前/之后)

    @property
    def status(self) -> str:
        return self.pair.status

    @property
    def changed(self) -> bool:
        return self.pair.status != "unchanged"

    @property
    def listed(self) -> bool:
        """Shown in a table of changes: changed, or an article something was moved in front of
        (without it the reader cannot tell what the move was about)."""
        return self.changed or bool(self.displaced_by)

    @property
    def old_label(self) -> str | None:
        return self.pair.old_labels[0] if self.pair.old_labels else None

    @property
    def new_label(self) -> str | None:
        return self.pair.new_labels[0] if self.pair.new_labels else None

    @property
    def key(self) -> str:
        """A stable key for this row (used for 说明 overrides): old ids → new ids."""
        return ",".join(self.pair.old_ids) + "→" + ",".join(self.pair.new_ids)

    @property
    def flag_kinds(self) -> list[str]:
        return [f.kind for f in self.flags]

    def all_flags(self) -> list[str]:
        return self.flag_kinds + [f for f in self.pair.flags if f not in self.flag_kinds]

    def to_json(self) -> dict:
        d = {"old": self.old_label, "new": self.new_label, "status": self.status,
             "similarity": round(self.pair.similarity, 2), "flags": self.all_flags()}
        if len(self.pair.new_labels) > 1:
            d["new_all"] = list(self.pair.new_labels)
        if len(self.pair.old_labels) > 1:
            d["old_all"] = list(self.pair.old_labels)
        return d


@dataclass
class Comparison:
    old: LegalDocument
    new: LegalDocument
    items: list[PairDiff]

    @property
    def pairs(self) -> list[ArticlePair]:
        return [i.pair for i in self.items]

    @property
    def changed_items(self) -> list[PairDiff]:
        return [i for i in self.items if i.changed]

    def summary(self) -> dict:
        """Counts per status, the headline counts (added/deleted/moved/modified) and per flag kind.

        ``added`` counts new articles that are not matched to an old one; ``modified`` counts
        pairs whose text changed (modified, split, merged, and moved with text changes)."""
        by_status = {s: 0 for s in STATUSES}
        flags = {k: 0 for k in FLAG_NAMES}
        for i in self.items:
            by_status[i.status] += 1
            for k in set(i.flag_kinds):
                flags[k] += 1
        modified = sum(1 for i in self.items if i.status in ("modified", "split", "merged")
                       or (i.status == "moved" and "text_changed" in i.pair.flags))
        return {
            "old_articles": len(self.old.articles), "new_articles": len(self.new.articles),
            "added": by_status["inserted"], "deleted": by_status["deleted"], "moved": by_status["moved"],
            "modified": modified, "unchanged": by_status["unchanged"],
            "renumbered": sum(1 for i in self.items if "renumbered" in i.pair.flags),
            "by_status": by_status, "flags": flags,
        }

    def to_json(self) -> dict:
        return {"pairs": [i.to_json() for i in self.items], "summary": self.summary()}


def _joined(articles: list[Article]) -> str:
    return "\n".join(a.text for a in articles)


def compare(old: LegalDocument, new: LegalDocument, pairs: list[ArticlePair] | None = None) -> Comparison:
    """Align (unless ``pairs`` is given) and diff every pair article by article."""
    if pairs is None:
        pairs = align_documents(old, new)
    old_by_id = {a.id: a for a in old.articles}
    new_by_id = {a.id: a for a in new.articles}
    items: list[PairDiff] = []
    for p in pairs:
        ot = _joined([old_by_id[i] for i in p.old_ids])
        nt = _joined([new_by_id[i] for i in p.new_ids])
        if p.status == "unchanged":
            ops = [DiffOp("equal", ot)] if ot else []
            flags: list[Flag] = []
        elif not p.old_ids:
            ops, flags = [DiffOp("insert", nt)], []
        elif not p.new_ids:
            ops, flags = [DiffOp("delete", ot)], []
        else:
            ops, flags = diff_words(ot, nt), substantive_flags(ot, nt)
        items.append(PairDiff(p, ot, nt, ops, flags))
    _describe_moves(items, new)
    return Comparison(old, new, items)


def _describe_moves(items: list[PairDiff], new: LegalDocument) -> None:
    """For each moved article: the article of the old text it now stands before (or after, at
    the end), named by its old label, and note the move on that article's row."""
    order = [a.id for a in new.articles]
    item_of = {nid: it for it in items for nid in it.pair.new_ids}
    for it in items:
        if it.status != "moved":
            continue
        ids = it.pair.new_ids
        first, last = order.index(ids[0]), order.index(ids[-1])
        after = [item_of[x] for x in order[last + 1:] if item_of[x].pair.old_ids and item_of[x].status != "moved"]
        before = [item_of[x] for x in reversed(order[:first])
                  if item_of[x].pair.old_ids and item_of[x].status != "moved"]
        olds = "、".join(it.pair.old_labels)
        if after:
            anchor, where = after[0], "之前"
        elif before:
            anchor, where = before[0], "之后"
        else:
            continue
        a_old, a_new = "、".join(anchor.pair.old_labels), "、".join(anchor.pair.new_labels)
        it.moved_to = f"原{olds}移至原{a_old}{where}" + (f"（原{a_old}现为{a_new}）" if a_old != a_new else "")
        anchor.displaced_by.append((olds, where))


def default_note(item: PairDiff) -> str:
    """The 说明 a 对照表 row starts with: the kind of change, in Chinese."""
    p = item.pair
    olds, news = "、".join(p.old_labels), "、".join(p.new_labels)
    if p.status == "inserted":
        text = "新增条款"
    elif p.status == "deleted":
        text = "删除条款"
    elif p.status == "split":
        text = f"将原{olds}拆分为{news}"
    elif p.status == "merged":
        text = f"将原{olds}合并为{news}"
    elif p.status == "moved":
        text = (f"条文位置调整：{item.moved_to}" if item.moved_to else f"条文位置调整（原{olds}）") \
            + ("，并修改内容" if "text_changed" in p.flags else "")
    elif p.status == "unchanged":
        text = f"条文序号调整（原{olds}）" if "renumbered" in p.flags else "未修改"
        moves = "；".join(f"原{m}移至本条{w}" for m, w in item.displaced_by)
        if moves:
            text += f"：{moves}" if "renumbered" in p.flags else f"（{moves}）"
    elif "refs_only" in p.flags:
        text = "因条文序号调整，相应修改所引用的条文序号"
    else:
        text = "修改内容"
        if "renumbered" in p.flags:
            text += f"（原{olds}）"
    if item.flags:
        text += "；涉及" + "、".join(f.name for f in item.flags)
    return text
