"""Hypothesis strategies for cleanpage's property tests.

Everything here is written for these tests: a small vocabulary of news Chinese in both
scripts (Simplified and Traditional, one script per document), a grammar that builds
headlines and paragraphs from it, and generators for the junk scraped pages carry:
SEO keyword lines (terms from ``spam.toml``), pinyin annotations, recommendation lists
and portal boilerplate.

A clean article is produced in cleanpage's output format: the title line, then one
paragraph per line, joined by ``"\\n"``, without blank lines or surrounding whitespace.
"""

from __future__ import annotations

from collections import Counter
from functools import cache, lru_cache

from hypothesis import assume
from hypothesis import strategies as st

from cleanpage.detectors.pinyin import TONE_MARKS, _readings
from cleanpage.lexicons import load_toml, spam_lexicon
from cleanpage.script import _t2s_pairs, fold, is_han

SIMP = 0
TRAD = 1
Pairs = list[tuple[str, str]]


def _pairs(spec: str) -> Pairs:
    """``简/繁`` tokens (or one token when both scripts write it the same way)."""
    out: Pairs = []
    for token in spec.split():
        simp, _, trad = token.partition("/")
        out.append((simp, trad or simp))
    return out


# --- vocabulary ---------------------------------------------------------------------

SUBJECTS = _pairs("""
市政府 当地居民/當地居民 研究人员/研究人員 专家学者/專家學者 不少企业/不少企業 科研团队/科研團隊
学校老师/學校老師 这家医院/這家醫院 游客/遊客 农民/農民 工程师/工程師 消费者/消費者 开发者/開發者
运动员/運動員 志愿者/志願者 社区工作者/社區工作者 年轻人/年輕人 家长/家長 学生/學生 村民 创业者/創業者
管理部门/管理部門 相关部门/相關部門 教育部门/教育部門 交通部门/交通部門 气象部门/氣象部門
业内人士/業內人士 分析人士 经济学家/經濟學家 该公司/該公司 这家工厂/這家工廠 研究机构/研究機構
市图书馆/市圖書館 省博物馆/省博物館 出版社 航空公司 铁路部门/鐵路部門 医生/醫生 护士/護士 厨师/廚師 作家
画家/畫家 音乐家/音樂家 科学家/科學家 设计师/設計師 律师/律師 地方法院 商业银行/商業銀行
市场监管部门/市場監管部門 环保组织/環保組織 农业合作社/農業合作社 街道办事处/街道辦事處 居委会/居委會
高校/高校 物业公司/物業公司 快递企业/快遞企業
""")

PLACES = _pairs("""
北京 上海 广州/廣州 深圳 杭州 成都 武汉/武漢 西安 南京 重庆/重慶 天津 苏州/蘇州 长沙/長沙 郑州/鄭州
青岛/青島 厦门/廈門 昆明 兰州/蘭州 哈尔滨/哈爾濱 香港 台北/臺北 东京/東京 伦敦/倫敦 巴黎 纽约/紐約
新加坡 首尔/首爾 日本 沿海地区/沿海地區 老城区/老城區 西部山区/西部山區
""")

TIMES = _pairs("""
今年 去年 近年来/近年來 上周/上週 本月 昨天上午 今天下午 前不久 目前 此前 未来三年/未來三年
过去十年/過去十年 春节期间/春節期間 暑假期间/暑假期間 今年以来/今年以來 上半年 第一季度
""")

ADVERBS = _pairs("""
积极/積極 持续/持續 逐步 进一步/進一步 大力 不断/不斷 稳步/穩步 加快 认真/認真 全面 正在 计划/計劃
决定/決定 开始/開始 继续/繼續 率先
""")

VERB_OBJECTS = _pairs("""
推动产业升级/推動產業升級 改善居住环境/改善居住環境 发布年度报告/發布年度報告 完善公共服务/完善公共服務
提升服务质量/提升服務質量 修建城市公园/修建城市公園 开通地铁线路/開通地鐵線路 举办文化活动/舉辦文化活動
保护生态环境/保護生態環境 降低生产成本/降低生產成本 扩大对外开放/擴大對外開放 支持小微企业/支持小微企業
培养专业人才/培養專業人才 建设数字乡村/建設數字鄉村 加强安全管理/加強安全管理
推广新能源汽车/推廣新能源汽車 研发新型材料/研發新型材料 优化营商环境/優化營商環境
开展健康体检/開展健康體檢 整治老旧小区/整治老舊小區 增加绿地面积/增加綠地面積 引进先进技术/引進先進技術
提高农业产量/提高農業產量 修复历史建筑/修復歷史建築 组织专题讲座/組織專題講座 收集市民意见/收集市民意見
调整课程设置/調整課程設置 延长开放时间/延長開放時間 减少碳排放/減少碳排放 改进检测方法/改進檢測方法
制定行业标准/制定行業標準 完成技术改造/完成技術改造 建立应急机制/建立應急機制 发展乡村旅游/發展鄉村旅遊
保障粮食安全/保障糧食安全 推进垃圾分类/推進垃圾分類 扩建社区医院/擴建社區醫院
免费开放博物馆/免費開放博物館 开设夜间门诊/開設夜間門診 更新公交车辆/更新公交車輛
改造供水管网/改造供水管網 种植耐旱作物/種植耐旱作物 建设充电设施/建設充電設施 推出便民措施/推出便民措施
编写乡土教材/編寫鄉土教材 恢复湿地生态/恢復濕地生態 升级网络设备/升級網絡設備 设立创新基金/設立創新基金
""")

