"""Visual regression of the 合法性审核意见书 (issue 19): rendered by LibreOffice, compared page by page
with the reference images in tests/data/visual/ within a small tolerance (visual_helpers)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from visual_helpers import MAX_CHANGED_SHARE, MAX_MEAN_DIFF, build_opinion, difference, reference_pages, \
    render_pages  # noqa: E402


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    work = tmp_path_factory.mktemp("visual")
    return render_pages(build_opinion(str(work / "visual.db")), work / "render")


def test_the_opinion_looks_like_its_reference_page_by_page(rendered):
    refs = reference_pages()
    assert refs, "no reference images: run scripts/visual_refs.py"
    assert len(rendered) == len(refs), f"{len(rendered)} pages, the reference has {len(refs)}"
    for n, (page, ref) in enumerate(zip(rendered, refs), 1):
        mean, share = difference(page, ref)
        assert mean <= MAX_MEAN_DIFF and share <= MAX_CHANGED_SHARE, \
            f"page {n}: mean difference {mean:.2f}, {share:.2%} of pixels changed"


def test_the_comparison_sees_a_changed_letter(rendered, tmp_path):
    """The tolerance is not so loose that a different letter passes: another issuer's name in the
    masthead, title and signature changes page 1 beyond it."""
    other = render_pages(build_opinion(str(tmp_path / "other.db"), issuer="示例市人民政府办公室"), tmp_path / "render")
    mean, share = difference(other[0], rendered[0])
    assert mean > MAX_MEAN_DIFF or share > MAX_CHANGED_SHARE, (mean, share)
