"""Fuzzing of the upload readers for bench/redteam.py: inputs mutated from valid files.

Seeds: the park regulation as .docx (python-docx, tracked changes, automatic numbering), as UTF-8
Markdown, GB18030 text, and a CSV of 座谈会 minutes. Mutations: byte flips, truncation, a chunk
duplicated or inserted, random bytes spliced in, and — for .docx — one XML part mutated and the
archive re-packed (so that the mutation reaches the XML and numbering readers instead of failing
the CRC). Every input goes through lawtext.files.read_bytes (documents) or the minutes reader; the
outcome is accepted, refused (the coded InputError) or a crash (anything else).
"""
from __future__ import annotations

import io
import random
import time
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def _seeds() -> list[tuple[str, bytes]]:
    text = (FIXTURES / "text" / "park_regulation.txt").read_bytes()
    seeds = [(f"s{i}.docx", (FIXTURES / "docx" / name).read_bytes())
             for i, name in enumerate(("park_python_docx.docx", "park_tracked.docx", "park_autonumber.docx"))]
    seeds += [("s.md", b"# " + text), ("s.txt", text.decode().encode("gb18030")),
              ("s.csv", "意见,条款,人数\n建议延长登记期限,第五条,3\n第六条罚款过高,第六条,2\n".encode())]
    return seeds


def _mutate_bytes(data: bytes, rnd: random.Random) -> bytes:
    b = bytearray(data)
    kind = rnd.randrange(5)
    if kind == 0:
        for _ in range(rnd.randint(1, 20)):
            b[rnd.randrange(len(b))] = rnd.randrange(256)
    elif kind == 1:
        b = b[:rnd.randrange(1, len(b))]
    elif kind == 2:
        i, j = sorted(rnd.randrange(len(b)) for _ in range(2))
        b[j:j] = b[i:j][:4096]
    elif kind == 3:
        i = rnd.randrange(len(b))
        b[i:i] = rnd.randbytes(rnd.randint(1, 64))
    else:
        i = rnd.randrange(len(b))
        b[i:i + rnd.randint(1, 200)] = b""
    return bytes(b)


def _mutate_docx_part(data: bytes, rnd: random.Random) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    xml = [n for n in members if n.endswith(".xml")]
    name = "word/document.xml" if rnd.random() < 0.6 else rnd.choice(xml)
    members[name] = _mutate_bytes(members[name], rnd)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, blob in members.items():
            zf.writestr(n, blob)
    return buf.getvalue()


def _read(name: str, data: bytes) -> None:
    from lawtext.files import read_bytes
    from workbench.consultation.comment_import import _csv_rows
    if name.endswith(".csv"):
        _csv_rows(data, name)
    else:
        read_bytes(data, name)


def fuzz(n: int, rnd: random.Random, work: Path | None = None) -> dict:
    from base.errors import WorkbenchError
    seeds = _seeds()
    outcomes: Counter = Counter()
    crashes: Counter = Counter()
    t0 = time.perf_counter()
    for i in range(n):
        name, seed = seeds[i % len(seeds)]
        data = _mutate_docx_part(seed, rnd) if name.endswith(".docx") and rnd.random() < 0.5 else \
            _mutate_bytes(seed, rnd)
        try:
            _read(name, data)
            outcomes["accept"] += 1
        except WorkbenchError:
            outcomes["refuse"] += 1
        except Exception as e:  # noqa: BLE001 - the crashes are what is counted
            outcomes["crash"] += 1
            key = f"{name.split('.')[-1]}:{type(e).__name__}: {str(e)[:60]}"
            if work is not None and not crashes[key]:
                (work / f"crash-{i}-{name}").write_bytes(data)
            crashes[key] += 1
    seconds = time.perf_counter() - t0
    print(f"5. 模糊测试 {n} 个输入：接受 {outcomes['accept']}，拒绝 {outcomes['refuse']}，崩溃 {outcomes['crash']}；"
          f"用时 {seconds:.1f} s（每个 {seconds / max(n, 1) * 1000:.1f} ms）"
          + "".join(f"\n   {k} ×{v}" for k, v in crashes.most_common(10)))
    return {"outcomes": dict(outcomes), "crashes": dict(crashes), "seconds": seconds}