EVALUATIONS = _pairs("""
效果十分明显/效果十分明顯 受到广泛关注/受到廣泛關注 取得了积极进展/取得了積極進展
仍面临不少挑战/仍面臨不少挑戰 市场反应良好/市場反應良好 前景值得期待 各方意见不一/各方意見不一
还需要更多时间/還需要更多時間 得到了居民的支持 这一做法值得推广/這一做法值得推廣
相关工作正在推进/相關工作正在推進 具体细节尚未公布/具體細節尚未公布 成本明显下降/成本明顯下降
参与人数创下新高/參與人數創下新高 问题依然存在/問題依然存在 居民普遍表示满意/居民普遍表示滿意
进展比预期更快/進展比預期更快 整体运行平稳/整體運行平穩 各项指标保持稳定/各項指標保持穩定
工期比原计划提前/工期比原計劃提前
""")

REPORT_VERBS = _pairs("表示 认为/認為 指出 介绍/介紹 透露 强调/強調 坦言 告诉记者/告訴記者")
CONNECTIVES = _pairs("""
同时/同時 此外 但 因此 然而 另外 与此同时/與此同時 不过/不過 事实上/事實上 总体来看/總體來看
""")
NAMES = _pairs("""
王明 李华/李華 张伟/張偉 陈静/陳靜 刘洋/劉洋 赵磊/趙磊 周婷 吴昊/吳昊 孙丽/孫麗 黄强/黃強 林芳 郭涛/郭濤
何敏 马超/馬超 罗杰/羅傑 许文/許文 冯晓/馮曉 邓宇/鄧宇
""")
ROLES = _pairs("""
教授 负责人/負責人 主任 院长/院長 工作人员/工作人員 市民 店主 校长/校長 研究员/研究員 项目经理/項目經理
村支书/村支書
""")
BOOKS = _pairs("""
城市记忆/城市記憶 春天的故事 平凡的日子 数字经济发展报告/數字經濟發展報告 山河之间/山河之間
远方的灯塔/遠方的燈塔 老街旧事/老街舊事 科学的边界/科學的邊界
""")
AGENCIES = _pairs("新华社/新華社 中新社 本报/本報")
UNITS = _pairs("亿元/億元 万元/萬元 元")
NUMBER_PHRASES = _pairs("""
同比增长{pct}/同比增長{pct} 环比下降{pct}/環比下降{pct} 总投资约{amount}/總投資約{amount}
共有{n}人参加/共有{n}人參加 覆盖{n}个社区/覆蓋{n}個社區 占比达到{pct}/佔比達到{pct} 比去年多出{n}家
全长{n}公里/全長{n}公里 预计{date}完工/預計{date}完工 于{date}正式启动/於{date}正式啟動
累计接待{n}人次/累計接待{n}人次 完成率超过{pct}/完成率超過{pct} 营业收入达{amount}/營業收入達{amount}
""")
# headline shapes; {p} place, {a} adverb, {vo} verb phrase, {s} subject, {e} evaluation, {b} book
TITLE_TEMPLATES = _pairs("""
{p}{a}{vo} {p}{vo} {s}呼吁{vo}/{s}呼籲{vo} 《{b}》出版发行/《{b}》出版發行 {y}年{p}将{vo}/{y}年{p}將{vo}
{p}为何要{vo}？/{p}為何要{vo}？ {p}{vo}：{e} {s}在{p}{vo}
""")

QUOTE_MARKS = (("“", "”"), ("“", "”"), ("「", "」"))

ENGLISH_SENTENCES = (
    "The project is expected to be completed by the end of next year.",
    "Officials said the new rules would take effect in the spring.",
    "Local residents welcomed the decision, according to a survey.",
    "The museum will extend its opening hours during the holiday.",
    "Researchers published their findings in a peer-reviewed journal.",
    "Demand for electric vehicles continued to grow last quarter.",
    "The city plans to plant more trees along the river.",
    "Analysts expect the trend to continue for several months.",
    "Schools in the region will reopen after the summer break.",
    "The company declined to comment on the report.",
    "Farmers in the area are trying new drought-resistant crops.",
    "Train services between the two cities will increase next month.",
    "Visitors can book tickets online or at the gate.",
    "Experts warned that the problem would not be solved quickly.",
    "Construction of the new library began in March.",
    "Most respondents said they were satisfied with the service.",
    "Water quality in the lake has improved significantly.",
    "We will keep listening to what people tell us.",
    "Is this the right moment to change course?",
    "Nobody expected the results to come so soon!",
)
ENGLISH_TEMPLATES = (
    "Sales rose {pct} from a year earlier.",
    "About {n} people attended the opening ceremony.",
    "The new bridge is {n} metres long.",
    "The survey covered {n} households in {year}.",
)

# --- the spam lexicon, read from the package's own data file ------------------------

_SPAM = load_toml("spam.toml")
STRONG_TERMS = sorted({t for entry in _SPAM.values() for t in entry.get("strong", [])})
WEAK_TERMS = sorted({t for entry in _SPAM.values() for t in entry.get("weak", [])})
WEAK_HAN_TERMS = [t for t in WEAK_TERMS if not t.isascii()]
SPAM_SEPARATORS = ("|", "_", "-", " ", ",")


def spam_hits(text: str) -> list[str]:
    """Lexicon terms (strong or weak) found in the folded text."""
    return [m.group() for m in spam_lexicon().pattern.finditer(fold(text))]


def has_strong_term(text: str) -> bool:
    strong = spam_lexicon().strong
    return any(h in strong for h in spam_hits(text))


