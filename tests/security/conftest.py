"""The red-team regressions of issue 17: each item has a test that failed before its fix.

 1 座谈会记录 zip bomb            test_redteam_uploads (minutes path, bomb code, peak RSS)
 2 CLI without permissions        test_redteam_cli_permissions
 3 declared sizes, huge texts     test_redteam_uploads (lying sizes, varied XML, 19 MB Markdown)
 4 audit log without a secret     test_redteam_audit
 5 no backup/restore              test_redteam_backup
 6 four eyes vs role change       test_redteam_review
 7 corpus import outside folder   test_redteam_corpus
 8 C0 control characters          test_redteam_text, test_redteam_uploads (NUL after 8 KB)
 9 corpus linking not resumed     test_redteam_corpus
10 internal draft via anchoring   test_redteam_internal_draft
11 login throttling, timing       test_redteam_accounts
12 demo accounts, first password  test_redteam_accounts, tests/app/test_redteam_markdown
13 deactivated account acting     test_redteam_accounts
14 remote images in Markdown      tests/app/test_redteam_markdown, tests/browser/test_redteam_browser
15 zip version field traceback    test_redteam_uploads, tests/app/test_redteam_import_page
16 bidi controls                  test_redteam_text
17 signature revived by restore   test_redteam_review
18 unknown level traceback        test_redteam_cli_input
19 check.run/corpus without user  test_redteam_core_permissions, test_redteam_cli_permissions

They reuse the helpers of tests/workbench and the hostile-file generator of tests/fixtures."""
from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
for folder in ("workbench", "fixtures"):
    if str(TESTS / folder) not in sys.path:
        sys.path.insert(0, str(TESTS / folder))
