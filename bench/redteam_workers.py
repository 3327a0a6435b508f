"""Child processes of bench/redteam.py (each scenario runs its hostile part in a process of its own).

    python bench/redteam_workers.py writer DB WRITER N        # N saves as one of the concurrent writers
    python bench/redteam_workers.py importer DB               # create documents until killed
    python bench/redteam_workers.py corpus SRC CORPUS_DB      # import a corpus folder (killed midway)
    python bench/redteam_workers.py hostile FILE              # read one hostile file; prints JSON figures

Every worker prints one JSON line on stdout (what it did), so the parent can compare what was
reported as saved with what the database holds.
"""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from base.errors import StaleWrite, WorkbenchError  # noqa: E402
from lawtext.parser import parse_file_text  # noqa: E402

DRAFT = "示例市犬只管理办法\n第一条 进程{w}第{i}次修改：为了规范养犬行为，制定本办法。\n第二条 本办法自公布之日起施行。\n"


def writer(db_path: str, w: str, n: str) -> dict:
    """Versions with optimistic concurrency (a StaleWrite is a refusal, never a loss), plus one
    comment-free audit-heavy action per round (a working-copy edit)."""
    from workbench.access.users import get_user
    from workbench.documents import working_copy as wcm
    from workbench.documents.store import add_version, get_document
    from workbench.schema import open_db
    db = open_db(db_path)
    user = get_user(db, "drafter1")
    saved, refused = [], 0
    for i in range(int(n)):
        parent = get_document(db, 1).current_version_id
        try:
            v = add_version(db, 1, parse_file_text(DRAFT.format(w=w, i=i)), label="修改稿", actor=user.username,
                            note=f"w{w}-{i}", expected_parent_id=parent)
            saved.append(v.id)
        except StaleWrite:
            refused += 1
            v = add_version(db, 1, parse_file_text(DRAFT.format(w=w, i=i)), label="修改稿", actor=user.username,
                            note=f"w{w}-{i}-retry")
            saved.append(v.id)
        wc = wcm.get(db, 2) or wcm.open_working_copy(db, 2, user)
        try:
            wcm.apply(db, 2, user, "edit", expected_row_version=wc.row_version, key="第一条",
                      text=f"进程{w}第{i}次修改工作稿。")
        except WorkbenchError:
            refused += 1
    return {"saved": saved, "refused": refused}


def importer(db_path: str) -> dict:
    from workbench.documents.store import create_document
    from workbench.schema import open_db
    db = open_db(db_path)
    n = 0
    while True:
        create_document(db, title=f"示例市测试办法{n}", level="GR", actor="drafter1",
                        tree=parse_file_text(DRAFT.format(w="i", i=n) * 20))
        n += 1


def corpus(src: str, corpus_db: str) -> dict:
    from corpus.importer import import_folder
    from corpus.store import open_corpus_db
    report = import_folder(src, open_corpus_db(corpus_db), build_index=False)
    return {"added": report.added, "unchanged": report.unchanged, "failed": len(report.failed)}


def _hwm_mb() -> float:
    """Peak resident memory of this process (VmHWM: unlike ru_maxrss, not inherited from the parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def hostile(path: str) -> dict:
    """One hostile file through the document reader and (.docx/.csv) the minutes reader."""
    from lawtext.files import read_bytes
    from lawtext.upload_guard import check_upload
    from workbench.consultation.comment_import import _csv_rows, _docx_lines
    p = Path(path)
    data = p.read_bytes()
    base = _hwm_mb()
    t0 = time.perf_counter()
    outcome = []
    readers = [lambda: read_bytes(data, p.name)]
    if p.suffix == ".docx":
        readers.append(lambda: (check_upload(data, p.name), _docx_lines(data, p.name)))   # as preview_import
    elif p.suffix == ".csv":
        readers = [lambda: _csv_rows(data, p.name)]
    for read in readers:
        try:
            read()
            outcome.append("accept")
        except WorkbenchError as e:
            outcome.append(f"refuse:{e.code}")
        except Exception as e:  # noqa: BLE001 - a crash is what is being counted
            outcome.append(f"crash:{type(e).__name__}")
    return {"file": p.name, "outcome": outcome, "seconds": time.perf_counter() - t0, "rss_before_mb": base,
            "peak_rss_mb": _hwm_mb()}


if __name__ == "__main__":
    kind, *rest = sys.argv[1:]
    print(json.dumps({"writer": writer, "importer": importer, "corpus": corpus, "hostile": hostile}[kind](*rest)),
          flush=True)
