"""Helpers for corpus tests: copy a small real subset of ../shared/corpus (with its own
manifest.tsv) into a temporary folder. Texts are copied at test time, never stored in the repo."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

# Files the tests name explicitly; every 20th manifest row is added for breadth.
NAMED = [
    "经济法/动物防疫法(2021-01-22).md",
    "行政法/行政处罚法(2021-01-22).md",
    "宪法相关法/立法法(2015-03-15).md",
    "宪法相关法/立法法(2023-03-13).md",
    "行政法规/道路运输条例(2019-03-02).md",
    "DLC/上海地方法规/地方性法规/上海/上海市优化营商环境条例(2020-04-10).md",
    "DLC/上海地方法规/地方性法规/上海/上海市养犬管理条例.md",
    "DLC/上海地方法规/地方性法规/上海/上海市动物防疫条例.md",
    "DLC/北京地方法规/地方性法规/北京/北京市养犬管理规定.md",
    "DLC/北京地方法规/地方性法规/北京/北京市动物防疫条例(2019-07-26).md",
    "DLC/山东地方法规/地方性法规/山东/东营市养犬管理条例(2017-10-11).md",
    "DLC/山东地方法规/地方性法规/山东/山东省动物防疫条例(2021-12-03).md",
    "DLC/山东地方法规/地方性法规/山东/山东省优化营商环境条例(2020-09-25).md",
    "DLC/山东地方法规/地方性法规/山东/济南市优化营商环境条例(2022-01-21).md",
    # an empty-bodied file of the real corpus: the importer must report it and go on
    "DLC/重庆地方法规/地方性法规/重庆/重庆市实施《国家赔偿法》办法(2012-09-27).md",
]
EMPTY_BODY = NAMED[-1]
SHANGHAI_2020 = NAMED[5]
SHANGHAI_2024 = "DLC/上海地方法规/地方性法规/上海/上海市优化营商环境条例(2024-09-27).md"


def manifest_rows(corpus_dir: Path) -> list[dict]:
    with (corpus_dir / "manifest.tsv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def subset_rows(corpus_dir: Path, step: int = 20) -> list[dict]:
    rows = manifest_rows(corpus_dir)
    by_path = {r["path"]: r for r in rows}
    chosen = {p for p in NAMED} | {r["path"] for r in rows[::step]}
    # follow superseded_by so every chain in the subset is complete
    todo = list(chosen)
    while todo:
        nxt = by_path[todo.pop()]["superseded_by"]
        if nxt and nxt not in chosen:
            chosen.add(nxt)
            todo.append(nxt)
    return [r for r in rows if r["path"] in chosen]


def copy_files(corpus_dir: Path, dst: Path, paths: list[str]) -> list[dict]:
    """Copy the named files of the corpus with their manifest rows (written to dst/manifest.tsv)."""
    wanted = set(paths)
    return _copy_rows(corpus_dir, dst, [r for r in manifest_rows(corpus_dir) if r["path"] in wanted])


def copy_subset(corpus_dir: Path, dst: Path, step: int = 20) -> list[dict]:
    """Copy the subset and write its manifest.tsv; returns the manifest rows copied."""
    return _copy_rows(corpus_dir, dst, subset_rows(corpus_dir, step))


def _copy_rows(corpus_dir: Path, dst: Path, rows: list[dict]) -> list[dict]:
    for r in rows:
        target = dst / r["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus_dir / r["path"], target)
    with (dst / "manifest.tsv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return rows


def add_broken_files(dst: Path) -> list[str]:
    """Files that must be reported and skipped: a fake .docx and a binary .txt."""
    (dst / "来稿").mkdir(exist_ok=True)
    (dst / "来稿" / "损坏的条例.docx").write_bytes(b"this is not a zip file at all")
    (dst / "来稿" / "乱码.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    return ["来稿/损坏的条例.docx", "来稿/乱码.txt"]


# A small draft written for the tests: 第二条 turns 动物防疫法 第三十条's 应当 into 可以; 第三条 raises
# 第九十四条's fines tenfold; 第四条 is 山东省动物防疫条例 第二十八条 with 应当 → 可以.
DRAFT_JINAN = """济南市养犬管理条例（草案）

第一条 为了规范养犬行为，保障公民健康和人身安全，维护市容环境和社会公共秩序，根据《中华人民共和国动物防疫法》等法律、法规，结合本市实际，制定本条例。

第二条 单位和个人饲养犬只，可以按照规定定期免疫接种狂犬病疫苗，凭动物诊疗机构出具的免疫证明向所在地养犬登记机关申请登记。

第三条 违反本条例规定，犬只的运载工具、垫料、包装物、容器等不符合动物防疫要求的，由县级以上地方人民政府农业农村主管部门责令改正，可以处一万元以下罚款；情节严重的，处一万元以上十万元以下罚款。

第四条 县级以上人民政府卫生健康主管部门和动物防疫、野生动物保护等主管部门，建立布鲁氏菌病、结核病、狂犬病等人畜共患传染病防治的协作机制，组织开展易感动物和相关人群的人畜共患传染病监测工作，定期通报监测结果；发生人畜共患传染病时，可以及时相互通报信息，并按照各自职责采取相应的防控措施。

第五条 本条例自2026年1月1日起施行。
"""


WILDLIFE_FILES = ["经济法/野生动物保护法(2018-10-26).md", "经济法/野生动物保护法(2022-12-30).md",
                  "DLC/北京地方法规/地方性法规/北京/北京市野生动物保护管理条例(2020-04-24).md",
                  "DLC/山东地方法规/地方性法规/山东/山东省实施《野生动物保护法》办法(2018-01-23).md",
                  "行政法规/长江河道采砂管理条例(2023-07-20).md"]


def build_wildlife_db(corpus_dir: Path, src: Path, db_path: Path) -> str:
    """A corpus database with 野生动物保护法 2018 and 2022, two local regulations restating it and a
    single-version regulation (for 清理)."""
    from corpus.importer import import_folder
    from corpus.store import open_corpus_db
    copy_files(corpus_dir, src, WILDLIFE_FILES)
    db = open_corpus_db(str(db_path))
    report = import_folder(src, db)
    db.close()
    assert report.added == len(WILDLIFE_FILES) and not report.failed
    return str(db_path)
