"""Rewrite the reference images of the letters' visual regression test (tests/data/visual/) after an
intended change of the layout; look at them before committing.

    .venv/bin/python scripts/visual_refs.py
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "workbench")]

from visual_helpers import REFERENCES, write_references  # noqa: E402

if __name__ == "__main__":
    n = write_references()
    print(f"已写出 {n} 页参考图像：{REFERENCES}")