# Simplified -> Traditional for the characters of the spam lexicon (written for these
# tests; characters Traditional writes the same way, such as 彩 出 真 注, are left out)
_S2T_SPEC = """
专專 业業 丝絲 乐樂 乱亂 亚亞 产產 优優 会會 伟偉 传傳 伦倫 体體 侦偵 册冊 减減 凭憑 剂劑 办辦
动動 区區 单單 历歷 发發 台臺 听聽 呗唄 喷噴 国國 场場 墙牆 壮壯 奖獎 奸姦 妇婦 娱娛 学學 宝寶
币幣 干幹 开開 强強 当當 征徵 忆憶 戏戲 户戶 撸擼 斗鬥 无無 时時 机機 枪槍 欧歐 毕畢 气氣 游遊
热熱 爱愛 现現 电電 码碼 秽穢 窃竊 约約 级級 线線 络絡 综綜 网網 艺藝 荡蕩 药藥 萝蘿 袜襪 观觀
视視 证證 试試 话話 诱誘 说說 账賬 贷貸 费費 赌賭 赛賽 赢贏 车車 运運 选選 钱錢 银銀 门門 阳陽
韩韓 频頻 额額 飞飛 马馬 黄黃
"""
_S2T = {pair[0]: pair[1] for pair in _S2T_SPEC.split()}


@lru_cache(maxsize=1)
def _simp_to_trad() -> dict[str, str]:
    """``_S2T``, keeping only pairs that cleanpage folds back (so the term still matches)."""
    pairs = set(_t2s_pairs())
    return {simp: trad for simp, trad in _S2T.items() if (trad, simp) in pairs}


def to_traditional(text: str) -> str:
    table = _simp_to_trad()
    return "".join(table.get(ch, ch) for ch in text)


# --- small pieces -------------------------------------------------------------------

scripts = st.sampled_from((SIMP, TRAD))


def _pick(draw: st.DrawFn, vocab: Pairs, script: int) -> str:
    return draw(st.sampled_from(vocab))[script]


@st.composite
def prose_dates(draw: st.DrawFn) -> str:
    year = draw(st.integers(1995, 2030))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    return f"{year}年{month}月{day}日"


percentages = st.one_of(
    st.integers(1, 99).map(lambda x: f"{x}%"),
    st.tuples(st.integers(0, 99), st.integers(1, 9)).map(lambda t: f"{t[0]}.{t[1]}%"),
)


@st.composite
def number_phrases(draw: st.DrawFn, script: int) -> str:
    template = _pick(draw, NUMBER_PHRASES, script)
    amount = f"{draw(st.integers(2, 980))}{_pick(draw, UNITS, script)}"
    return template.format(
        n=draw(st.integers(2, 9800)), pct=draw(percentages), amount=amount, date=draw(prose_dates())
    )


@st.composite
def english_sentences(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 3)) == 0:
        template = draw(st.sampled_from(ENGLISH_TEMPLATES))
        return template.format(
            pct=draw(percentages), n=draw(st.integers(2, 9000)), year=draw(st.integers(1990, 2030))
        )
    return draw(st.sampled_from(ENGLISH_SENTENCES))


@st.composite
def clauses(draw: st.DrawFn, script: int) -> str:
    """One clause, without punctuation at either end."""
    kind = draw(st.integers(0, 9))
    s = _pick(draw, SUBJECTS, script)
    vo = _pick(draw, VERB_OBJECTS, script)
    if kind == 0:
        time = _pick(draw, TIMES, script) if draw(st.booleans()) else ""
        return f"{time}{s}{_pick(draw, ADVERBS, script)}{vo}"
    if kind == 1:
        return f"{s}在{_pick(draw, PLACES, script)}{vo}"
    if kind == 2:
        return f"{_pick(draw, CONNECTIVES, script)}{s}{vo}"
    if kind == 3:
        return _pick(draw, EVALUATIONS, script)
    if kind == 4:
        return draw(number_phrases(script))
    if kind == 5:
        name = _pick(draw, NAMES, script)
        return f"{_pick(draw, ROLES, script)}{name}{_pick(draw, REPORT_VERBS, script)}"
    if kind == 6:
        b = _pick(draw, BOOKS, script)
        return f"《{b}》{('一书', '一書')[script]}{_pick(draw, EVALUATIONS, script)}"
    if kind == 7:  # foreign press, with the legit parentheses real articles carry
        paper = ("英国《金融时报》", "英國《金融時報》")[script]
        gloss = draw(st.sampled_from(("(FT)", "(Financial Times)", "（FT）")))
        return f"{('据', '據')[script]}{paper}{gloss}{('报道', '報道')[script]}"
    if kind == 8:
        year = draw(st.integers(1990, 2029))
        return f"去年（{year}年）{s}{vo}"
    return f"{s}在{draw(prose_dates())}{vo}"


@st.composite
def titles(draw: st.DrawFn, script: int) -> str:
    """A short headline: no 。, at least six Han characters, no spam lexicon term."""
    template = _pick(draw, TITLE_TEMPLATES, script)
    title = template.format(
        p=_pick(draw, PLACES, script),
        a=_pick(draw, ADVERBS, script),
        vo=_pick(draw, VERB_OBJECTS, script),
        s=_pick(draw, SUBJECTS, script),
        e=_pick(draw, EVALUATIONS, script),
        b=_pick(draw, BOOKS, script),
        y=draw(st.integers(2000, 2030)),
    )
    assume(not spam_hits(title))
    return title


# --- blocks: each is one or more output lines ----------------------------------------


