"""The 备案审查 actions in the audit log: Chinese names and one readable sentence per event
(merged into workbench.audit_text's tables)."""
from __future__ import annotations

FILING_ACTION_NAMES: dict[str, str] = {
    "filing.organ_add": "登记报备单位", "filing.organ_update": "修改报备单位", "filing.organ_link": "关联报备单位账户",
    "filing.register": "登记报备文件", "filing.submit": "在线报送备案", "filing.registered": "完成备案登记",
    "filing.supplement": "补充报备材料", "filing.triage": "自动审查", "filing.assign": "分派承办人",
    "filing.dispose": "处理审查发现", "filing.add_finding": "提出审查意见", "filing.letter": "发函",
    "filing.reply": "登记报备单位回复", "filing.close": "审结", "filing.batch_start": "开始批量登记",
    "filing.batch_done": "完成批量登记", "filing.request": "登记审查建议", "filing.request_link": "审查建议关联文件",
    "filing.request_answer": "反馈审查建议", "filing.campaign_create": "新建专项审查",
    "filing.campaign_run": "运行专项审查", "filing.campaign_mark": "核查专项审查发现",
}


def _filing(d) -> str:
    return f"备案文件 #{d.get('filing_id')}"


FILING_DESCRIBERS = {
    "filing.organ_add": lambda d, **k: f"登记报备单位「{d.get('name', '')}」（{d.get('kind', '')}）",
    "filing.organ_link": lambda d, *, who, **k: f"将 {who(d.get('username'))} 关联到报备单位「{d.get('name', '')}」",
    "filing.register": lambda d, **k: (f"登记《{d.get('title', '')}》（{d.get('organ', '')}报备），状态：{d.get('status', '')}"
                                       + (f"，缺少{'、'.join(d['missing'])}" if d.get("missing") else "")
                                       + (f"，逾期报备 {d['late_days']} 日" if d.get("late_days") else "")),
    "filing.submit": lambda d, **k: f"{d.get('organ', '')}在线报送《{d.get('title', '')}》",
    "filing.registered": lambda d, **k: f"{_filing(d)} 完成登记，审查期限至 {d.get('review_due', '')}",
    "filing.triage": lambda d, **k: (f"{_filing(d)} 自动审查：错误 {d.get('error', 0)} 项、警示 {d.get('warning', 0)} 项、"
                                     f"提示 {d.get('info', 0)} 项"),
    "filing.assign": lambda d, *, who, **k: f"{_filing(d)} 分派给 {who(d.get('to'))}",
    "filing.dispose": lambda d, *, tail, **k: (f"{_filing(d)} 第 {d.get('seq')} 项审查发现：{d.get('to', '')}"
                                               + tail(d.get("reason"), "；理由：")),
    "filing.add_finding": lambda d, **k: f"{_filing(d)} 就{d.get('article', '')}提出审查意见",
    "filing.letter": lambda d, **k: f"{_filing(d)} 发出{d.get('kind', '')}（{d.get('number', '')}）",
    "filing.reply": lambda d, **k: f"{_filing(d)} 登记回复" + ("，附纠正后的文本" if d.get("corrected") else ""),
    "filing.close": lambda d, *, tail, **k: f"{_filing(d)} 审结：{d.get('outcome', '')}" + tail(d.get("note"), "；"),
    "filing.request": lambda d, **k: f"登记审查建议 #{d.get('request_id')}（{d.get('requester_kind', '')}，针对{d.get('target', '')}）",
    "filing.request_answer": lambda d, **k: f"反馈审查建议 #{d.get('request_id')}：{d.get('outcome', '')}",
}
