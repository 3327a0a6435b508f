"""Helpers of the 备案审查 tests: real filed texts (the project's examples and the generated 示例市
filings of bench/filing_samples.py), real materials read through workbench.filing.materials."""
from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from filing_samples import generate  # noqa: E402

from workbench.filing.intake import FilingInput, register_filing  # noqa: E402
from workbench.filing.materials import read_material  # noqa: E402
from workbench.filing.organs import add_organ  # noqa: E402

EXAMPLES = ROOT / "examples"
FIXTURES = ROOT / "tests" / "fixtures" / "filing"
TEXT_PDF = FIXTURES / "示例市电动自行车管理规定.pdf"
ND_TEXT = EXAMPLES / "nd-property-services.txt"
ORGAN = "示例市住房和城乡建设局"


def material(name: str, text: str):
    return read_material(text.encode("utf-8"), name)


def complete_materials(text_path: Path = ND_TEXT, *, data: bytes | None = None, name: str | None = None):
    """The 正式文本 plus 备案报告, 起草说明 and 合法性审核意见 (what an ND filing needs)."""
    return [read_material(data if data is not None else text_path.read_bytes(), name or text_path.name),
            material("备案报告.txt", "关于报送备案的报告\n现将该文件报送备案，请予审查。"),
            material("起草说明.txt", "起草说明\n一、制定的必要性\n二、主要内容"),
            material("合法性审核意见.txt", "合法性审核意见\n经审核，同意印发。")]


def scanned_pdf() -> bytes:
    """A PDF holding only a picture of a page (what a scanner produces): no text layer."""
    from PIL import Image, ImageDraw
    img = Image.new("RGB", (620, 877), "white")
    ImageDraw.Draw(img).rectangle([60, 80, 560, 120], fill="black")
    buf = io.BytesIO()
    img.save(buf, format="PDF")
    return buf.getvalue()


def setup_organ(db, user, name: str = ORGAN):
    return add_organ(db, user, name, "市政府部门", contact_person="张联络", phone="0000-1234567")


def file_nd(db, user, organ, *, published: str = "2026-01-05", filed: str = "2026-01-12", complete: bool = True):
    mats = complete_materials() if complete else complete_materials()[:1]
    return register_filing(db, user, organ.id, mats, FilingInput(level="ND", published_on=published, filed_on=filed))


__all__ = ["generate", "material", "complete_materials", "scanned_pdf", "setup_organ", "file_nd", "TEXT_PDF",
           "ND_TEXT", "ORGAN", "FilingInput", "register_filing", "read_material"]
