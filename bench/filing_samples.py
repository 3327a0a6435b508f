"""Generated filings for the fictional 示例市 (no real text): a folder of sub-folders, one per filing,
each with its 正式文本 and, for most, the other materials; some late, some incomplete, some with
the defects the rule book finds (a 规范性文件 setting fines or licences, deposits, 停水停电 …).

    python bench/filing_samples.py OUT_DIR [--count 500] [--seed 18] [--manifest]

Used by bench/bench_filing.py and the tests of workbench/filing.
"""
from __future__ import annotations

import argparse
import csv
import random
from datetime import date, timedelta
from pathlib import Path

ORGANS = [  # (name, kind of text it files, 文号 prefix)
    ("示例市人民政府", "GR", "示例市人民政府令"),
    ("示例市交通运输局", "ND", "示交规"),
    ("示例市市场监督管理局", "ND", "示市监规"),
    ("示例市住房和城乡建设局", "ND", "示住建规"),
    ("示例市生态环境局", "ND", "示环规"),
    ("示例市文化广电旅游局", "ND", "示文旅规"),
    ("示例市东城区人民政府", "ND", "东政规"),
    ("示例市西城区人民政府", "ND", "西政规"),
]
TOPICS = ["共享单车", "户外广告设施", "餐厨垃圾", "停车场", "养老服务机构", "民宿", "建筑工地扬尘", "电动自行车",
          "校外培训机构", "农贸市场", "公共文化场馆", "网络预约出租汽车", "再生资源回收", "城市绿地", "夜间经济"]
NEUTRAL = [
    "{actor}应当建立安全管理制度，明确安全责任人，定期开展安全检查。",
    "{actor}应当在经营场所显著位置公示服务项目、收费标准和投诉电话。",
    "鼓励社会力量参与{topic}服务，支持行业协会制定服务规范。",
    "市{dept}应当会同有关部门建立{topic}信息共享机制，及时公开相关信息。",
    "{actor}应当妥善保存相关记录，保存期限不少于二年。",
    "任何单位和个人有权对违反本{self}的行为进行投诉和举报。",
    "区人民政府应当将{topic}工作纳入本辖区发展规划，保障所需经费。",
    "市{dept}应当加强对{actor}的指导和培训，提升服务质量。",
]
DEFECTS = [
    "违反本{self}规定的，由市{dept}责令改正，处五万元以上十万元以下罚款。",
    "从事{topic}经营活动的，应当向市{dept}备案；未经备案的，不得开展经营活动。",
    "{actor}应当向市{dept}缴纳履约保证金十万元。",
    "对拒不履行义务的{actor}，有关部门可以采取停止供水、供电等措施。",
    "本{self}由市{dept}负责解释。",
]
SELF = {"GR": "办法", "ND": "规定"}


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _articles(rng: random.Random, topic: str, level: str, dept: str, effective: date) -> list[str]:
    s = SELF[level]
    actor = f"{topic}经营者" if not topic.endswith("机构") else topic
    body = [f"为了加强{topic}管理，维护公共利益，根据有关法律、法规，结合本市实际，制定本{s}。",
            f"本市行政区域内{topic}的管理活动，适用本{s}。",
            f"市{dept}负责全市{topic}的监督管理工作，区有关部门按照职责分工做好相关工作。"]
    middle = rng.sample(NEUTRAL, k=min(len(NEUTRAL), rng.randint(4, 8)))
    if rng.random() < 0.6:
        middle += rng.sample(DEFECTS, k=rng.randint(1, 3))
    rng.shuffle(middle)
    body += middle + [f"本{s}自{_cn_date(effective)}起施行。"]
    return [t.format(topic=topic, dept=dept, self=s, actor=actor) for t in body]


def _numeral(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def one_filing(rng: random.Random, i: int, today: date) -> dict:
    organ, level, prefix = ORGANS[i % len(ORGANS)]
    topic = TOPICS[(i * 7) % len(TOPICS)]
    dept = "城市管理局" if organ.endswith("人民政府") else organ.removeprefix("示例市")
    published = today - timedelta(days=rng.randint(5, 300))
    late = rng.random() < 0.15
    filed = published + timedelta(days=rng.randint(40, 90) if late else rng.randint(3, 14))
    filed = min(filed, today)
    effective = published + timedelta(days=30)
    title = f"示例市{topic}管理{SELF[level]}（{i + 1}）"
    number = f"{prefix}第{i + 1}号" if level == "GR" else f"{prefix}〔{published.year}〕{i + 1}号"
    arts = _articles(rng, topic, level, dept, effective)
    text = "\n".join([title, f"（{number}　{_cn_date(published)}{organ}印发）", ""] +
                     [f"第{_numeral(n)}条　{a}" for n, a in enumerate(arts, 1)]) + "\n"
    files = {f"{title}.txt": text,
             "备案报告.txt": f"关于报送《{title}》备案的报告\n{organ}于{_cn_date(published)}公布《{title}》，现报送备案。\n",
             "起草说明.txt": f"关于《{title}》的起草说明\n一、制定的必要性\n二、主要内容\n"}
    if level == "ND":
        files["合法性审核意见.txt"] = f"关于《{title}》的合法性审核意见\n经审核，该文件符合有关规定。\n"
    if rng.random() < 0.1:
        files.pop("起草说明.txt")
    return {"name": f"{i + 1:04d}", "files": files, "organ": organ, "title": title, "level": level,
            "number": number, "published": published.isoformat(), "filed": filed.isoformat(), "late": late}


def generate(out: str | Path, count: int = 500, *, seed: int = 18, manifest: bool = True,
             today: date | None = None) -> list[dict]:
    """Write ``count`` filings under ``out``; returns their descriptions."""
    rng = random.Random(seed)
    today = today or date.today()
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    specs = [one_filing(rng, i, today) for i in range(count)]
    for s in specs:
        folder = root / s["name"]
        folder.mkdir(exist_ok=True)
        for name, text in s["files"].items():
            (folder / name).write_text(text, encoding="utf-8")
    if manifest:
        with open(root / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["文件", "报备单位", "文号", "公布日期", "报备日期"])
            for s in specs:
                w.writerow([s["name"], s["organ"], s["number"], s["published"], s["filed"]])
    return specs


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=500)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--manifest", action="store_true")
    a = ap.parse_args()
    generate(a.out, a.count, seed=a.seed, manifest=a.manifest)
