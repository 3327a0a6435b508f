"""A draft 备案审查工作情况报告 (.docx) for one year, with the figures of workbench.filing.stats: the
structure the annual reports follow (基本情况, 审查发现的问题, 纠正情况, 审查建议办理, 下一步工作),
written as a draft for the office to complete.
"""
from __future__ import annotations

import io

from lawtext.docx.style import add_body, add_heading_line, add_title, new_document
from workbench.access.users import User
from workbench.filing.letters import office
from lawtext.docx.official import Table, add_table
from workbench.filing.stats import year_stats


def _grid(header: list[str], rows: list[list[str]]) -> Table:
    return Table(tuple(header), tuple(tuple(r) for r in rows), size_pt=12)


def _pct(rate) -> str:
    return "—" if rate is None else f"{rate:.1%}"


def report_docx(db, user: User, year: int) -> bytes:
    s = year_stats(db, user, year)
    d = new_document()
    add_title(d, f"{office()}关于{year}年度备案审查工作情况的报告")
    add_heading_line(d, "（草稿）")
    add_heading_line(d, "一、备案审查工作基本情况", center=False)
    levels = "、".join(f"{x['level']}{x['filings']}件" for x in s["by_level"]) or "无"
    add_body(d, f"{year}年，共收到报备文件{s['filings']}件，其中{levels}；已登记{s['registered']}件，"
                f"因材料不全等原因待登记{s['pending_registration']}件。按期报备{s['on_time']}件，逾期报备{s['late']}件，"
                f"按期报备率{_pct(s['on_time_rate'])}。")
    add_body(d, f"全年审结{s['reviewed']}件，正在审查{s['in_review']}件。")
    if s["by_organ"]:
        add_table(d, _grid(["报备单位", "报备件数"], [[x["organ"], str(x["filings"])] for x in s["by_organ"]]))
    add_heading_line(d, "二、审查发现的主要问题", center=False)
    found = [p for p in s["problems"] if p["items"]]
    add_body(d, f"经审查，发现存在问题的文件{s['with_problems']}件，确认问题{sum(p['items'] for p in found)}项。" +
             ("按问题类别分：" + "；".join(f"{p['category']}{p['items']}项（涉及{p['filings']}件）" for p in found) + "。"
              if found else ""))
    add_table(d, _grid(["问题类别", "问题数", "涉及文件数"], [[p["category"], str(p["items"]), str(p["filings"])]
                                                      for p in s["problems"]]))
    add_heading_line(d, "三、审查处理和纠正情况", center=False)
    outcomes = "；".join(f"{o['outcome']}{o['filings']}件" for o in s["outcomes"] if o["filings"]) or "暂无审结文件"
    add_body(d, f"审查结论：{outcomes}。要求纠正或已纠正的文件{s['corrections_requested']}件，"
                f"已纠正完毕{s['corrections_completed']}件。")
    add_heading_line(d, "四、审查建议办理情况", center=False)
    r = s["requests"]
    add_body(d, f"全年收到公民、法人和其他组织提出的审查建议{r['received']}件，已研究反馈{r['answered']}件。")
    add_heading_line(d, "五、下一步工作", center=False)
    add_body(d, "（请结合本地区实际补充。）")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
