"""B.10 Drafting technique."""
from __future__ import annotations

import re

from checks.base import Context, Hit, hit_at, rule
from checks.clauses import concepts_in, norm_hit, norms
from checks.penalty import sanctions
from checks.text import TITLE_RE
from lawtext.vocabulary import UNQUOTED_TITLE

_NO_QUOTES = re.compile(rf"(依据|根据|依照|按照|违反|适用)(?!《|本)(?P<name>{UNQUOTED_TITLE})(?=[的，,。第和及、等])")
_GENERIC = re.compile(r"^(有关|相关|国家|上述|前款|前述|其他|下列|该|上级|法律|行政(?:法规|规章|管理|机关|部门|规定|事业)|本|其|原|同|各|地方|现行|相应|前条|此|以上)")
_ALIAS_RE = re.compile(r"以下简称《([^《》]+)》")
_ON_A_PARTY = re.compile(r"对[^，。；]{0,12}?(?:经营者|当事人|企业|单位|个人|违法行为人|行为人)[^，。；]{0,4}?采取")   # 对经营者采取相应措施
_OPEN_CONDUCT = re.compile(r"(?:等(?:违法|违规|不文明)?(?:行为|情形)(?:之一)?|[\u4e00-\u9fff]{2}等|"
                           r"[\u4e00-\u9fff]{2}等(?:影响|妨碍|危害|损害|破坏)[^，。；]{1,12})的?$")   # 摆卖物品等影响市容环境的


@rule("DRAFT-CITE-NAME", title="引用法律未用全称或书名号", levels="LR GR ND", severity="warning", head=0,
      basis="立法技术规范（试行）（一）（法工委发〔2009〕62号）第6项")
def draft_cite_name(ctx: Context):
    """
    What it checks: 引用法律法规是否使用书名号和全称：缺少书名号（「根据行政许可法」）；全国性法律使用简称
    （《行政许可法》，而文中没有「以下简称《行政许可法》」）。
    Why: 引用法律应当使用全称并加书名号（如《中华人民共和国行政处罚法》），简称只能在首次引用全称并注明
    「以下简称」后使用。语料统计：1,918 件地方性法规中「根据《中华人民共和国…》」出现 1,142 次，「根据《X法》」仅 1 次。
    Fires on: 「根据《行政许可法》和有关法律规定，结合本市实际，制定本办法。」
    Does not fire on: 「根据《中华人民共和国行政许可法》（以下简称《行政许可法》）……依照《行政许可法》第十二条」；
    「依照有关法律规定」。
    Basis: 立法技术规范（试行）（一）第6项「引用法律名称的表述」（目录可见，条文未核实）。
    """
    aliases = set(_ALIAS_RE.findall(ctx.full_text))
    national_short = None
    if ctx.corpus is not None:
        national_short = ctx.corpus.by_short
    reported = set()
    for s in ctx.sentences:
        for m in TITLE_RE.finditer(s.text):
            t = m.group(1)
            if t in aliases or t.startswith("中华人民共和国") or t in reported:
                continue
            if not re.search(r"法$", t) or re.search(r"(办法|方法|做法|宪法修正案)$", t):
                continue
            if national_short is not None and t not in national_short:
                continue
            reported.add(t)
            full = f"《中华人民共和国{t}》"
            yield hit_at(s, m, f"引用全国性法律应使用全称{full}，或在首次引用全称时注明「以下简称《{t}》」。")
        for m in _NO_QUOTES.finditer(s.masked):
            name = m.group("name")
            if _GENERIC.match(name) or name in reported:
                continue
            reported.add(name)
            yield hit_at(s, (m.start("name"), m.end("name")), f"引用法律法规名称应加书名号：《{name}》。")


@rule("DRAFT-NUMBERING", title="编章节条款项目的序号写法", levels="LR GR ND", severity="warning", head=0,
      basis="《中华人民共和国立法法》第六十五条第二款")
