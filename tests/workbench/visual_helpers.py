"""The visual regression of the letters (issue 19): a 合法性审核意见书 built from fixed data, rendered by
LibreOffice to PDF and rasterised by pdftoppm, compared page by page with reference images kept in
tests/data/visual/ (``python scripts/visual_refs.py`` rewrites them after an intended change).

The letter is deterministic: a fresh database, the example 规章, a plan project naming the
responsible unit, a fixed list of findings, the sign-off pinned to 2026-11-20 10:00 北京时间.
"""
from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from base import audit
from checks.finding import Finding
from lawtext.files import read_path
from workbench.access.users import create_user
from workbench.documents.store import create_document
from workbench.procedure.plan import add_project
from workbench.review import store
from workbench.review.opinion_docx import review_docx
from workbench.schema import open_db

ROOT = Path(__file__).resolve().parents[2]
REFERENCES = ROOT / "tests" / "data" / "visual"
DPI = 40
SIGNED_AT = "2026-11-20T02:00:00+00:00"
# tolerance: mean absolute grey-level difference, and the share of pixels that differ by more than 80
MAX_MEAN_DIFF = 2.5
MAX_CHANGED_SHARE = 0.006

FINDINGS = [
    dict(rule="LIC-DISGUISED", severity="error", head=4, element_id="art-10", article_label="第十条",
         message="备案、登记等被设定为开展活动的前提或以处罚强制，构成变相行政许可。",
         basis="《中华人民共和国行政许可法》第十五条至第十七条"),
    dict(rule="PEN-RULE-TYPE", severity="error", head=4, element_id="art-22", article_label="第二十二条",
         message="政府规章只能设定警告、通报批评或者一定数额罚款，不得设定「没收」。",
         basis="《中华人民共和国行政处罚法》第十四条第一款、第二款"),
    dict(rule="DRAFT-INTERP", severity="error", head=6, element_id="art-27", article_label="第二十七条",
         message="规章的解释权属于制定规章的人民政府，不得交由工作部门。",
         basis="《规章制定程序条例》第三十三条"),
    dict(rule="FCR-PROCESS", severity="error", head=7, message="草案涉及经营者经济活动，出台前须进行公平竞争审查并形成书面审查结论。",
         basis="《公平竞争审查条例》第十三条"),
    dict(rule="PEN-RULE-FINE-CAP", severity="warning", head=4, element_id="art-21", article_label="第二十一条",
         message="规章设定的罚款最高二万元，超过本地区规章罚款限额（非经营活动一千元）。"),
    dict(rule="BIZ-CONSULT", severity="warning", head=7, message="未见对企业意见的集中反馈（对集中意见不予采纳的应当说明理由）。"),
]


def build_opinion(db_path: str, *, issuer: str = "") -> bytes:
    """The 意见书 of the fixed review in a new database at ``db_path`` (``issuer``: another 发文机关)."""
    saved = {k: os.environ.pop(k, None) for k in ENV}
    if issuer:
        os.environ["WORKBENCH_ISSUER"] = issuer
    try:
        return _build(db_path)
    finally:
        for k, v in saved.items():
            os.environ.pop(k, None)
            if v is not None:
                os.environ[k] = v


ENV = ("WORKBENCH_ISSUER", "WORKBENCH_ISSUER_CODE", "WORKBENCH_NUMBER_PATTERN", "WORKBENCH_NUMBER_CLASSES")


def _build(db_path: str) -> bytes:
    db = open_db(db_path)
    admin = create_user(db, "admin", "admin123", "admin", display_name="王立新")
    advisor = create_user(db, "advisor", "advisor123", "advisor", display_name="赵律师")
    doc, v = create_document(db, title="示例市养犬管理办法", level="GR", issuing_body="示例市人民政府", label="送审稿",
                             tree=read_path(ROOT / "examples" / "gr-dog-management-v2.md"), actor="drafter")
    add_project(db, admin, year=2026, kind="制定", title=doc.title, level="GR", responsible_unit="示例市公安局",
                document_id=doc.id)
    r = store.create_review(db, v.id, actor=advisor, findings=[Finding(**f) for f in FINDINGS])
    for i in r.items:
        if i.severity == "error":
            store.dispose(db, r.id, i.seq, "确认", actor=advisor)
        else:
            store.dispose(db, r.id, i.seq, "不采纳", actor=advisor, reason="经核对，该条表述有上位法依据。")
    store.set_opinion(db, r.id, "修改后合法", actor=advisor, text="请起草单位按上述意见修改后报送。")
    real = audit.now_iso
    audit.now_iso = lambda: SIGNED_AT
    try:
        store.sign(db, r.id, actor=advisor)
    finally:
        audit.now_iso = real
    data = review_docx(db, r.id)
    db.close()
    return data


def render_pages(docx: bytes, work: Path, dpi: int = DPI) -> list[Image.Image]:
    """The pages of a .docx as LibreOffice prints them, in grey, at ``dpi``."""
    work.mkdir(parents=True, exist_ok=True)
    src = work / "letter.docx"
    src.write_bytes(docx)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{work}/lo_profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(work), str(src)], check=True, capture_output=True, timeout=180)
    for old in work.glob("page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(work / "letter.pdf"), str(work / "page")],
                   check=True, capture_output=True, timeout=120)
    return [Image.open(p).convert("L") for p in sorted(work.glob("page-*.png"))]


def difference(a: Image.Image, b: Image.Image) -> tuple[float, float]:
    """(mean absolute grey difference, share of pixels differing by more than 80); pages of a
    different size differ completely."""
    if a.size != b.size:
        return 255.0, 1.0
    x, y = np.asarray(a, dtype=np.int16), np.asarray(b, dtype=np.int16)
    d = np.abs(x - y)
    return float(d.mean()), float((d > 80).mean())


def reference_pages() -> list[Image.Image]:
    return [Image.open(p).convert("L") for p in sorted(REFERENCES.glob("opinion-*.png"))]


def write_references() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        pages = render_pages(build_opinion(str(Path(tmp) / "visual.db")), Path(tmp) / "render")
        for old in REFERENCES.glob("opinion-*.png"):
            old.unlink()
        REFERENCES.mkdir(parents=True, exist_ok=True)
        for n, page in enumerate(pages, 1):
            page.save(REFERENCES / f"opinion-{n}.png", optimize=True)
    return len(pages)
