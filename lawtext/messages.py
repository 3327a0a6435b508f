"""The Chinese messages of lawtext's coded errors: code → template with {named} parameters.

The one place to add or change a message an error of this package shows; raise sites pass
``code="…"`` and the parameters (``tests/architecture/test_messages.py`` keeps the two in step).
Registered by the package's ``__init__``; a code may be in one catalogue only."""
from __future__ import annotations

MESSAGES: dict[str, str] = {
    # lawtext/model.py
    "level.unknown": "未知的文件层级：{value}（可用：LR/GR/ND 或 地方性法规/政府规章/行政规范性文件）",
    # lawtext/docx/io.py
    "docx.open_docx": "无法读取 Word 文件 {name}：文件已损坏或不是 .docx 格式（{error_type}）",
    "docx.malformed": "无法读取 Word 文件 {name}：内容格式错误（{error_type}）",
    "docx_not_document": "无法读取 Word 文件 {name}：主文档部分不是 Word 正文（文件已损坏）",
    "docx.read_docx": "无法读取 Word 文件 {name} 的正文：{error_type}",
    # lawtext/editing.py
    "editing.apply_operation": "未知的编辑操作：{op_}",
    "editing.clean_title": "章节标题不能为空。",
    "editing.bad_heading_title": "章节标题过长或含有句号，请只填写标题（如「监督管理」）。",
    "editing.delete_heading": "「{text}」下有非条文段落，请先处理这些段落再删除标题。",
    "editing.find_article": "条文不存在：{key}",
    "editing.find_heading": "章节不存在：{key}",
    "editing.heading_kind": "未知的章节类型：{kind}（可用：编、分编、章、节）",
    "editing.index": "元素不在文档中",
    "editing.insert_article": "插入位置只能指定「之前」或「之后」其中之一。",
    "editing.move_article": "移动条文需要且只需要指定一个目标位置（之前或之后）。",
    "editing.move_onto_itself": "不能将条文移动到其自身的位置。",
    "editing.move_article_down": "{label}已在最后，无法下移。",
    "editing.move_article_up": "{label}已在最前，无法上移。",
    "editing.move_heading": "移动方向只能是 up 或 down。",
    "editing.heading_first": "「{text}」已是同级第一个，无法上移。",
    "editing.heading_last": "「{text}」已是同级最后一个，无法下移。",
    "editing.parse_article_text": "条文内容不能为空；如需删除本条，请使用「删除」。",
    "editing.new_numbering_in_text": "文本中含有新的条或章节标号（{bad}）：每次只编辑一条，新增条文请用「插入」，章节请用章节操作。",
    "editing.not_one_article": "无法将文本解析为一条条文，请检查格式。",
    "editing.appendix_in_article": "条文中不能包含附件（{appendix}）：附件请在文档末尾处理。",
    # lawtext/files.py
    "binary": "文件 {filename} 看起来是二进制文件，不是文本（含有 NUL 字符）",
    "files.decode_text": "无法解码文件 {filename}：UTF-16 内容损坏",
    "files.unknown_encoding": "无法识别文件 {filename} 的文字编码（支持 UTF-8、GBK/GB18030）",
    "files.read_bytes": "不支持的文件类型：{ext}（支持 .docx、.md、.txt）",
    "files.binary_content": "文件 {name} 的内容与扩展名 {ext} 不符（看起来是 Word/PDF 等二进制文件）",
    "files.no_articles": "文件 {name} 中没有找到任何条文或正文",
    "files.read_path": "文件不存在：{p}",
    # lawtext/upload_guard.py
    "docx_no_body": "文件 {name} 不是 Word 文档：缺少正文部分 {main_part}（可能是其他格式改了扩展名）",
    "empty": "文件 {name} 是空文件",
    "not_docx": "文件 {name} 不是有效的 Word (.docx) 文件：内容与扩展名不符或文件已损坏",
    "not_regular_file": "{name} 不是普通文件，未读取",
    "text_too_long": "文件 {name} 的文字过多：{n_text:,} 字，上限为 {max_text_chars:,} 字",
    "too_large": "文件 {name} 过大：{size_mb:.1f} MB，上限为 {limit_mb:.0f} MB",
    "too_many_lines": "文件 {name} 的行数过多：{lines:,} 行，上限为 {max_lines:,} 行",
    "too_many_paragraphs": "文件 {name} 的段落过多：{count:,} 段，上限为 {max_lines:,} 段",
    "unreadable": "无法读取文件 {name}：{strerror}",
    "xml_dtd": "文件 {name} 中的 {member} 含有 DTD/实体声明（Word 文件不会包含），已拒绝",
    "xml_too_complex": "文件 {name} 的内部结构过于复杂（{tags:,} 个 XML 标记，上限 {max_xml_tags:,}），已拒绝",
    "zip_bomb": "文件 {name} 中的 {member} 解压后超过{what}上限 {limit:.0f} MB（疑似压缩炸弹），已拒绝",
    "zip_corrupt": "文件 {name} 已损坏或不完整（不是有效的 zip/Word 文件）{what}，无法读取",
    "zip_encrypted": "文件 {name} 已加密，请先取消密码保护再导入",
    "zip_members": "文件 {name} 包含 {n_infos} 个内部文件，超过上限 {members}，已拒绝",
    "zip_method": "文件 {name} 中的 {filename} 使用了不支持的压缩方式（{compress_type}），无法读取",
    "zip_name": "文件 {name} 中的内部文件名无效或重复：{member}",
}