@st.composite
def prose_paragraphs(draw: st.DrawFn, script: int) -> str:
    parts = draw(st.lists(clauses(script), min_size=1, max_size=6))
    opener = draw(st.integers(0, 4))
    if opener == 0:  # a dateline with the reporter in parentheses
        agency = _pick(draw, AGENCIES, script)
        place = _pick(draw, PLACES, script)
        month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28))
        reporter = f"{('记者', '記者')[script]} {_pick(draw, NAMES, script)}"
        parts[0] = f"{agency}{place}{month}月{day}日{('电', '電')[script]}（{reporter}）{parts[0]}"
    elif opener == 1 and draw(st.booleans()):  # an English phrase quoted inside the sentence
        name = _pick(draw, NAMES, script)
        said = ("用英语说", "用英語說")[script]
        parts.append(f"{name}{said}“{draw(english_sentences())}”")
    end = draw(st.sampled_from("。。。！？"))
    return "，".join(parts) + end


@st.composite
def quoted_paragraphs(draw: st.DrawFn, script: int) -> str:
    """``负责人王明表示：“…。”``: a paragraph that ends with a closing quote."""
    speaker = f"{_pick(draw, ROLES, script)}{_pick(draw, NAMES, script)}{_pick(draw, REPORT_VERBS, script)}"
    parts = draw(st.lists(clauses(script), min_size=1, max_size=4))
    opening, closing = draw(st.sampled_from(QUOTE_MARKS))
    return f"{speaker}：{opening}{'，'.join(parts)}{draw(st.sampled_from('。！？'))}{closing}"


@st.composite
def english_paragraphs(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(english_sentences(), min_size=1, max_size=4, unique=True)))


@st.composite
def list_blocks(draw: st.DrawFn, script: int) -> list[str]:
    n = draw(st.integers(2, 5))
    bullet = draw(st.sampled_from(("number", "•", "·")))
    items = []
    for i in range(n):
        body = _pick(draw, VERB_OBJECTS, script)
        if draw(st.booleans()):
            body += f"，{_pick(draw, EVALUATIONS, script)}。"
        prefix = f"{i + 1}. " if bullet == "number" else f"{bullet} "
        items.append(prefix + body)
    return items


@st.composite
def short_quotes(draw: st.DrawFn, script: int) -> str:
    """A one-line quotation, Chinese or English."""
    if draw(st.integers(0, 3)) == 0:
        return f"“{draw(english_sentences())}”"
    opening, closing = draw(st.sampled_from(QUOTE_MARKS))
    return f"{opening}{_pick(draw, EVALUATIONS, script)}{draw(st.sampled_from('。！'))}{closing}"


@st.composite
def blocks(draw: st.DrawFn, script: int) -> list[str]:
    kind = draw(st.integers(0, 9))
    if kind <= 4:
        return [draw(prose_paragraphs(script))]
    if kind == 5:
        return [draw(quoted_paragraphs(script))]
    if kind == 6:
        return [draw(english_paragraphs())]
    if kind == 7:
        return draw(list_blocks(script))
    if kind == 8:
        return [draw(short_quotes(script))]
    return [draw(prose_paragraphs(script)), draw(english_paragraphs())]


def acceptable_article(lines: list[str]) -> bool:
    """No repeated line (a run of twin lines is a recommendation list) and no strong
    spam phrase (those never occur in the everyday news this vocabulary writes)."""
    return len(set(lines)) == len(lines) and not has_strong_term("\n".join(lines))


@st.composite
def article_lines(
    draw: st.DrawFn, script: int | None = None, min_blocks: int = 1, max_blocks: int = 6
) -> list[str]:
    if script is None:
        script = draw(scripts)
    lines = [draw(titles(script))]
    for block in draw(st.lists(blocks(script), min_size=min_blocks, max_size=max_blocks)):
        lines.extend(block)
    assume(acceptable_article(lines))
    return lines


def articles(script: int | None = None, min_blocks: int = 1, max_blocks: int = 6) -> st.SearchStrategy[str]:
    """Clean articles in cleanpage's output format."""
    return article_lines(script, min_blocks, max_blocks).map("\n".join)


# --- SEO spam ------------------------------------------------------------------------


def _strong_segment(segment: str) -> bool:
    strong = spam_lexicon().strong
    return any(h in strong for h in spam_hits(segment))


@st.composite
def spam_segments(draw: st.DrawFn) -> str:
    """A strong term, sometimes with weak words around it (``日本成人电影在线``)."""
    before = draw(st.lists(st.sampled_from(WEAK_HAN_TERMS), max_size=2))
    after = draw(st.lists(st.sampled_from(WEAK_HAN_TERMS), max_size=2))
    segment = "".join(before) + draw(st.sampled_from(STRONG_TERMS)) + "".join(after)
    assume(len(segment) <= 20 and _strong_segment(segment))
    return segment


@st.composite
def spam_lines(draw: st.DrawFn, min_segments: int = 3, max_segments: int = 10) -> str:
    """A keyword line such as ``国产av一二三区|日本不卡动作网站|…`` (sometimes Traditional)."""
    segments = draw(st.lists(spam_segments(), min_size=min_segments, max_size=max_segments))
    line = draw(st.sampled_from(SPAM_SEPARATORS)).join(segments)
    return to_traditional(line) if draw(st.booleans()) else line


@st.composite
def spam_prefixes(draw: st.DrawFn) -> str:
    """``spam|spam|spam|`` to glue before a title (ends with its separator)."""
    segments = draw(st.lists(spam_segments(), min_size=2, max_size=5))
    sep = draw(st.sampled_from(SPAM_SEPARATORS))
    prefix = sep.join(segments) + sep
    return to_traditional(prefix) if draw(st.booleans()) else prefix


# --- recommendation lists ------------------------------------------------------------

