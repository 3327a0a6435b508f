"""What a provision says, as fields an upper-law comparison can line up (上位法比对).

:class:`ProvisionFacts` is the small interface the conformity rule compares: the conduct (the
「违反…的」/ action part), sanction kinds, the fine (range in yuan, or a multiple of a base such
as 违法所得), a precondition (责令改正 first, 逾期不改正的 then a sanction), licence words,
deadlines in days, modality and the authority. :func:`facts_of` computes it from one sentence
with lawtext.amounts and a small vocabulary (checks.patterns for the sanction kinds). It is the
seam where the clause model (spaCy components in lawtext/, another issue) can later feed the
same fields: anything that fills a ProvisionFacts can be compared.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lawtext.amounts import Fine, fines
from lawtext.numerals import parse_number
from lawtext.vocabulary import ITEM_LABEL, NUMBER, PERIOD_DAYS, PERIOD_UNIT, SELF_NAME

from checks.patterns import PEN_NAMES, PEN_RE
from checks.text import mask_titles

# the conduct ends at the first 「的，」 (违反…规定，未取得…的，由…处…)
_CONDUCT_END = re.compile(r"的[，,：:]")
# the enforcement part that may follow the conduct before 「的，」
_ENFORCEMENT = re.compile(r"[，,](?=(?:依照|依据|按照)[^，。；]{0,40}?(?:规定|条)[^，。；]{0,6}?(?:处罚|处以|处理|给予))")
_VIOLATION_LEAD = re.compile(
    rf"^(?:{ITEM_LABEL})?(?:[^，。；]{{0,20}}?)?违反(?:{SELF_NAME}|本|《[^》]+》|[^，。；]{{0,20}}?)"
    r"(?:第[^，。；]{1,30}?(?:条|款|项))?(?:[^，。；]{0,6}规定)?(?:[，,]|的$|$)")
_GENERIC = re.compile(r"(有下列(情形|行为)之一的?|之一的?|下列行为|行为人|单位和个人|单位或者个人|"
                      rf"(公民|法人|其他组织)|{ITEM_LABEL})")
_ITEM_MARK = re.compile(rf"^{ITEM_LABEL}")
_INTERNAL_REF = re.compile(rf"(?:违反)?{SELF_NAME}第({NUMBER})条")
_INTERNAL_VIOLATION = re.compile(rf"违反{SELF_NAME}第[^，。；]{{1,30}}?(条|款|项)(的)?(规定)?")
_AUTHORITY = re.compile(r"由([^，。；]{2,40}?)(?:责令|处|给予|予以|没收|吊销|暂扣|依法|按照|依照|对)")
_DEPT = re.compile(r"([\u4e00-\u9fff]{2,12}?)(?:主管部门|行政主管部门|管理部门|行政部门|部门|机关|机构)")
_PRECONDITION = re.compile(r"(限期改正|责令改正|限期整改|责令限期)[^。]{0,30}?(逾期不改正|拒不改正|逾期未改正|拒不整改|逾期不整改)")
_DEADLINE = re.compile(rf"({NUMBER})({PERIOD_UNIT})(内|以内|之内|前)")
_MUST = re.compile(r"应当|必须|须|应(?!急|用|对|予)")
_MAY = re.compile(r"可以|可(?!能|靠|行)")
_MUST_NOT = re.compile(r"不得|禁止|严禁|不准")
_LICENCE = re.compile(r"(取得|申领|办理|申请)[^，。；]{0,12}?(许可证?|许可|批准|审批|登记证?|执照|资质|资格证?)")
_FEE = re.compile(r"(收取|缴纳|交纳|征收)[^，。；]{0,12}?(费|押金|保证金|基金)")
_DEPT_KEYS = ["公安", "市场监督管理", "生态环境", "住房和城乡建设", "城市管理", "综合执法", "农业农村", "林业", "草原",
              "自然资源", "交通运输", "水行政", "卫生健康", "文物", "文化", "旅游", "教育", "民政", "应急管理", "消防",
              "商务", "税务", "海关", "渔业", "畜牧兽医", "野生动物", "气象", "人力资源", "医疗保障", "药品监督管理",
              "烟草", "邮政", "广播电视", "体育", "司法", "财政", "审计", "统计", "海洋", "水利", "城乡规划"]


@dataclass(frozen=True)
class ProvisionFacts:
    text: str
    conduct: str = ""                          # the 违反…的 / action part, normalised
    sanctions: frozenset = frozenset()         # keys of checks.patterns.PEN_TYPES
    fines: tuple[Fine, ...] = ()
    precondition: bool = False                 # a sanction only after 责令改正 and 逾期不改正
    licence: bool = False
    fee: bool = False
    deadlines: tuple[int, ...] = ()            # in days
    modality: str = ""                         # must / may / must_not / ""
    authority: str = ""                        # department key (公安, 市场监督管理 …) or ""
    refs: tuple[int, ...] = field(default=())  # internal article numbers cited (违反本条例第X条)
    fine_subjects: tuple[str, ...] = ()        # per fine: 个人 / 单位 / 责任人员 / "" (对个人处…；单位有…的，处…)

    @property
    def sets_something(self) -> bool:
        """Whether the provision sets a sanction (what conformity compares; licences and fees are
        compared as fields of a sanctioned clause)."""
        return bool(self.sanctions)

    @property
    def fine_lo(self) -> int | None:
        los = [f.lo for f in self.fines if f.lo is not None and not f.is_multiple]
        return min(los) if los else None

    @property
    def fine_hi(self) -> int | None:
        his = [f.max_amount for f in self.fines if f.max_amount is not None and not f.is_multiple]
        return max(his) if his else None

    @property
    def multiples(self) -> tuple[Fine, ...]:
        return tuple(f for f in self.fines if f.is_multiple)

    def fines_of(self, subject: str) -> tuple[Fine, ...]:
        """The fines set for ``subject`` ("" = those set for no one in particular)."""
        subjects = self.fine_subjects or ("",) * len(self.fines)
        return tuple(f for f, s in zip(self.fines, subjects) if s == subject)

    @property
    def subjects(self) -> frozenset:
        return frozenset(s for s in self.fine_subjects if s)

    def sanction_names(self, keys=None) -> str:
        return "、".join(PEN_NAMES[k] for k in sorted(self.sanctions if keys is None else keys))


def conduct_of(text: str) -> str:
    """The conduct part of a sanction sentence: what comes before the first 「的，」, without the
    violation lead (违反本条例第X条规定，) and generic words; the whole text when there is none."""
    m = _CONDUCT_END.search(text)
    head = text[:m.start()] if m else text
    head = _ENFORCEMENT.split(head, maxsplit=1)[0]     # 非法转让土地，依照…处以罚款的 → 非法转让土地
    head = _ITEM_MARK.sub("", head.strip())
    # the lead alone (违反本法规定，…); when it runs into the conduct itself (违反本法规定擅自收购烟叶)
    # the generic part of the lead would swallow the conduct: cut at its 规定 instead
    head = _VIOLATION_LEAD.sub("", head) or re.sub(r"^违反[^，。；]{0,40}?规定[，,]?", "", head)
    head = re.sub(r"^违反[^，。；]{0,40}?规定[，,]?", "", head)
    head = _INTERNAL_VIOLATION.sub("", head)
    return normalise_conduct(head)


def normalise_conduct(text: str) -> str:
    text = _GENERIC.sub("", mask_titles(text))
    text = re.sub(r"[，,。；;：:、\s《》“”\"]", "", text)
    return re.sub(r"的$", "", text)


def _deadlines(text: str) -> tuple[int, ...]:
    out = []
    for m in _DEADLINE.finditer(text):
        try:
            out.append(int(parse_number(m.group(1)) * PERIOD_DAYS[m.group(2)]))
        except (ValueError, KeyError):
            continue
    return tuple(out)


def _modality(text: str) -> str:
    if _MUST_NOT.search(text):
        return "must_not"
    if _MUST.search(text):
        return "must"
    if _MAY.search(text):
        return "may"
    return ""


def authority_of(text: str) -> str:
    m = _AUTHORITY.search(text)
    if not m:
        return ""
    who = m.group(1).replace("人民政府", "")
    return next((k for k in _DEPT_KEYS if k in who), "")


_CONFISCATE_GAINS = re.compile(r"违法所得的?[，,]?(予以|并处|依法)?没收|没收违法所得")
_CLOSE = re.compile(r"(责令|并)?(停产整治|停业整治|停业、关闭|停产停业|责令停业|责令关闭)")


def sanctions_of(text: str) -> frozenset:
    masked = mask_titles(text)
    kinds = {k for k, rx in PEN_RE.items() if rx.search(masked)}
    if _CONFISCATE_GAINS.search(masked):
        kinds.add("confiscation")
    if _CLOSE.search(masked):
        kinds.add("close")
    return frozenset(kinds)


def has_precondition(text: str) -> bool:
    """A sanction only after an order to correct is ignored: 责令改正…逾期不改正的，处… with no
    sanction before that (拒不改正的，按日连续处罚 after a fine is an escalation, not a precondition)."""
    m = _PRECONDITION.search(text)
    if not m:
        return False
    before = mask_titles(text[:m.start(2)])
    return not any(rx.search(before) for k, rx in PEN_RE.items() if k != "warning")


_RESPONSIBLE = ("直接负责的主管人员", "直接责任人员", "主管人员", "责任人员", "法定代表人")
_ITEMS_ARE_CONDUCT = re.compile(r"下列(?:行为|情形|情况)之一")
_GRADED = re.compile(r"(?:按照|依照|按)下列(?:规定|标准|情形)[^，。；]{0,8}?(?:处以|处|给予|予以)")
_SUBJECTS = (("个人", ("个人", "公民", "自然人")), ("单位", ("单位", "法人", "其他组织")))


def _subject(text: str) -> str:
    if any(w in text for w in _RESPONSIBLE):
        return "责任人员"                 # 对单位直接负责的主管人员处…: neither the unit nor any individual
    found = [key for key, words in _SUBJECTS if any(w in text for w in words)]
    return found[0] if len(found) == 1 else ""


def subject_fines(text: str) -> tuple[tuple[Fine, ...], tuple[str, ...]]:
    """The fines of a sentence with whom each is set for: named in the fine's own words (对个人处…)
    or at the head of its branch (个人有前款第一项行为的，处…; 单位违反…的，处…)."""
    out, subjects = [], []
    for branch in re.split(r"[；;。]", text):
        found = fines(branch)
        at = 0
        for f in found:
            pos = branch.find(f.text, at)
            at = pos + len(f.text) if pos >= 0 else at
            head = re.split(r"[：:]", branch[:max(pos, 0)])[-1]      # （一）对组织者为单位的，处… after the 款's colon
            head = _ITEM_MARK.sub("", head.strip())
            out.append(f)
            subjects.append(_subject(f.text) or _subject(head[:8]))
    return tuple(out), tuple(subjects)


def facts_of(text: str, *, lead: str = "") -> ProvisionFacts:
    """Facts of one clause (a 款, or a 项 with the 款 ``lead`` that introduces it)."""
    whole = lead + text if lead else text
    # 项 that grade the sanction (…经劝阻仍不改正的，按照下列规定处以罚款：（一）对单位…) keep the 款's conduct
    own = conduct_of(text) if lead else conduct_of(whole)
    graded = lead and _GRADED.search(lead) and not _ITEMS_ARE_CONDUCT.search(lead) and \
        (len(own) < 10 or own.startswith("对")) and len(conduct_of(lead)) >= 6
    conduct = conduct_of(lead) if graded else own
    refs = []
    for m in _INTERNAL_REF.finditer(whole[: (_CONDUCT_END.search(whole) or re.search("$", whole)).start()]):
        try:
            refs.append(int(parse_number(m.group(1))))
        except ValueError:
            continue
    found, subjects = subject_fines(mask_titles(whole))
    return ProvisionFacts(
        text=whole, conduct=conduct, sanctions=sanctions_of(whole), fines=found, fine_subjects=subjects,
        precondition=has_precondition(whole), licence=bool(_LICENCE.search(whole)),
        fee=bool(_FEE.search(whole)), deadlines=_deadlines(whole), modality=_modality(whole),
        authority=authority_of(whole), refs=tuple(refs))
