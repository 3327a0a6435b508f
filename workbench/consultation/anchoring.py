"""Comments follow their article into later versions through the article alignment.

A comment stores the element id, article label and quoted text of the version it was made on.
For a later version, :func:`lawtext.diff.align.align_documents` (never a second aligner) maps the
article to its successor(s); the quoted text then decides whether "本条已修改": the comment's own
words are looked for in the new article, with 第X条 numbers masked so that a renumbered
reference alone does not count as a change.
"""
from __future__ import annotations

from dataclasses import dataclass

from lawtext.diff.align import align_documents, mask_refs, old_to_new
from workbench.consultation.comments import Comment, element_suffix
from workbench.access.permissions import allowed
from workbench.documents.store import INTERNAL_LABEL, current_version, get_version
from lawtext.model import Article, LegalDocument

MODIFIED = "本条已修改"
DELETED = "本条已删除"


@dataclass
class AnchorView:
    comment_id: int
    status: str                 # whole | same | unchanged | modified | moved | deleted
    old_label: str | None
    new_label: str | None = None
    new_article_id: str | None = None
    new_element_id: str | None = None
    text_changed: bool = False
    version_display: str = ""

    @property
    def renumbered(self) -> bool:
        return bool(self.old_label and self.new_label and self.old_label != self.new_label)

    @property
    def message(self) -> str:
        """What to show next to the comment: 现为第六条 / 本条已修改 / 本条已删除 (joined by ；)."""
        if self.status == "deleted":
            return DELETED
        parts = []
        if self.renumbered:
            parts.append(f"现为{self.new_label}")
        if self.text_changed:
            parts.append(MODIFIED)
        return "；".join(parts)


def _contains(haystack: str, needle: str) -> bool:
    return mask_refs(needle) in mask_refs(haystack)


def _new_element(old_element: str, old_article_id: str, new: Article, quoted: str) -> str:
    """The element of ``new`` that corresponds to ``old_element`` (same relative position if its
    text still contains the quote, else any element that does, else the article)."""
    if old_element == old_article_id:
        return new.id
    rel = old_element[len(old_article_id):]
    elements = dict(new.elements())
    same = new.id + rel
    if same in elements and _contains(elements[same], quoted):
        return same
    for eid, text in elements.items():
        if quoted and _contains(text, quoted):
            return eid
    return same if same in elements else new.id


def follow(comment: Comment, old: LegalDocument, new: LegalDocument, mapping: dict[str, list[str]]) -> AnchorView:
    """Where ``comment`` (made on ``old``) sits in ``new`` given ``mapping`` = align.old_to_new(...)."""
    if not comment.article_id:
        return AnchorView(comment.id, "whole", None)
    targets = mapping.get(comment.article_id)
    if not targets:
        return AnchorView(comment.id, "deleted", comment.article_label)
    arts = [new.article(t) for t in targets]
    arts = [a for a in arts if a is not None]
    quoted = comment.quoted_text or ""
    art = next((a for a in arts if quoted and _contains(a.text, quoted)), arts[0])
    changed = not _contains(art.text, quoted) if quoted else False
    status = "modified" if changed else ("moved" if art.label != comment.article_label else "unchanged")
    return AnchorView(comment.id, status, comment.article_label, new_label=art.label, new_article_id=art.id,
                      new_element_id=_new_element(comment.element_id or art.id, comment.article_id, art, quoted),
                      text_changed=changed)


def public_version_id(db, document_id: int) -> int | None:
    """The newest version of the document that is not an internal draft (内部稿)."""
    row = db.execute("select id from versions where document_id = ? and label != ? order by seq desc limit 1",
                     [document_id, INTERNAL_LABEL]).fetchone()
    return row[0] if row else None


def _is_public(viewer, public: bool) -> bool:
    return public or (viewer is not None and not allowed(viewer, "document.view"))


def anchors(db, comments: list[Comment], target_version_id: int | None = None, *, viewer=None,
            public: bool = False) -> dict[int, AnchorView]:
    """Each comment's place in ``target_version_id`` (default: its document's current version —
    or, for a ``public`` audience or a ``viewer`` who may not read internal drafts (a contact
    point), the newest version that is not a 内部稿, so that an internal draft's structure never
    shows through "本条已删除" or "现为第×条").

    Trees and alignments are computed once per (comment version, target version) pair.
    """
    public = _is_public(viewer, public)
    trees: dict[int, LegalDocument] = {}
    maps: dict[tuple[int, int], dict[str, list[str]]] = {}
    out: dict[int, AnchorView] = {}

    def tree(vid: int) -> LegalDocument:
        if vid not in trees:
            trees[vid] = get_version(db, vid).tree
        return trees[vid]

    for c in comments:
        target = target_version_id or (public_version_id(db, c.document_id) if public else None) \
            or current_version(db, c.document_id).id
        if target == c.version_id:
            out[c.id] = AnchorView(c.id, "whole" if not c.article_id else "same", c.article_label,
                                   new_label=c.article_label, new_article_id=c.article_id,
                                   new_element_id=c.element_id)
        else:
            key = (c.version_id, target)
            if key not in maps:
                maps[key] = old_to_new(align_documents(tree(c.version_id), tree(target)))
            out[c.id] = follow(c, tree(c.version_id), tree(target), maps[key])
        out[c.id].version_display = get_version(db, target).display
    return out


def adopted_in(db, comment: Comment, *, viewer=None, public: bool = False) -> str:
    """'v2 送审稿 第六条' for an adopted comment linked to an article of a later version; "" when
    there is none or, for a public audience (see :func:`anchors`), when that version is a 内部稿."""
    if not (comment.adopted and comment.adopted_article_label and comment.adopted_version_id):
        return ""
    version = get_version(db, comment.adopted_version_id)
    if version.label == INTERNAL_LABEL and _is_public(viewer, public):
        return ""
    return f"{version.display} {comment.adopted_article_label}"


def describe(view: AnchorView, comment: Comment) -> str:
    """One line for lists and reports: 第五条第二款（现为第六条第二款；本条已修改）."""
    where = comment.target
    if view.status in ("whole", "same"):
        return where
    if view.status == "deleted":
        return f"{where}（{DELETED}）"
    notes = []
    new_where = (view.new_label or "") + element_suffix(view.new_element_id)
    if view.new_label and new_where != where:
        notes.append(f"现为{new_where}")
    if view.text_changed:
        notes.append(MODIFIED)
    return where + (f"（{'；'.join(notes)}）" if notes else "")
