"""The red-team regressions (issue 17) reuse the helpers of tests/workbench and the hostile-file
generator of tests/fixtures."""
from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
for folder in ("workbench", "fixtures"):
    if str(TESTS / folder) not in sys.path:
        sys.path.insert(0, str(TESTS / folder))