RELATED_HEADERS = _pairs("""
相关推荐/相關推薦 热点推荐/熱點推薦 为你推荐/為你推薦 猜你喜欢/猜你喜歡 推荐阅读/推薦閱讀
相关阅读/相關閱讀 热门推荐/熱門推薦 延伸阅读/延伸閱讀
""")
NEWS_SOURCES = _pairs("""
新华社/新華社 央视新闻/央視新聞 中国新闻网/中國新聞網 澎湃新闻/澎湃新聞 环球时报/環球時報
南方都市报/南方都市報 界面新闻/界面新聞 北京日报/北京日報 红星新闻/紅星新聞
""")


@st.composite
def timestamps(draw: st.DrawFn) -> str:
    y, mo, d = draw(st.integers(2015, 2030)), draw(st.integers(1, 12)), draw(st.integers(1, 28))
    h, mi, s = draw(st.integers(0, 23)), draw(st.integers(0, 59)), draw(st.integers(0, 59))
    return f"{y:04d}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}"


@st.composite
def related_footers(draw: st.DrawFn, script: int, header: bool = True, twin: bool = True) -> list[str]:
    """Header, then >= 3 cards of headline / same headline / source / timestamp
    (without ``twin`` the headline is shown once)."""
    heads = draw(st.lists(titles(script), min_size=3, max_size=6, unique=True))
    lines = [_pick(draw, RELATED_HEADERS, script)] if header else []
    for head in heads:
        lines += [head, head] if twin else [head]
        lines += [_pick(draw, NEWS_SOURCES, script), draw(timestamps())]
    return lines


# --- pinyin annotations -------------------------------------------------------------

_PINYIN_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzü" + TONE_MARKS)


@cache
def toned_readings(ch: str) -> tuple[str, ...]:
    """Readings of ``ch`` that carry a tone mark and are plain pinyin letters."""
    return tuple(
        r
        for r in _readings().get(ord(ch), ())
        if 1 <= len(r) <= 8 and set(r) <= _PINYIN_LETTERS and any(c in TONE_MARKS for c in r)
    )


def annotate(
    text: str,
    readings: dict[str, str],
    skip: frozenset[int] = frozenset(),
    parens: tuple[str, str] = ("(", ")"),
) -> tuple[str, int, int]:
    """Insert ``(reading)`` after every occurrence of each key of ``readings``.

    ``skip`` holds indices (counted over all annotated characters' occurrences in
    order) to leave bare. Returns the text, the number of groups and of distinct
    characters annotated.
    """
    out: list[str] = []
    seen = 0
    groups = 0
    distinct: set[str] = set()
    for ch in text:
        out.append(ch)
        if ch in readings:
            if seen not in skip:
                out.append(f"{parens[0]}{readings[ch]}{parens[1]}")
                groups += 1
                distinct.add(ch)
            seen += 1
    return "".join(out), groups, len(distinct)


def annotatable(text: str) -> Counter[str]:
    return Counter(c for c in text if is_han(c) and toned_readings(c))


@st.composite
def pinyin_annotations(
    draw: st.DrawFn, text: str, min_chars: int = 12, partial: bool = True, page: str | None = None
) -> tuple[str, int]:
    """Annotate >= ``min_chars`` distinct characters of ``text`` so that the page passes
    the detector's thresholds (>= 20 groups, >= 10 characters, consistency >= 0.8).

    Mostly every occurrence is annotated; with ``partial`` up to 15 % of occurrences may
    be left bare, as sloppy mirrors do. Characters are chosen from ``text``; ``page``
    (default ``text``) is what gets annotated. Returns (annotated page, number of groups).
    """
    counts = annotatable(text)
    candidates = [c for c, _ in counts.most_common()]
    assume(len(candidates) >= min_chars)
    if page is not None:
        counts = annotatable(page)
    k = draw(st.integers(min_chars, min(len(candidates), 40)))
    pool_size = draw(st.integers(k, len(candidates)))  # how far down the frequency list to reach
    chosen = draw(st.permutations(candidates[:pool_size]))[:k]
    readings = {c: draw(st.sampled_from(toned_readings(c))) for c in chosen}
    total = sum(counts[c] for c in chosen)
    skip: frozenset[int] = frozenset()
    if partial and draw(st.booleans()):
        skip = frozenset(draw(st.sets(st.integers(0, total - 1), max_size=int(total * 0.15))))
    parens = draw(st.sampled_from((("(", ")"), ("（", "）"))))
    annotated, groups, distinct = annotate(text if page is None else page, readings, skip, parens)
    assume(groups >= 20 and distinct >= min_chars and groups >= 0.85 * total)
    return annotated, groups


# --- portal boilerplate (for realistic and junky pages) ------------------------------

HEADER_JUNK = (
    "首页 > 新闻 > 正文",
    "當前位置：首頁 > 財經 > 正文",
    "首页 新闻 体育 财经 科技 汽车",
    "首页 > 时政新闻 > 城南老街改造完工！市民点赞",
    "我來說兩句(0)",
    "37评论收藏",
)
META_JUNK = (
    "2026-04-28 14:56:14 来源：新华社",
    "来源：中国新闻网",
    "责任编辑：王明",
    "发布时间：2025-03-02 08:15",
    "分享至 微信 微博 QQ空间",
)
FOOTER_JUNK = (
    "特别声明：以上内容仅代表作者本人观点，不代表本站观点。",
    "免責聲明：本文內容僅供參考。",
    "扫码关注我们",
    "返回顶部",
    "网站地图",
    "Copyright © 2026 示例网 版权所有",
    "京ICP备12345678号",
    "■ 我来说两句",
    "用户： 密码：",
    "請注意語言文明，理性發言",
    "[1][2][3][4]",
    "发送GP到6666 随时随地查行情",
    "-- 给编辑写信",
    "*经营许可证编号：京ICP00000008号",
)
TAGS = ("<p>", "</p>", "<br>", "<br/>", '<span class="t">', "</span>", "</div>", '<img src="a.jpg">')
ENTITIES = ("&nbsp;", "&quot;", "&amp;", "&#12288;", "&#10;", "&#13;", "&#x2028;", "&ldquo;", "&#32;")
SEPARATOR_LINES = ("------", "？？？", "***", "=====", "· · ·")
WHITESPACE = (" ", "  ", "\t", "\u3000", "\xa0")