def draft_numbering(ctx: Context):
    """
    What it checks: 章、节、条是否用汉字数字；项是否写作「（一）」；目是否写作「1.」；条文中引用条、章、节是否用阿拉伯数字。
    Why: 编、章、节、条的序号用中文数字依次表述，款不编序号，项的序号用中文数字加括号，目的序号用阿拉伯数字。
    Fires on: 「第3条」；以「1.」编号的项；「违反第12条规定」。
    Does not fire on: 「第十二条」「（一）」「1.」作为目。
    Basis: 立法法第六十五条第二款（经第八十七条适用于地方性法规；规章、规范性文件参照）。
    """
    for h in ctx.tree.headings:
        if re.search(r"第\s*\d+\s*(编|章|节)", h.label):
            yield Hit(f"{h.label}：章、节序号应使用汉字数字。", None, element_id=h.id)
    for a in ctx.tree.articles:
        if re.search(r"\d", a.label):
            yield Hit(f"{a.label}：条的序号应使用汉字数字。", None, element_id=a.id, article_label=a.label)
        for p in a.paragraphs:
            for it in p.items:
                if it.kind == "item" and re.match(r"^\d", it.label):
                    yield Hit(f"{a.label}的项序号「{it.label}」应写作「（一）」式。", None, element_id=it.id,
                              article_label=a.label)
                    break
                for sub in it.children:
                    if sub.label.startswith(("（", "(")):
                        yield Hit(f"{a.label}的目序号「{sub.label}」应写作「1.」式。", None, element_id=sub.id,
                                  article_label=a.label)
                        break
    for s in ctx.sentences:
        for m in re.finditer(r"第\s*\d+\s*(条|章|节)", s.masked):
            yield hit_at(s, m, f"「{m.group(0)}」应使用汉字数字。")


@rule("DRAFT-TITLE-GR", title="规章名称称「条例」", levels="GR", severity="error", head=0,
      basis="《规章制定程序条例》第七条")
def draft_title_gr(ctx: Context):
    """
    What it checks: 政府规章的名称是否以「条例」结尾，条文是否自称「本条例」。
    Why: 规章的名称一般称「规定」「办法」，但不得称「条例」。
    Fires on: 规章标题「某市停车场管理条例」；规章条文「本条例自2026年3月1日起施行。」
    Does not fire on: 「某市停车场管理办法」「某市停车场管理规定」；「依照《城市道路管理条例》的规定」。
    Basis: 规章制定程序条例第七条。
    """
    t = re.sub(r"[（(][^）)]*[）)]$", "", ctx.title.strip())
    if t.endswith("条例"):
        yield Hit(f"规章名称「{ctx.title}」不得称「条例」，应称「规定」或「办法」。")
        return
    seen = set()
    for n in norms(ctx):
        k = n.clause.text.find("本条例")
        if k >= 0 and id(n.unit.article) not in seen:
            seen.add(id(n.unit.article))
            yield norm_hit(n, "规章自称「本条例」；规章不得称「条例」，应称「本办法」或「本规定」。", "规章自称「本条例」",
                           span=(n.clause.start + k, n.clause.start + k + 3))


_GOVERNMENT = ("人民政府", "政府")
_LEGISLATURE = ("常务委员会", "人大常委会")


def _interpreter(n) -> str:
    """Who the clause makes interpret or amend the draft: the organ after 由, else the first organ."""
    organs = [c for c in n.clause.concepts if c.label == "ORGAN"]
    after = [c for c in organs if "由" in n.clause.text[:c.start - n.clause.start]]
    pick = (after or organs)
    if not pick:
        return ""
    first = pick[0]
    text = n.clause.text
    i = first.start - n.clause.start
    j = max(text.rfind(ch, 0, i) for ch in "由，,；") + 1
    return text[j:first.end - n.clause.start]


@rule("DRAFT-INTERP", title="解释权条款", levels="LR GR ND",
      severity={"GR": "error", "LR": "warning", "ND": "info"}, head=0,
      basis="《规章制定程序条例》第三十三条；《北京市制定地方性法规条例》第五十四条（地方示例）")
