#!/usr/bin/env python3
"""Build the legality development set (issue 15, item 4): tests/data/legality_dev/cases.jsonl.

One labelled one-article case per line, at level LR, GR or ND, from three sources:

* ``corpus-lawful``: real articles of in-force texts in ../shared/corpus, sampled with a fixed
  seed across regions and across the kinds of article a legality rule looks at (penalties,
  licences, fees, coercion, market rules, transitional clauses, citations, obligations …).
  Labelled lawful (family null). Level: every DLC/ file is a 地方性法规 (whatever its name:
  …条例, …规定, …办法), so DLC/ articles are LR. The corpus has no 地方政府规章; GR cases are
  articles of 部门规章 on matters a city government also regulates (``GR_SOURCES``: a 部门规章 has
  the same penalty, licence and coercion powers as a 地方政府规章), kept only when a 规章 could carry
  them (``gr_safe``: sanctions limited to 警告/罚款 up to 30,000 元 or referred to a cited article;
  no licence or seizure of its own; no national or provincial organ as addressee), plus DLC/
  articles that only refer their sanction to a cited upper-law article. ND cases are DLC/ and
  行政法规 articles an ND may also contain (``nd_safe``: duties of city-level public bodies,
  encouragement, pure referrals).
  Files in quality_flags.tsv, superseded versions, undated files, files whose body is older than
  their file name (stale text) and texts the corpus records as repealed are never used. An
  independent screen (``SCREEN`` below, written from the law, not from the checker's patterns)
  drops articles of the kinds known to be unlawful today (吊销营业执照 set by a 地方性法规,
  劳动教养, 收容教育, 社会抚养费, household-registration and non-local conditions, citations of
  repealed laws …); articles that impose penalties, licences, fees, coercion or market rules must
  come from texts dated on or after 2021-07-15 (行政处罚法 2021 in force).
* ``corpus-history``: real articles that are unlawful under today's law, listed by hand in
  history.toml (path + article label + the deciding upper law); where the corpus holds a later
  version of the same text, the rewritten article (or its removal) is recorded as ``new_text``.
* ``paraphrase-defect`` / ``paraphrase-lawful``: written for the fictional 示例市, in
  paraphrases.toml (hand-written, reviewable; no corpus text).

``split`` is "heldout" when int(sha256(text).hexdigest(), 16) % 10 < 3, else "dev" (the scorer
recomputes it). The build is deterministic: same corpus + same data files -> same bytes.

    .venv/bin/python bench/build_legality_devset.py [--corpus ../shared/corpus] [--out PATH]
        [--seed 15] [--subset N] [--check] [--check-originality]

``--subset N`` builds from the first N eligible corpus files of each pool only (a quick determinism
check); ``--check`` rebuilds in memory and compares with the existing output;
``--check-originality`` verifies that no written paraphrase shares a 20-character run with the
corpus outside cited titles (slow: about half a minute).
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import re
import sys
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "legality_dev"
DEFAULT_OUT = DATA / "cases.jsonl"
DEFAULT_CORPUS = Path(os.environ.get("WORKBENCH_CORPUS", ROOT.parent / "shared" / "corpus"))
SEED = 15

LEVELS = ("LR", "GR", "ND")
FAMILIES = ("SCOPE", "NOBASIS", "PEN", "LIC", "COER", "FEE", "FCR", "BIZ", "RETRO", "DRAFT", "CITE")
KINDS = ("corpus-lawful", "corpus-history", "paraphrase-defect", "paraphrase-lawful")
RULE_ID = re.compile(r"^[A-Z]+(-[A-Z0-9]+)+$|^RETRO$")

CN = "一二三四五六七八九十百千零〇两"
ARTICLE_RE = re.compile(rf"^第[{CN}]+条(之[{CN}]+)?")
DATE_CN = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")

# Texts the corpus itself records as repealed (北京市人民代表大会常务委员会关于废止部分地方性法规的决定, 2021)
REPEALED_IN_CORPUS = {
    "北京市社会治安综合治理条例", "北京市反不正当竞争条例", "北京市邮政通信条例", "北京市信息化促进条例",
}
# 部门规章 used as GR look-alikes: rules a city government could also make or restate (local market
# supervision, complaints, price marking, inspections). Not the national-competence ones (vehicle
# registration and driving licences, traffic points, police and criminal procedure, national product
# registration, labour standards, national security).
GR_SOURCES = ("市场监督管理投诉举报处理暂行办法", "侵害消费者权益行为处罚办法", "明码标价和禁止价格欺诈规定",
              "特种设备安全监督检查办法", "食品生产经营监督检查管理办法", "市场监督管理行政处罚信息公示规定",
              "医疗器械经营监督管理办法", "化妆品生产经营监督管理办法", "家用汽车产品修理更换退货责任规定",
              "市场主体登记管理条例实施细则")
PENALTY_DATE = "2021-07-15"     # 行政处罚法 (2021) in force
OTHER_DATE = "2016-01-01"


def split_of(text: str) -> str:
    return "heldout" if int(hashlib.sha256(text.encode()).hexdigest(), 16) % 10 < 3 else "dev"


# --- corpus reading --------------------------------------------------------------------------

@dataclass
class Article:
    path: str
    label: str
    text: str          # "第X条 …" with 款 and 项 on separate lines
    index: int


def read_manifest(corpus: Path) -> list[dict]:
    with (corpus / "manifest.tsv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def read_flags(corpus: Path) -> set[str]:
    p = corpus / "quality_flags.tsv"
    if not p.is_file():
        return set()
    with p.open(encoding="utf-8") as f:
        return {r["path"] for r in csv.DictReader(f, delimiter="\t")}


def header_and_body(text: str) -> tuple[str, str]:
    head, sep, body = text.partition("<!-- INFO END -->")
    return (head, body) if sep else ("", text)


def split_articles(path: str, text: str) -> list[Article]:
    """Articles of a corpus file: a line starting 第X条 opens one; following lines (款, 项) belong to
    it until the next article or heading."""
    _, body = header_and_body(text)
    parts: list[tuple[str, list[str]]] = []      # (label, lines)
    current: list[str] | None = None
    for raw in body.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            current = None
            continue
        m = ARTICLE_RE.match(line)
        if m:
            current = [line]
            parts.append((m.group(0), current))
        elif current is not None:
            current.append(line)
    return [Article(path, label, "\n".join(lines), i) for i, (label, lines) in enumerate(parts)]


def is_stale(row: dict, text: str) -> bool:
    """The file name carries a later date than any event in its header: the body is an older text."""
    d = row.get("version_date") or ""
    if not d:
        return False
    head, _ = header_and_body(text)
    dates = [f"{int(y):04d}-{int(m):02d}-{int(dd):02d}" for y, m, dd in DATE_CN.findall(head)]
    if not dates:
        return False
    latest = max(dates)
    # allow for a publication or effect date a few weeks after adoption
    from datetime import date
    gap = (date.fromisoformat(d) - date.fromisoformat(latest)).days
    return gap > 45


# --- classification of real articles (for sampling, not for labelling) ------------------------

PARTY = r"(公民|个人|法人|单位|企业|经营者|业主|居民|从业人员|当事人|任何单位和个人|生产经营单位|用人单位|其他组织|申请人|驾驶人|所有人|管理人|建设单位|施工单位|运营单位)"
CLASSES: list[tuple[str, re.Pattern]] = [
    ("coercion", re.compile(r"查封|扣押|扣留|强制拆除|代履行|强制执行|加处罚款|先行登记保存")),
    ("licence", re.compile(r"(应当|须|必须)(经|向)[^。；]{0,25}(批准|审批|核准|许可|同意|备案|登记)|未经[^。；]{0,20}(批准|许可|审批|核准|同意)"
                           r"|取得[^。；]{0,15}(许可|许可证|资格|资质)|许可证|(办理|申请)[^。；]{0,10}(备案|登记|许可)")),
    ("fee", re.compile(r"收取[^。；]{0,10}费|缴纳[^。；]{0,10}费|收费|保证金|押金|基金")),
    ("market", re.compile(r"招标|投标|采购|补贴|奖励|优惠|价格|定价|市场准入|扶持")),
    ("penalty", re.compile(r"罚款|没收|吊销|暂扣|责令停产停业|责令停业|给予警告|予以警告|通报批评|责令关闭|降低资质等级")),
    ("retro", re.compile(r"施行前|施行以前|施行之日起[^。；]{0,10}(内|前)")),
    ("cite", re.compile(r"《[^《》]{2,40}》第[一二三四五六七八九十百千零〇两]+条")),
    ("obligation", re.compile(PARTY + r"[^。；]{0,30}(应当|不得|禁止|必须)")),
    ("public", re.compile(r"^第[^ 　]+条[ 　]*(市|区|县|省|各级|县级以上|乡镇|街道)[^。；]{0,20}(人民政府|部门|机关|办事处)")),
    ("soft", re.compile(r"鼓励|支持|提倡|倡导|引导")),
]
HARD = {"coercion", "licence", "fee", "market", "penalty"}

# Known-unlawful kinds (today's law) and things a one-article excerpt cannot carry safely. An article
# matching any of these is never labelled lawful.
SCREEN = re.compile(
    r"吊销[^。；]{0,8}营业执照"                       # 行政处罚法 (2021) 第十二条: not by a 地方性法规 (allowed back only with a cited article, below)
    r"|拘留|限制人身自由|收容|劳动教养|强制隔离|约束至酒醒|强制带离"   # 立法法第十一条第五项; 行政处罚法第十条
    r"|社会抚养费|计划生育|生育证|违法生育|超生"          # 人口与计划生育法 (2021)
    r"|户籍|户口|居住证|本市常住|外地|外埠|外省|市外|非本市|本地企业|本市企业|本地产品|本市产品|本省企业|本省产品"
    r"|按日连续处罚|按日计罚|风险抵押金|诚信保证金"
    r"|停止供水|停止供电|停止供气|停止供热|停水|停电|停气"
    r"|冻结|划拨|暂扣(?![^。；，]{0,8}(证|照|牌))"
    r"|征收[^。；]{0,8}(房屋|土地|集体)|征用"
    r"|[减免征退]税|税率|开征|税收优惠"
    r"|黑名单|失信[^。；]{0,4}名单|联合惩戒|信用惩戒"
    r"|负责解释|具体应用"
    r"|刑事责任|刑罚"
    r"|婚姻法|物权法|合同法|民法通则|担保法|侵权责任法|继承法|收养法|民法总则|城市房屋拆迁管理条例|法规规章备案条例|食品卫生法"
    r"|第\s*[0-9]+\s*[条章节]"
    r"|补缴|追缴|追回"
    r"|指定[^。；]{0,12}(企业|供应商|经营者|服务商|机构|品牌|产品)"
    r"|统一定价|最低价|最高限价|返还[^。；]{0,6}罚|罚没[^。；]{0,10}(返还|奖励|提成)"
    r"|摊派|集资|赞助|出工出劳|义务劳动"
    r"|国防|兵役|征兵|民兵|监狱|看守所|刑事|侦查|检察|审判|人民法院|仲裁"
)
# 构成犯罪的，依法追究刑事责任 is a referral, not a defect; let it through
CRIMINAL_REFERRAL = re.compile(r"构成犯罪的[，,]?依法追究刑事责任")
CITED_ARTICLE = re.compile(r"(依照|依据|按照)《[^《》]{2,40}》(第[一二三四五六七八九十百千零〇两]+条)")
NATIONAL_ORGAN = re.compile(r"国务院|总局|公安部|人力资源社会保障部|国家安全部|国家(?!规定|标准|有关规定|和)|全国|省级"
                            r"|省、自治区、直辖市|中央|[^市]省|^省|各级|县级以上人民政府|县级以上地方人民政府|金融|人民币|涉外|密码")
SELF_NAME = re.compile(r"本(条例|办法|规定|细则)")


def screened(text: str) -> bool:
    """True when the article may be labelled lawful."""
    t = CRIMINAL_REFERRAL.sub("", text)
    for m in SCREEN.finditer(t):
        if m.group(0).startswith("吊销"):
            # an LR may restate an upper-law 吊销营业执照 with the cited article in the same sentence
            sent = re.split(r"[。；]", t[:m.start()])[-1] + t[m.start():].split("。")[0]
            if CITED_ARTICLE.search(sent):
                continue
        return False
    return True


def classes_of(text: str) -> list[str]:
    return [name for name, rx in CLASSES if rx.search(text)]


_CN_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")}
_CN_DIGIT.update({"〇": 0, "两": 2})


def cn_number(s: str) -> float | None:
    s = s.replace(",", "").replace("，", "")
    if re.fullmatch(r"[0-9.]+", s):
        return float(s)
    total, section, num = 0, 0, 0
    for ch in s:
        if ch in _CN_DIGIT:
            num = _CN_DIGIT[ch]
        elif ch in "十百千":
            unit = {"十": 10, "百": 100, "千": 1000}[ch]
            section += (num or 1) * unit
            num = 0
        elif ch == "万":
            total += (section + num) * 10000
            section, num = 0, 0
        else:
            return None
    return total + section + num


def max_fine(sentence: str) -> float | None:
    """Largest 元 amount in a sentence that sets a fine (None: no amount)."""
    best = None
    for m in re.finditer(r"([0-9.,一二三四五六七八九十百千两〇零]+)(万)?元", sentence):
        v = cn_number(m.group(1))
        if v is None:
            continue
        v *= 10000 if m.group(2) else 1
        best = v if best is None else max(best, v)
    return best


def gr_safe(text: str) -> bool:
    """Penalty content a 地方政府规章 may also carry: every sentence that imposes a sanction either
    refers to a cited article of an upper law, or sets only 警告/罚款 within 30,000 元 (the usual
    provincial cap for business conduct) without multiples of illegal gains."""
    for sent in re.split(r"[。；]", text):
        if not re.search(r"罚款|没收|吊销|暂扣|责令停|通报批评|警告|责令关闭|降低资质", sent):
            continue
        if CITED_ARTICLE.search(sent):
            continue
        if re.search(r"没收|吊销|暂扣|责令停|责令关闭|降低资质|倍", sent):
            return False
        fine = max_fine(sent)
        if fine is not None and fine > 30000:
            return False
    if re.search(r"(应当|须|必须)(经|向)[^。；]{0,25}(批准|审批|核准|许可)|未经[^。；]{0,20}(批准|许可|审批|核准)[^。；]{0,6}(不得|禁止)"
                 r"|取得[^。；]{0,12}(许可|证)[^。；]{0,4}(方可|后)", text) and not re.search(r"依法|依照|按照国家", text):
        return False      # a licence not traceable to an upper law
    if re.search(r"查封|扣押|扣留", text) and not CITED_ARTICLE.search(text):
        return False
    return True


PUBLIC_SUBJECT = re.compile(r"^(市|区|县(?!级以上)|乡镇|镇|街道|有关部门|相关部门|[^，。；]{0,12}(人民政府|部门|机关|办事处|管理机构))")
POLICY_VERB = re.compile(r"^(本市|本省)?(鼓励|支持|提倡|倡导|引导|推动|推进|加强|完善|建立|健全)")
PURE_REFERRAL = re.compile(r"(依照|依据|按照)《[^《》]{2,40}》第[一二三四五六七八九十百千零〇两]+条(第[一二三四五六七八九十]+款)?"
                           r"(第（[一二三四五六七八九十]+）项)?(的)?(有关)?规定(予以|给予)?(处罚|处理|执行|追究法律责任)")


def nd_safe(text: str, cls: list[str]) -> bool:
    """Content an ND may also carry: every sentence is addressed to a public body, states a policy
    (鼓励、支持 …), or imposes nothing; a sanction only as a pure referral to a cited article (no
    amounts of its own). No self-reference to a 条例/办法 (an ND is neither)."""
    if SELF_NAME.search(text):
        return False
    body = ARTICLE_RE.sub("", text).strip()
    for sent in re.split(r"[。；\n]", body):
        sent = sent.strip()
        if not sent:
            continue
        if re.search(r"罚款|没收|吊销|暂扣|责令停|警告|通报批评", sent):
            if not PURE_REFERRAL.search(sent) or re.search(r"元|倍|%|百分之", sent):
                return False
            continue
        if re.search(r"批准|许可|审批|核准|备案|登记|查封|扣押|收费|费用|保证金|押金", sent):
            return False
        if re.search(r"应当|不得|必须|禁止|须", sent) and not PUBLIC_SUBJECT.search(sent) and not POLICY_VERB.search(sent):
            return False
    return True


# --- pools and sampling -------------------------------------------------------------------------

@dataclass
class Candidate:
    art: Article
    region: str
    date: str
    classes: list[str]
    source_level: str


def load_pool(corpus: Path, rows: list[dict], flags: set[str], level: str, *, subset: int | None,
              min_date_other: str = OTHER_DATE) -> list[Candidate]:
    files = [r for r in rows if r["level"] == level and r["path"] not in flags and not r["superseded_by"]
             and r["version_date"] and r["title"] not in REPEALED_IN_CORPUS]
    if level == "部门规章":
        files = [r for r in files if any(x in r["path"] for x in GR_SOURCES)]
    files.sort(key=lambda r: r["path"])
    if subset:
        files = files[:subset]
    out: list[Candidate] = []
    for r in files:
        text = (corpus / r["path"]).read_text(encoding="utf-8")
        if is_stale(r, text):
            continue
        for a in split_articles(r["path"], text):
            n = len(a.text)
            if n < 24 or n > 520:
                continue
            if not screened(a.text):
                continue
            cls = classes_of(a.text)
            hard = bool(HARD.intersection(cls))
            if hard and r["version_date"] < PENALTY_DATE and level == "地方性法规":
                continue
            if "coercion" in cls and not re.search(r"依法|依照《|按照《|解除|期限|先行登记保存|退还|人民政府责成", a.text):
                continue      # a coercive measure an excerpt cannot show to rest on a law
            if r["version_date"] < min_date_other:
                continue
            out.append(Candidate(a, r["region"], r["version_date"], cls, level))
    return out


def pick(cands: list[Candidate], quota: int, rng: random.Random, used: set, per_file: dict, *,
         max_per_file: int = 2) -> list[Candidate]:
    """Round-robin over regions (sorted), random within a region; no article twice, at most
    ``max_per_file`` articles of one file overall, and one per file in this call while possible."""
    by_region: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        by_region[c.region].append(c)
    regions = sorted(by_region)
    for k in regions:
        rng.shuffle(by_region[k])
    chosen: list[Candidate] = []
    for spread in (True, False):
        files_here = {c.art.path for c in chosen}
        progress = True
        while len(chosen) < quota and progress:
            progress = False
            for k in regions:
                rest = []
                while by_region[k]:
                    c = by_region[k].pop()
                    key = (c.art.path, c.art.label)
                    if key in used or per_file[c.art.path] >= max_per_file:
                        continue
                    if spread and c.art.path in files_here:
                        rest.append(c)
                        continue
                    used.add(key)
                    per_file[c.art.path] += 1
                    files_here.add(c.art.path)
                    chosen.append(c)
                    progress = True
                    break
                by_region[k].extend(reversed(rest))
                if len(chosen) >= quota:
                    break
    return chosen


LR_QUOTAS = [("penalty", 66), ("licence", 44), ("obligation", 48), ("market", 26), ("fee", 18), ("coercion", 10),
             ("cite", 14), ("retro", 8), ("public", 10), ("soft", 6)]
GR_QUOTAS = [("penalty", 16), ("licence", 14), ("obligation", 14), ("fee", 4), ("market", 4), ("cite", 6),
             ("public", 4)]


def primary_class(c: Candidate, order: list[str]) -> str | None:
    for name in order:
        if name in c.classes:
            return name
    return None


def sample_corpus_lawful(corpus: Path, rng: random.Random, subset: int | None) -> list[dict]:
    rows = read_manifest(corpus)
    flags = read_flags(corpus)
    used: set = set()
    per_file: dict = defaultdict(int)
    cases: list[dict] = []

    def emit(c: Candidate, level: str, cls: str, why: str):
        cases.append({"level": level, "text": c.art.text, "family": None, "rules": [], "kind": "corpus-lawful",
                      "source": c.art.path, "article": c.art.label, "class": cls, "region": c.region,
                      "version_date": c.date, "upper_law": None,
                      "note": f"in-force {c.source_level} ({c.region}, {c.date}); {why}"})

    # LR: 地方性法规 under DLC/
    lr = load_pool(corpus, rows, flags, "地方性法规", subset=subset)
    by_cls: dict[str, list[Candidate]] = defaultdict(list)
    for c in lr:
        p = primary_class(c, ["coercion", "licence", "fee", "market", "penalty", "retro", "cite", "obligation",
                              "public", "soft"])
        if p:
            by_cls[p].append(c)
    for name, quota in LR_QUOTAS:
        for c in pick(by_cls[name], quota, rng, used, per_file):
            emit(c, "LR", name, "地方性法规 article, labelled lawful as enacted")
    # GR: 部门规章 (same penalty/licence/coercion powers as a 地方政府规章), plus DLC/ referral articles
    gr = [c for c in load_pool(corpus, rows, flags, "部门规章", subset=subset, min_date_other="2004-07-01")
          if gr_safe(c.art.text) and not NATIONAL_ORGAN.search(c.art.text)]
    by_cls = defaultdict(list)
    for c in gr:
        p = primary_class(c, ["licence", "fee", "market", "penalty", "cite", "obligation", "public"])
        if p:
            by_cls[p].append(c)
    for name, quota in GR_QUOTAS:
        for c in pick(by_cls[name], quota, rng, used, per_file, max_per_file=4):
            emit(c, "GR", name, "部门规章 article (规章-level powers), used as a GR look-alike")
    referral = [c for c in lr if CITED_ARTICLE.search(c.art.text) and "penalty" in c.classes and gr_safe(c.art.text)
                and (c.art.path, c.art.label) not in used]
    for c in pick(referral, 18, rng, used, per_file):
        emit(c, "GR", "penalty-referral", "地方性法规 article that refers its sanction to a cited upper-law article; "
                                          "a 规章 may contain the same")
    # ND: public duties, encouragement, cited referrals
    nd_pool = [c for c in lr if nd_safe(c.art.text, c.classes) and (c.art.path, c.art.label) not in used
               and not NATIONAL_ORGAN.search(c.art.text)]
    nd_pool += [c for c in load_pool(corpus, rows, flags, "行政法规", subset=subset, min_date_other="2010-01-01")
                if nd_safe(c.art.text, c.classes) and not NATIONAL_ORGAN.search(c.art.text) and "public" in c.classes]
    nd_pool += [c for c in gr if nd_safe(c.art.text, c.classes) and (c.art.path, c.art.label) not in used]
    by_cls = defaultdict(list)
    for c in nd_pool:
        if PURE_REFERRAL.search(c.art.text) and "penalty" in c.classes:
            by_cls["penalty-referral"].append(c)
        elif "public" in c.classes:
            by_cls["public"].append(c)
        elif "soft" in c.classes:
            by_cls["soft"].append(c)
    for name, quota in [("penalty-referral", 12), ("public", 26), ("soft", 14)]:
        for c in pick(by_cls[name], quota, rng, used, per_file):
            emit(c, "ND", name, "content an ND may also carry (public duty, encouragement or cited referral)")
    return cases


# --- hand-curated history and paraphrases ------------------------------------------------------

def load_toml(path: Path) -> list[dict]:
    with path.open("rb") as f:
        return tomllib.load(f).get("case", [])


def find_article(corpus: Path, path: str, label: str) -> str:
    text = (corpus / path).read_text(encoding="utf-8")
    for a in split_articles(path, text):
        if a.label == label:
            return a.text
    raise SystemExit(f"history.toml: {label} not found in {path}")


def history_cases(corpus: Path) -> list[dict]:
    out = []
    for h in load_toml(DATA / "history.toml"):
        text = find_article(corpus, h["path"], h["article"])
        new_text = None
        if h.get("new_path") and h.get("new_article"):
            new_text = find_article(corpus, h["new_path"], h["new_article"])
        out.append({"id": h["id"], "level": h["level"], "text": text, "family": h["family"], "rules": h.get("rules", []),
                    "kind": "corpus-history", "source": h["path"], "article": h["article"],
                    "upper_law": h["upper_law"], "note": h["note"], "history": h["history"],
                    "new_source": h.get("new_path") or None, "new_article": h.get("new_article") or None,
                    "new_text": new_text})
    return out


def paraphrase_cases() -> list[dict]:
    out = []
    for p in load_toml(DATA / "paraphrases.toml"):
        lawful = bool(p.get("lawful"))
        out.append({"id": p["id"], "level": p["level"], "text": p["text"].strip(),
                    "family": None if lawful else p["family"], "rules": p.get("rules", []),
                    "kind": "paraphrase-lawful" if lawful else "paraphrase-defect", "source": "written",
                    "lookalike": p["family"] if lawful else None, "construction": p.get("construction"),
                    "upper_law": p.get("upper_law"), "note": p["note"]})
    return out


def validate(cases: list[dict]) -> None:
    ids, texts = set(), set()
    for c in cases:
        assert c["id"] not in ids, f"duplicate id {c['id']}"
        ids.add(c["id"])
        assert c["level"] in LEVELS, c["id"]
        assert c["kind"] in KINDS, c["id"]
        assert c["family"] is None or c["family"] in FAMILIES, (c["id"], c["family"])
        assert (c["family"] is None) == (c["kind"] in ("corpus-lawful", "paraphrase-lawful")), c["id"]
        if c["kind"] == "paraphrase-lawful":
            assert c["lookalike"] in FAMILIES, c["id"]
        assert ARTICLE_RE.match(c["text"]), f"{c['id']}: text must start with 第X条"
        assert all(RULE_ID.match(r) for r in c["rules"]), c["id"]
        assert c["text"] not in texts, f"duplicate text {c['id']}"
        texts.add(c["text"])


def build(corpus: Path, *, seed: int = SEED, subset: int | None = None) -> list[dict]:
    rng = random.Random(seed)
    lawful = sample_corpus_lawful(corpus, rng, subset)
    for i, c in enumerate(lawful, 1):
        c["id"] = f"corpus-{c['level'].lower()}-{i:04d}"
    cases = lawful + history_cases(corpus) + paraphrase_cases()
    for c in cases:
        c["split"] = split_of(c["text"])
    validate(cases)
    order = ("id", "level", "text", "family", "rules", "kind", "source", "upper_law", "note", "split")
    return [{k: c[k] for k in order} | {k: v for k, v in c.items() if k not in order} for c in cases]


def dumps(cases: list[dict]) -> str:
    return "".join(json.dumps(c, ensure_ascii=False, sort_keys=False) + "\n" for c in cases)


def check_originality(corpus: Path, cases: list[dict] | None = None, width: int = 20) -> list[tuple[str, str]]:
    """(id, run) for every written case (default: the paraphrases) that shares a ``width``-character
    run with the corpus, outside cited titles (《…》, which are references, not copied text). Legal
    drafting is formulaic, so shorter shared runs (依照……的规定, 法律、行政法规另有规定的除外) are expected."""
    rows = read_manifest(corpus)
    blob = "\n".join((corpus / r["path"]).read_text(encoding="utf-8") for r in rows)
    hits = []
    for p in paraphrase_cases() if cases is None else cases:
        found = None
        for line in p["text"].split("\n"):
            body = ARTICLE_RE.sub("", line).strip()
            for seg in re.split(r"《[^《》]*》", body):
                for i in range(0, max(1, len(seg) - width + 1), 2):
                    run = seg[i:i + width]
                    if len(run) == width and run in blob:
                        found = run
                        break
                if found:
                    break
            if found:
                break
        if found:
            hits.append((p["id"], found))
    return hits


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--subset", type=int, default=None, help="use only the first N eligible files of each pool")
    ap.add_argument("--check", action="store_true", help="rebuild and compare with --out; exit 1 when different")
    ap.add_argument("--check-originality", action="store_true")
    a = ap.parse_args(argv)
    if not (a.corpus / "manifest.tsv").is_file():
        print(f"corpus not found: {a.corpus}", file=sys.stderr)
        return 2
    if a.check_originality:
        hits = check_originality(a.corpus)
        for pid, run in hits:
            print(f"{pid}: shares 「{run}」 with the corpus")
        print(f"{len(hits)} paraphrase(s) share a 20-character run with the corpus (outside cited titles)")
        return 1 if hits else 0
    cases = build(a.corpus, seed=a.seed, subset=a.subset)
    text = dumps(cases)
    if a.check:
        same = a.out.is_file() and a.out.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{a.out} differs from a fresh build")
        return 0 if same else 1
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(text, encoding="utf-8")
    from collections import Counter
    kinds = Counter(c["kind"] for c in cases)
    print(f"wrote {len(cases)} cases to {a.out}: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