def _cuts_outside_tags(text: str) -> list[int]:
    """Offsets of ``text`` where a tag can go without landing inside another tag."""
    cuts = []
    inside = False
    for i in range(len(text) + 1):
        if not inside:
            cuts.append(i)
        if i < len(text):
            inside = (inside or text[i] == "<") and text[i] != ">"
    return cuts


@st.composite
def realistic_pages(draw: st.DrawFn, tag_junk: bool = False, mirror: bool = True) -> tuple[str, str]:
    """(page, article): the article framed by header, meta and footer furniture, with
    spam lines, HTML tags, (on mirrors) pinyin over the whole page, and layout noise.
    All of it is junk to remove.

    Tags go on article lines (at an edge or inside) or on lines of their own; with
    ``tag_junk`` they wrap furniture lines instead (``<p>来源：新华社</p>``).
    """
    script = draw(scripts)
    lines = draw(article_lines(script, min_blocks=2))
    article = "\n".join(lines)
    header = draw(st.lists(st.sampled_from(HEADER_JUNK), max_size=2))
    meta = draw(st.lists(st.sampled_from(META_JUNK), min_size=int(tag_junk), max_size=3))
    page: list[tuple[str, bool]] = [(x, False) for x in header]
    page.append((lines[0], True))
    page += [(x, False) for x in meta]
    page += [(x, True) for x in lines[1:]]
    if draw(st.booleans()):
        page.append((draw(st.sampled_from(FOOTER_JUNK[:2])), False))  # a statement opens the footer
        page += [(x, False) for x in draw(related_footers(script))]
        page += [(x, False) for x in draw(st.lists(st.sampled_from(FOOTER_JUNK[2:]), max_size=3))]
    for _ in range(draw(st.integers(0, 2))):
        page.insert(draw(st.integers(0, len(page))), (draw(spam_lines()), False))
    targets = [i for i, (_, is_article) in enumerate(page) if is_article != tag_junk]
    for _ in range(draw(st.integers(int(tag_junk), 3))):
        i = draw(st.sampled_from(targets))
        text = page[i][0]
        tag = draw(st.sampled_from(TAGS))
        if tag_junk:
            text = f"{tag}{text}" if draw(st.booleans()) else f"<p>{text}</p>"
        else:  # never inside another tag: scraped markup does not nest that way
            cut = draw(st.sampled_from(_cuts_outside_tags(text)))
            text = text[:cut] + tag + text[cut:]
        page[i] = (text, page[i][1])
    if not tag_junk:
        for _ in range(draw(st.integers(0, 2))):
            page.insert(draw(st.integers(0, len(page))), (draw(st.sampled_from(TAGS)), False))
    joined = "\n".join(x for x, _ in page)
    if mirror and draw(st.integers(0, 2)) == 0:  # a mirror annotates the whole page
        joined = draw(pinyin_annotations(article, partial=False, page=joined))[0]
    return draw(layout_noise(joined.split("\n"))), article


@st.composite
def layout_noise(draw: st.DrawFn, lines: list[str]) -> str:
    """Join lines with blank lines, edge whitespace, CRLF and trailing newlines."""
    newline = draw(st.sampled_from(("\n", "\n", "\r\n")))
    out = []
    for line in lines:
        if draw(st.integers(0, 4)) == 0:
            line = draw(st.sampled_from(WHITESPACE)) + line
        if draw(st.integers(0, 4)) == 0:
            line = line + draw(st.sampled_from(WHITESPACE))
        out.append(line)
        if draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from(("", " ", "\t", "\u3000"))))
    return newline.join(out) + draw(st.sampled_from(("", newline, newline * 2)))


markup_soup = st.lists(
    st.one_of(
        st.sampled_from(ENTITIES),
        st.sampled_from(TAGS + ENTITIES + SEPARATOR_LINES + WHITESPACE),
        st.sampled_from(("\n", "\r\n", "\r", "(", "（", "ǎ", ")", "?", "网", "易")),
        st.text(max_size=6),
    ),
    max_size=30,
).map("".join)


