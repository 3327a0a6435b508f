"""The Chinese messages of corpus's coded errors: code → template with {named} parameters.

The one place to add or change a message an error of this package shows; raise sites pass
``code="…"`` and the parameters (``tests/architecture/test_messages.py`` keeps the two in step).
Registered by the package's ``__init__``; a code may be in one catalogue only."""
from __future__ import annotations

MESSAGES: dict[str, str] = {
    # corpus/amendments.py
    "amendments.find_law": "法规库中没有找到上位法：{law}",
    "amendments.pick_versions": "《{title}》在法规库中只有一个版本（{version_date}），没有可清理的修改。",
    "amendments.no_version_before": "《{title}》在 {since} 之前没有版本（最早的版本为 {version_date}）。",
    # corpus/importer.py
    "importer.import_folder": "文件夹不存在：{src}",
    # corpus/lookup.py
    "lookup.open_existing":
        "法规库数据库不存在或尚未导入法规：{path}。请先导入法规库（管理员在「法规库」页面导入，或运行 python -m workbench corpus build 法规文件夹 --db {path}），或用 --corpus-db 指定法规库数据库。",
    "lookup.resolve": "版本日期应为 YYYY-MM-DD：{date}（如 corpus:中华人民共和国立法法@2023-03-13）",
    "lookup.no_title_after_prefix": "请在 corpus: 之后写法规库中的法规标题或编号，如 corpus:中华人民共和国立法法",
    "lookup.no_version_on_date": "法规库中《{full}》没有 {date} 的版本（现有版本：{dates}）",
    "lookup.title_of": "法规库中没有标题为或包含「{text}」的法规",
    "lookup.ambiguous_title": "法规库中有 {n_titles} 部法规的标题包含「{text}」：{shown}。请写完整标题或法规编号。",
    # corpus/store.py
    "corpus.find_doc": "法规库中没有找到：{key}",
    "corpus.get_doc": "法规库中没有编号为 {doc_id} 的文件",
    "corpus.set_repealed": "《{title}》已经是「{status}」状态",
    "corpus.not_repealed": "《{title}》未被标记为已废止",
}