def draft_interp(ctx: Context):
    """
    What it checks: 规章是否把解释权（「本办法由……负责解释」「本办法的解释工作，由……承担」）或者修改、公布权交给工作部门
    （错误）；规章把「实施中的具体问题」交给部门解释的（警示）；地方性法规是否把法规解释权交给政府或部门（警示）；
    「具体应用问题由……解释」的条款（提示）。
    Why: 规章解释权属于规章制定机关（市人民政府），由其法制机构参照规章送审稿审查程序提出意见，报请制定机关批准后
    公布；规章的修改、废止由制定机关决定并公布；地方性法规的解释权属于人大常委会。
    Fires on: 规章「本办法由市交通运输局负责解释。」；规章「本办法的解释工作，由市交通运输局承担。」；规章「本办法的修改，
    由市住房和城乡建设局提出并公布。」
    Does not fire on: 规章「本办法由市人民政府负责解释，具体工作由市司法局承办。」；地方性法规「本条例由市人民代表大会
    常务委员会负责解释。」
    Basis: 规章制定程序条例第三十三条；北京市制定地方性法规条例第五十四条（其他地方立法条例类似）。
    """
    for n in norms(ctx):
        cl = n.clause
        acts = [c for c in cl.concepts if c.label == "INTERPRET"]
        if not acts or not any(c.label == "REFERRAL" and c.kind == "self" for c in cl.concepts):
            continue
        who = _interpreter(n)
        if not who:
            continue
        government = any(w in who for w in _GOVERNMENT)
        legislature = any(w in who for w in _LEGISLATURE)
        kinds = {c.kind for c in acts}
        span = (acts[0].start, acts[0].end)
        if "application" in kinds:
            if ctx.level == "GR" and not government:
                yield norm_hit(n, f"规章的解释权属于制定规章的人民政府；「实施中的具体问题」交由「{who}」解释，请改由人民政府解释"
                                  f"或明确为工作部门对执行中具体问题的答复。", f"由{who}解释规章", span=span, severity="warning")
            else:
                yield norm_hit(n, "「具体应用问题」解释条款：请确认解释机关及程序。", "具体应用问题的解释", span=span, severity="info")
        elif "act" in kinds:
            if ctx.level == "GR" and not government:
                yield norm_hit(n, f"规章的解释权属于制定规章的人民政府，不得交由「{who}」。", f"由{who}解释规章", span=span)
            elif ctx.level == "LR" and not legislature:
                yield norm_hit(n, "地方性法规的解释权属于人大常委会，不宜交由政府或部门。", f"由{who}解释法规", span=span)
        if ctx.level == "GR" and "amend" in kinds and not government and any(c.text in ("公布", "发布", "印发") for c in acts) \
                and any(c.text in ("修改", "修订", "废止") for c in acts):
            yield norm_hit(n, f"规章的修改、废止由制定规章的人民政府决定并以政府令公布，不得由「{who}」公布。", f"由{who}修改并公布规章",
                           span=span)


@rule("DRAFT-REPEAT", title="照抄上位法条文", levels="LR GR ND", severity="info", head=3,
      basis="《中华人民共和国立法法》第八十二条第四款；《规章制定程序条例》第八条第二款",
      requires=("tree", "corpus"))
def draft_repeat(ctx: Context):
    """
    What it checks: 草案条文是否与第一条所列上位法的某一条高度雷同（相似度 ≥ 90%）。
    Why: 上位法已经明确规定的内容，地方性法规原则上不作重复规定；规章原则上不重复法律、法规已经明确规定的内容；
    规范性文件不得照抄照搬。
    Fires on: 条文与所引上位法某条文字基本一致。
    Does not fire on: 对上位法作出具体化、细化规定的条文。
    Basis: 立法法第八十二条第四款；规章制定程序条例第八条第二款；国办发〔2018〕37号 一（二）。
    """
    from rapidfuzz import fuzz, process
    titles = [m.group(1) for m in TITLE_RE.finditer(ctx.purpose_text)]
    upper = []
    for t in titles:
        doc = ctx.corpus.tree(t)
        if doc is not None:
            upper.extend((t, a) for a in doc.articles if len(a.flat_text) >= 30)
    if not upper:
        return
    choices = [a.flat_text for _, a in upper]
    for a in ctx.tree.articles[1:]:
        text = a.flat_text
        if len(text) < 30:
            continue
        best = process.extractOne(text, choices, scorer=fuzz.ratio, score_cutoff=90)
        if best:
            t, ua = upper[best[2]]
            yield Hit(f"本条与《{t}》{ua.label}基本相同（相似度 {best[1]:.0f}%），上位法已有规定的一般不作重复规定。",
                      None, element_id=a.id, article_label=a.label)


@rule("DRAFT-STRUCTURE", title="章节设置与附则内容", levels="LR GR ND", severity="info", head=0,
      basis="《规章制定程序条例》第八条第三款；立法技术规范（试行）（一）第2项")
def draft_structure(ctx: Context):
    """
    What it checks: 内容简单的规章（少于 30 条）是否分章节（提示）；取代旧文件的草案（卷宗 replaces）是否写明
    「《……》同时废止」（警示）。
    Why: 除内容复杂的外，规章一般不分章、节；新文件取代旧文件而不明示废止，会出现两个文本同时有效。
    Fires on: 18 条的规章分为五章；卷宗 replaces「某市停车场管理办法」而附则无废止条款。
    Does not fire on: 60 条分章的条例；附则写明「2010年1月1日起施行的《某市停车场管理办法》同时废止」。
    Basis: 规章制定程序条例第八条第三款；立法技术规范（试行）（一）第2项（定义一般放在附则）。
    """
    chapters = [h for h in ctx.tree.headings if h.kind == "章"]
    if ctx.level == "GR" and chapters and len(ctx.tree.articles) < 30:
        yield Hit(f"规章共 {len(ctx.tree.articles)} 条而分为 {len(chapters)} 章；内容不复杂的规章一般不分章、节。",
                  None, element_id=chapters[0].id)
    replaces = (ctx.dossier or {}).get("replaces")
    if replaces and not re.search(r"《" + re.escape(replaces) + r"》[^。]{0,10}(同时)?废止", ctx.full_text):
        last = ctx.clauses[-1] if ctx.clauses else None
        yield Hit(f"草案取代《{replaces}》，但附则中没有「《{replaces}》同时废止」的条款。", last, severity="warning",
                  facts=("replaces",))


