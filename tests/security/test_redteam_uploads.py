"""Red-team issue 17, items 1, 3 and 15: one upload guard on every upload path, bounded resources.

The hostile set (tests/fixtures/make_hostile_files.py, generated per session) goes through the
three upload paths — document import (lawtext.files.read_bytes), 座谈会记录 import
(comment_import.preview_import) and the corpus folder import — and every file is either accepted
or refused with an InputError; nothing else escapes. One subprocess feeds every file through the
document and minutes readers and must stay under 500 MB peak RSS.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from base.errors import InputError
from lawtext.files import read_bytes
from workbench.access.users import get_user
from workbench.consultation.comment_import import preview_import
from workbench.schema import open_db

from make_hostile_files import generate

ROOT = Path(__file__).resolve().parents[2]

RSS_LIMIT_MB = 500


@pytest.fixture(scope="session")
def hostile(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile")
    return out, generate(out)


def _outcome(fn) -> tuple[str, str]:
    try:
        fn()
    except InputError as e:
        return "refuse", e.code
    except Exception as e:  # noqa: BLE001 - exactly what this test is looking for
        return "crash", f"{type(e).__name__}: {str(e)[:120]}"
    return "accept", ""


def _check(files, out: Path, path: str, run) -> list[str]:
    wrong = []
    for h in files:
        if path not in h.paths:
            continue
        got, detail = _outcome(lambda: run(h.name, (out / h.name).read_bytes()))
        if got != h.expect:
            wrong.append(f"{h.name}: expected {h.expect}, got {got} {detail} ({h.what})")
    return wrong


def test_document_import_accepts_or_refuses_every_hostile_file(hostile):
    out, files = hostile
    assert len(files) >= 35
    assert _check(files, out, "document", lambda name, data: read_bytes(data, name)) == []


def _consultation(db):
    row = db.execute("select id from consultations order by id desc limit 1").fetchone()
    return row[0]


def test_minutes_import_goes_through_the_same_guard(hostile, demo_db_path):
    """Item 1: the 座谈会记录 .docx path had no zip guard at all."""
    out, files = hostile
    db = open_db(demo_db_path)
    drafter = get_user(db, "drafter")
    cid = _consultation(db)
    point = db.execute("select id from contact_points order by id limit 1").fetchone()[0]

    def run(name, data):
        preview_import(db, drafter, cid, data, name, contact_point_id=point)
    assert _check(files, out, "minutes", run) == []


def test_minutes_zip_bomb_is_refused_as_a_bomb(hostile, demo_db_path):
    """Item 1: 0.9 MB .docx of 296 MB XML through the minutes import → refused as a zip bomb
    while inflating, before python-docx or lxml see it."""
    out, _files = hostile
    db = open_db(demo_db_path)
    with pytest.raises(InputError) as e:
        preview_import(db, get_user(db, "drafter"), _consultation(db), (out / "bomb_xml_296mb.docx").read_bytes(),
                       "纪要.docx", contact_point_id=1)
    assert e.value.code == "zip_bomb"


@pytest.mark.parametrize("name, code", [
    ("lying_usize_small.docx", "zip_bomb"),          # item 3: sizes declared by the archive are not trusted
    ("bomb_xml_varied_190mb.docx", "zip_bomb"),      # item 3: honest sizes, low ratio, still too much XML
    ("md_19mb_prose.md", "text_too_long"),           # item 3: text bounded before the parser builds a tree
    ("zip_version_field.docx", "zip_corrupt"),       # item 15: was an uncaught NotImplementedError
    ("zip_method_field.docx", "zip_method"),
])
def test_refusal_codes(hostile, name, code):
    out, _files = hostile
    with pytest.raises(InputError) as e:
        read_bytes((out / name).read_bytes(), name)
    assert e.value.code == code


def test_corpus_import_reports_hostile_files_and_keeps_the_rest(hostile, tmp_path):
    from corpus.importer import import_folder
    from corpus.store import open_corpus_db
    out, files = hostile
    src = tmp_path / "src"
    src.mkdir()
    chosen = [h for h in files if "corpus" in h.paths]
    for h in chosen:
        shutil.copyfile(out / h.name, src / h.name)
    report = import_folder(src, open_corpus_db(str(tmp_path / "corpus.db")), build_index=False)
    failed = {p for p, _ in report.failed}
    assert failed == {h.name for h in chosen if h.expect == "refuse"}
    assert report.added == sum(h.expect == "accept" for h in chosen)
    assert not any("解析失败" in e for _, e in report.failed)    # no parser crash behind a refusal


_RSS_SCRIPT = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from base.errors import InputError
from lawtext.files import read_bytes
from lawtext.upload_guard import check_upload
from workbench.consultation.comment_import import _csv_rows, _docx_lines
out = Path(sys.argv[2])
for name in json.loads(sys.argv[3]):
    data = (out / name).read_bytes()
    for fn in ((lambda: read_bytes(data, name)),
               (lambda: (check_upload(data, name), _docx_lines(data, name)) if name.endswith(".docx")   # as preview_import
                else _csv_rows(data, name))):
        try:
            fn()
        except InputError:
            pass
hwm = next(l for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM:"))
print(json.dumps({"peak_mb": int(hwm.split()[1]) / 1024}))   # VmHWM: not inherited from pytest, unlike ru_maxrss
"""


def test_peak_memory_of_every_hostile_file_stays_bounded(hostile):
    """Bounded resources: the whole hostile set through the document and minutes readers in one
    fresh process; its peak RSS (the largest file decides) stays under 500 MB."""
    out, files = hostile
    names = [h.name for h in files]
    proc = subprocess.run([sys.executable, "-c", _RSS_SCRIPT, str(ROOT), str(out), json.dumps(names)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    peak = json.loads(proc.stdout.strip().splitlines()[-1])["peak_mb"]
    assert peak < RSS_LIMIT_MB, f"peak RSS {peak:.0f} MB"


def test_filing_batch_zips_go_through_the_same_guard(hostile):
    """The 报备 batch upload (a .zip of filings) is one more upload path: the guard's bounded unzip
    refuses bombs (measured while inflating), lying sizes and corrupted fields under its codes."""
    from workbench.filing.sources import read_zip
    out, _files = hostile
    cases = {"bomb_ratio_zeros.docx": "filing.too_big", "lying_usize_small.docx": "filing.too_big",
             "too_many_members.docx": None, "zip_version_field.docx": "filing.bad_zip",
             "zip_method_field.docx": "filing.bad_zip", "zip_truncated.docx": "filing.bad_zip",
             "zip_path_traversal.docx": "filing.bad_zip"}
    for name, code in cases.items():
        try:
            read_zip((out / name).read_bytes(), name)
        except InputError as e:
            assert code is None or e.code == code, (name, e.code)
        else:
            assert code is None, name


def test_a_docx_whose_main_part_is_not_a_document_is_refused_not_crashed(tmp_path):
    """Found by bench/redteam.py's fuzzing: document.xml with another root element (a mutated tag)
    passed the guard and ended in AttributeError ('_Element' has no 'body') in both readers."""
    import io
    import re
    import zipfile
    from workbench.consultation.comment_import import _docx_lines
    base = ROOT / "tests" / "fixtures" / "docx" / "park_python_docx.docx"
    src = zipfile.ZipFile(base)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = re.sub(rb"<(/?)w:document\b", rb"<\1w:documenx", data)
            z.writestr(item, data)
    for read in (lambda b: read_bytes(b, "mutated.docx"), lambda b: _docx_lines(b, "mutated.docx")):
        with pytest.raises(InputError) as e:
            read(out.getvalue())
        assert "Word" in str(e.value)