@st.composite
def junky_pages(draw: st.DrawFn) -> str:
    """Pages with any mixture of junk, including pieces that are not pure removals
    (entities) and arbitrary text lines."""
    script = draw(scripts)
    text = draw(articles(script, min_blocks=2, max_blocks=6))
    if draw(st.booleans()):
        counts = annotatable(text)
        chars = sorted(counts)
        if len(chars) >= 3:
            most = min(30, len(chars))
            chosen = draw(st.lists(st.sampled_from(chars), min_size=1, max_size=most, unique=True))
            readings = {c: draw(st.sampled_from(toned_readings(c))) for c in chosen}
            text = annotate(text, readings)[0]
    lines = text.split("\n")
    if draw(st.booleans()):
        lines[0] = draw(spam_prefixes()) + lines[0]
    if draw(st.booleans()):
        lines += draw(related_footers(script, header=draw(st.booleans())))
    extras = st.one_of(
        spam_lines(),
        st.sampled_from(HEADER_JUNK + META_JUNK + FOOTER_JUNK + SEPARATOR_LINES + TAGS),
        st.text(max_size=30),
    )
    for _ in range(draw(st.integers(0, 4))):
        lines.insert(draw(st.integers(0, len(lines))), draw(extras))
    for _ in range(draw(st.integers(0, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        pool = draw(st.sampled_from((ENTITIES, TAGS + ENTITIES)))
        piece = "".join(draw(st.lists(st.sampled_from(pool), min_size=1, max_size=4)))
        pos = draw(st.integers(0, len(lines[i])))
        lines[i] = lines[i][:pos] + piece + lines[i][pos:]
    return draw(layout_noise(lines))


# --- news sentences about crackdowns (must never be removed) -------------------------

CRACKDOWN_TEMPLATES: Pairs = [
    (
        "{place}警方破获一起网络赌博案，涉案金额达{amount}，抓获犯罪嫌疑人{n}名。",
        "{place}警方破獲一起網絡賭博案，涉案金額達{amount}，抓獲犯罪嫌疑人{n}名。",
    ),
    (
        "警方破获一起利用境外赌博网站组织网络赌博的案件，涉案金额超过{amount}。",
        "警方破獲一起利用境外賭博網站組織網絡賭博的案件，涉案金額超過{amount}。",
    ),
    (
        "据办案民警介绍，该团伙以“百家乐”“时时彩”等名义招揽参赌人员，已有{n}人落网。",
        "據辦案民警介紹，該團夥以“百家樂”“時時彩”等名義招攬參賭人員，已有{n}人落網。",
    ),
    (
        "办案民警介绍，嫌疑人通过赌博网站、网络赌场等渠道非法获利{amount}。",
        "辦案民警介紹，嫌疑人通過賭博網站、網絡賭場等渠道非法獲利{amount}。",
    ),
    (
        "{place}警方捣毁一个传播淫秽视频的犯罪团伙，查获色情网站{n}个，涉案金额{amount}。",
        "{place}警方搗毀一個傳播淫穢視頻的犯罪團夥，查獲色情網站{n}個，涉案金額{amount}。",
    ),
    (
        "警方提醒，网络赌博、赌球和六合彩都是违法行为，市民切勿参与。",
        "警方提醒，網絡賭博、賭球和六合彩都是違法行為，市民切勿參與。",
    ),
    (
        "此次专项行动共关停赌博网站{n}个、色情网站{n2}个，查处网络赌场{n3}处。",
        "此次專項行動共關停賭博網站{n}個、色情網站{n2}個，查處網絡賭場{n3}處。",
    ),
    (
        "{place}网警开展“净网”行动，清理淫秽色情信息{n}万条，关闭违法网站{n2}家。",
        "{place}網警開展“淨網”行動，清理淫穢色情信息{n}萬條，關閉違法網站{n2}家。",
    ),
    (
        "法院审理查明，被告人在境外开设网络赌场，组织他人参与百家乐赌博，非法获利{amount}。",
        "法院審理查明，被告人在境外開設網絡賭場，組織他人參與百家樂賭博，非法獲利{amount}。",
    ),
    (
        "公安机关提醒广大市民，不要轻信“注册送彩金”“提款秒到”等网络赌博广告。",
        "公安機關提醒廣大市民，不要輕信“註冊送彩金”“提款秒到”等網絡賭博廣告。",
    ),
    (
        "百家乐、时时彩、北京赛车，这些看似普通的名字背后往往是网络赌博陷阱。",
        "百家樂、時時彩、北京賽車，這些看似普通的名字背後往往是網絡賭博陷阱。",
    ),
    (
        "{place}警方通报，一名男子在网上贩卖淫秽视频，已被依法刑事拘留。",
        "{place}警方通報，一名男子在網上販賣淫穢視頻，已被依法刑事拘留。",
    ),
    (
        "“扫黄打非”办公室通报，今年以来共处置色情网站{n}个，删除淫秽色情信息{n2}条。",
        "“掃黃打非”辦公室通報，今年以來共處置色情網站{n}個，刪除淫穢色情信息{n2}條。",
    ),
    (
        "记者调查发现，一些网络赌博平台打着“棋牌游戏”的旗号，诱导用户充值。",
        "記者調查發現，一些網絡賭博平臺打着“棋牌遊戲”的旗號，誘導用戶充值。",
    ),
    (
        "警方表示，此类网站常以成人视频、裸聊等内容为诱饵，实施敲诈勒索。",
        "警方表示，此類網站常以成人視頻、裸聊等內容為誘餌，實施敲詐勒索。",
    ),
]


@st.composite
def crackdown_sentences(draw: st.DrawFn, script: int) -> str:
    template = draw(st.sampled_from(CRACKDOWN_TEMPLATES))[script]
    amount = f"{draw(st.integers(2, 980))}{_pick(draw, UNITS, script)}"
    return template.format(
        place=_pick(draw, PLACES, script),
        amount=amount,
        n=draw(st.integers(2, 900)),
        n2=draw(st.integers(2, 900)),
        n3=draw(st.integers(2, 900)),
    )


# --- pages whose first cleaning could invite a second one ------------------------------
# Each generator builds the situation of one fixed-point bug in general: what a
# detector removes (or does not) must leave nothing that the next cleaning changes.

BRACKET_PAIRS = ("()", "（）", "【】", "[]", "(】", "【)", "[）")


@st.composite
def nested_spam_brackets(draw: st.DrawFn) -> str:
    """Bracketed spam inside bracketed spam (``（【成人电影】成人电影）``), one to three deep,
    a level sometimes with a spam phrase of its own beside the inner group, sometimes a
    spam phrase after the group (a spliced run the group stood in)."""
    group = draw(spam_segments())
    for _ in range(draw(st.integers(0, 2))):
        opening, closing = draw(st.sampled_from(BRACKET_PAIRS))
        group = opening + group + closing
        if draw(st.booleans()):
            beside = draw(spam_segments())
            group = group + beside if draw(st.booleans()) else beside + group
    opening, closing = draw(st.sampled_from(BRACKET_PAIRS))
    group = opening + group + closing
    if draw(st.integers(0, 3)) == 0:
        group = draw(spam_segments()) + group + draw(st.sampled_from(("", " ", "|"))) + draw(spam_segments())
    return group


@st.composite
def spam_glued_to_separators(draw: st.DrawFn) -> str:
    """Spam keywords glued before or after a run of separators only
    (``11选5|11选5|????|????|??????``): cutting the keywords and keeping the run would
    leave a separator line."""
    segments = draw(st.lists(spam_segments(), min_size=2, max_size=5))
    sep = draw(st.sampled_from(SPAM_SEPARATORS))
    marks = st.text(st.sampled_from("?？.。*#+=:~·"), min_size=1, max_size=8)
    rest = draw(st.sampled_from(("|", "-", "_", " "))).join(draw(st.lists(marks, min_size=1, max_size=5)))
    spam = sep.join(segments)
    return spam + sep + rest if draw(st.booleans()) else rest + sep + spam


TAG_NAMES = ("p", "div", "span", "br", "b", "h3", "a", "li")
# entities that decode to what a tag is made of: spaces and '/'
TAG_ENTITIES = ("&nbsp;", "&#32;", "&#160;", "&ensp;", "&emsp;", "&#x20;", "&#47;", "&#x2F;", "&quot;")


@st.composite
def entity_split_tags(draw: st.DrawFn) -> str:
    """Pieces of a tag with entities among them (``</p&nbsp;>``, ``<&#47;p>``,
    ``?&#47;h3>``, ``<br&#47;>``): decoding an entity must not make a tag."""
    name = draw(st.sampled_from(TAG_NAMES))
    piece = st.sampled_from(("<", "</", "?", "/", ">", name, " ", 'class="t"', *TAG_ENTITIES))
    body = draw(st.lists(piece, min_size=2, max_size=7))
    if draw(st.booleans()):  # the usual shape: something, the name, an entity, '>'
        body = [draw(st.sampled_from(("<", "</", "<&#47;", "?&#47;"))), name, *body, ">"]
    return "".join(body)


@st.composite
def short_line_pages(draw: st.DrawFn) -> str:
    """Pages of short lines drawn from a small pool (headlines, sources, timestamps,
    letters), so that twin headlines and timestamped items meet and part as lines are
    removed (``A\\nA\\nA\\nA\\nB\\nAA\\nA\\nBBA\\n…``)."""
    script = draw(scripts)
    line = st.one_of(
        titles(script),
        timestamps(),
        st.sampled_from(("A", "B", "AA", "BBA", "标题", "新华社")),
        st.just(_pick(draw, NEWS_SOURCES, script)),
    )
    pool = draw(st.lists(line, min_size=1, max_size=4, unique=True))
    return "\n".join(draw(st.lists(st.sampled_from(pool), min_size=1, max_size=40)))


# what a mirror (or ftfy's fix_character_width) does to full-width punctuation
FLATTEN = str.maketrans("，：；！？（）", ",:;!?()")
_FOOTER_MARKS = "？！：，"


@st.composite
def flattened_articles_with_fullwidth_footer(draw: st.DrawFn) -> tuple[str, str]:
    """(page, article): an article whose full-width punctuation was flattened to ASCII,
    and a recommendation list under it whose headlines kept theirs (``…升级？``). With
    the list the page's marks are mixed; without it, the article shows the fold."""
    script = draw(scripts)
    article = draw(articles(script, min_blocks=2, max_blocks=6)).translate(FLATTEN)
    footer = draw(related_footers(script, header=draw(st.booleans()), twin=draw(st.booleans())))
    plain = {*(p[script] for p in NEWS_SOURCES), *(p[script] for p in RELATED_HEADERS)}
    mark = draw(st.sampled_from(_FOOTER_MARKS))
    footer = [ln if ln in plain or ln[:1].isdigit() else ln + mark for ln in footer]
    return article + "\n" + "\n".join(footer), article


@st.composite
def annotated_articles_with_spliced_spam(draw: st.DrawFn) -> str:
    """An article a mirror annotated, with bare spam runs spliced into its lines
    (``…居住(zhù)11选5|11选5下注国产新(xīn)…``): their characters dilute the annotation
    consistency until the runs are cut."""
    script = draw(scripts)
    text = draw(articles(script, min_blocks=3, max_blocks=8))
    annotated, _ = draw(pinyin_annotations(text, partial=False))
    lines = annotated.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        segments = draw(st.lists(spam_segments(), min_size=2, max_size=4))
        run = draw(st.sampled_from(("|", " ", "_", ""))).join(segments)
        i = draw(st.integers(1, len(lines) - 1)) if len(lines) > 1 else 0
        # between two annotated characters or clauses, never inside a group
        cuts = [0] + [k + 1 for k, ch in enumerate(lines[i]) if ch in ")），"]
        cut = draw(st.sampled_from(cuts))
        lines[i] = lines[i][:cut] + run + lines[i][cut:]
    return "\n".join(lines)