@rule("DRAFT-CLARITY", title="表述不明确、不可执行", levels="LR GR ND", severity="info", head=0,
      basis="《中华人民共和国立法法》第七条第二款；《规章制定程序条例》第五条第二款、第八条第一款")
def draft_clarity(ctx: Context):
    """
    What it checks: 罚则规定罚款而未写数额（警示）；罚则的违法行为以「等」概括（「损坏公共设施、妨碍市容等行为的」，
    含列项中的「其他……等行为」，警示）；「适当罚款」「必要时采取措施」等模糊表述（提示；用于处罚、针对违法者或
    「对经营者采取」时为警示）；职责交给「有关部门」而未明确具体部门（提示；由「有关部门」处罚的为警示）。
    Why: 法律规范应当明确、具体，具有针对性和可执行性；规章赋予权力的，应当规定行使权力的条件、程序和责任。
    Fires on: 「违反本办法规定的，处以罚款。」；「有损坏公共设施、妨碍市容环境卫生等行为的，处一百元以上一千元以下罚款」；
    「必要时采取措施」；「由有关部门视情况进行处理」；「依照有关规定给予处罚」；发现违法建设「可以采取必要措施予以制止」；
    申请材料以「上级有关文件要求的其他材料」兜底（警示）。
    Does not fire on: 「处一千元以上五千元以下罚款。」；「由市城市管理部门负责」。
    Basis: 立法法第七条第二款；规章制定程序条例第五条第二款、第八条第一款。
    """
    open_ended = set()
    for n, c in sanctions(ctx):
        if c.kind == "fine" and (c.amount is None or (c.amount.max_amount is None and not c.amount.is_multiple)):
            yield norm_hit(n, "罚款未规定数额或幅度，不具有可执行性。", "罚款未规定数额", c, severity="warning")
        earlier = [d for cl in n.prov.clauses if cl.start < n.clause.start for d in cl.conditions]   # 维护车辆等的，责令整改；逾期未整改的，处罚款
        items = [d for it in n.prov.items for cl in it.clauses for d in cl.conditions]               # （三）其他…等行为的
        cond = next((d for d in list(n.clause.conditions) + earlier + items if _OPEN_CONDUCT.search(d.text)), None)
        if cond is not None and id(n) not in open_ended:
            open_ended.add(id(n))
            yield norm_hit(n, f"处罚的违法行为以「等」概括（「{cond.text}」），构成要件不确定，应逐项列明。",
                           "违法行为以「等」概括", span=(cond.start, cond.end), severity="warning")
    for n in norms(ctx):
        for c in concepts_in(n, "VAGUE", "measure"):
            # a sanction with neither kind nor range, or an open power over those who broke the rules
            punishes = (any(w in c.text for w in ("处罚", "罚款", "处理")) or n.violation or "视情" in n.clause.text
                        or bool(_ON_A_PARTY.search(n.clause.text))) and not n.cites_upper_law
            yield norm_hit(n, f"「{c.text}」表述不明确，应写明条件、种类和幅度。", "表述不明确", span=(c.start, c.end),
                           severity="warning" if punishes else None)
        for c in concepts_in(n, "VAGUE", "materials")[:1]:
            yield norm_hit(n, f"申请材料以「{c.text}」兜底，范围不确定，申请人无从准备，应逐项列明。", "申请材料范围不明确",
                           span=(c.start, c.end), severity="warning")
        for c in concepts_in(n, "VAGUE", "department")[:1]:
            sanctioning = any(x.type == "sanction" and not x.negated for x in n.clause.consequences)
            yield norm_hit(n, "由「有关部门」实施处罚，处罚的实施机关不明确，应写明具体部门。" if sanctioning else
                           "职责由「有关部门」承担，请明确具体部门。", "职责主体不明确", span=(c.start, c.end),
                           severity="warning" if sanctioning else None)
