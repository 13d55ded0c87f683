"""Plan metadata read from a document's own words: title, issuer, 文号, cited documents, year, unit kinds.

Each reader returns what it found together with the line it found it on and whether it is a guess, so
the draft can tell the clerk where every value came from. Nothing is made up: a value the text does
not give is returned as ``None``. Web-page furniture that crawled copies carry (``时间:2022-07-05
10:05:34``, ``导语:…``, download notices) is recognised and skipped, so its dates are never taken as
the plan's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from campaignflow.draft.headings import Line, read_marker
from campaignflow.draft.spotting import MASKED_YEAR, spot

__all__ = [
    "YEAR",
    "YEAR_WRITTEN",
    "Found",
    "UnitKindFound",
    "campaign_phrase",
    "cut_off",
    "doc_numbers",
    "garbled_lines",
    "is_boilerplate",
    "issuer",
    "kinds_named",
    "number_year",
    "title",
    "unit_kinds",
    "year_in_text",
]

_NOISE_LINE = re.compile(
    r"^(?:时间:\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?|导语:)"
)
#: A space between two words of Chinese: cells of a table row (running Chinese text has no spaces).
_CELL_GAP = re.compile(r"[\u4e00-\u9fff] (?=[\u4e00-\u9fff0-9])")
_NOISE_WORDS = ("下载文档", "仅部分预览", "不代表本站观点", "侵犯您的权益", "人工客服", "来源于网友上传")
_TITLE_NOTE = re.compile(r"\([^()]{1,12}\)$")  # 实施方案(试行), 工作方案(2016年), 方案(征求意见稿)
_ISSUING = re.compile(r".{0,30}?关于(?:印发|下发|转发)《([^《》]{4,60})》的通知")
_TITLE_END = re.compile(r"(?:实施方案|工作方案|方案|办法|意见|通知|计划|安排|规定|细则|要点)$")
_PURPOSE = re.compile(
    r"为(?:了)?(?:切实|进一步|认真|扎实|全面|深入)?([^,。;]{2,40}?),[^。]{0,80}?"
    r"制定(?:了)?(?:如下|本|以下)?((?:实施|工作)?方案)"
)
_DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{0,12})[〔\[【(]((?:19|20)[0-9]{2})[〕\]】)]([0-9]{1,4})号")
_CITE = re.compile(r"根据|按照|依据|遵照|依照")
_CITE_STOP = (
    "文件精神",
    "的通知精神",
    "精神",
    "要求",
    "的有关部署",
    "有关部署",
    "的部署",
    "的有关规定",
    "规定",
)
_OPEN, _CLOSE = "《〔[(“【", "》〕])”】"
#: The organ that decides: it opens its clause (or follows 经/由/我), so no word is cut in half.
_DECIDES = re.compile(r"(?:(?<![\u4e00-\u9fff])|(?<=[经由我]))([\u4e00-\u9fff]{1,10}?)(?:研究)?决定")
_OUR = re.compile(r"结合我([\u4e00-\u9fff]{1,6}?)(?:的)?实际")
_ORGAN = re.compile(r"(?:党组|党委|党工委|局|办|委|街道|政府|厅|处|中心|公司|学校|医院|镇|乡|县|区|市)$")
#: A year a plan may have (the plan language allows 1949–2100).
YEAR = r"(?:19(?:49|[5-9][0-9])|20[0-9]{2}|2100)"
#: A year written out: 2012年 (not 2012年代), or the year of a date written 2012.3.1, 2012/3/1, 2012-03-01.
YEAR_WRITTEN = re.compile(rf"(?<![0-9])({YEAR})(?:年(?!代)|([./-])[0-9]{{1,2}}\2[0-9]{{1,2}}(?![0-9]))")
_CN_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})年")
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_TERMINAL = set("。!?;…”」』)】》")
_UNIT_KINDS = (  # (pattern, kind): bodies the text addresses as 各X
    (r"局属(?:各)?单位", "局属单位"),
    (r"各处\(室\)|各处室", "处室"),
    (r"各科室", "科室"),
    (r"各社区", "社区"),
    (r"各部门", "部门"),
    (r"各(?:乡镇|镇)", "乡镇"),
    (r"各街道", "街道"),
    (r"各村", "村"),
    (r"各(?:党)?支部", "支部"),
    (r"各学校", "学校"),
    (r"各县区", "县区"),
    (r"各区县", "区县"),
)
_TIME_LABEL = re.compile(r"时间(?:为|是|安排|:|定为)?[:,]?\s*$")
_ANY_UNIT = re.compile(r"各(?:直属)?单位")


@dataclass(frozen=True)
class Found:
    """A value read from the text, the original line it is on, and whether reading it involved a guess."""

    value: str
    line: int
    guess: bool = False


@dataclass(frozen=True)
class UnitKindFound:
    """A unit kind, the words that named it, and the original line of its first mention."""

    name: str
    words: str
    line: int


def is_boilerplate(text: str) -> bool:
    """Web-page furniture of crawled copies: the crawl time, the 导语 line, download notices."""
    return bool(_NOISE_LINE.match(text)) or any(word in text for word in _NOISE_WORDS)


def title(lines: list[Line]) -> Found | None:
    """The title line (short, unpunctuated, ending in 方案/办法/意见 …), else one made of the purpose clause.

    A cover notice that issues the plan (``关于印发《X实施方案》的通知``) names it: the title is X实施方案.
    Many documents open with "为切实整治X……制定如下实施方案": the guess is then "X实施方案".
    """
    for line in lines[:8]:
        text = line.text
        core = _TITLE_NOTE.sub("", text)  # the words before a note such as (试行)
        if (
            len(text) <= 50
            and core
            and core[-1] not in _TERMINAL
            and read_marker(text) is None
            and _TITLE_END.search(core)
        ):
            issued = _ISSUING.fullmatch(core)
            return Found(issued[1] if issued else text, line.source)
    for line in lines[:8]:
        match = _PURPOSE.search(line.text)
        if match:
            return Found(match[1] + match[2], line.source, guess=True)
    return None


def doc_numbers(lines: list[Line]) -> tuple[Found | None, list[Found]]:
    """This document's own 文号 (a line of its own near the top) and the documents it cites (根据《…》)."""
    own: Found | None = None
    cited: list[Found] = []
    for line in lines:
        match = _DOC_NUMBER.search(line.text)
        if (
            own is None
            and line.index < 10
            and match
            and len(line.text) <= 30
            and match.end() == len(line.text)
        ):
            own = Found(line.text.strip(), line.source)
            continue
        cites = [(m.start(), m.end()) for m in _CITE.finditer(line.text)]
        for i, (_, end) in enumerate(cites):
            stop = cites[i + 1][0] if i + 1 < len(cites) else len(line.text)
            clause = _citation(line.text, end, stop)  # a clause ends where the next begins: linear
            if ("《" in clause or _DOC_NUMBER.search(clause)) and all(c.value != clause for c in cited):
                cited.append(Found(clause, line.source))
    return own, cited


def _citation(text: str, start: int, stop: int) -> str:
    """The cited clause after 根据/按照, up to 精神/要求/部署 or a comma outside brackets and quotes.

    The scan ends at ``stop`` (the next 根据/按照), so a line's citations are read in one pass.
    """
    depth = 0
    i = start
    while i < stop:
        c = text[i]
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and (c in ",;。:" or text.startswith(_CITE_STOP, i)):
            break
        i += 1
    clause = text[start:i].strip()
    return clause.removesuffix("文件").removesuffix("的").strip()


def issuer(lines: list[Line], title_text: str | None) -> Found | None:
    """Who issues the plan: the organ before 决定 (局党组决定, 经局党委研究决定, 我办决定), else 结合我X实际.

    A short organ (局, 办) is completed from the title when the title starts with it (住建局…, 油区办…).
    Always a guess.
    """
    for line in lines:
        for match in _DECIDES.finditer(line.text):
            organ = match[1].removeprefix("经").removeprefix("由").removeprefix("我")
            if organ and _ORGAN.search(organ):
                return Found(_complete(organ, title_text), line.source, guess=True)
    for line in lines:
        ours = _OUR.search(line.text)
        if ours:
            return Found(_complete(ours[1], title_text), line.source, guess=True)
    return None


def _complete(organ: str, title_text: str | None) -> str:
    if not title_text:
        return organ
    head = organ[0]
    at = title_text.find(head, 0, 6)
    return title_text[: at + 1] + organ[1:] if at > 0 else organ


def year_in_text(lines: list[Line]) -> tuple[Found | None, Found | None]:
    """The first year written in the text (outside 《》 titles) and the first masked year (``20xx年``)."""
    year: Found | None = None
    masked: Found | None = None
    for line in lines:
        text = _outside_titles(line.text)
        if masked is None and (m := MASKED_YEAR.search(text)):
            masked = Found(m[0], line.source)
        if year is None:
            digits = YEAR_WRITTEN.search(text)
            numerals = _CN_YEAR.search(text)
            if digits:
                year = Found(digits[1], line.source)
            elif numerals and re.fullmatch(YEAR, numerals[1].translate(_CN_DIGITS)):
                year = Found(numerals[1].translate(_CN_DIGITS), line.source)
    return year, masked


def _outside_titles(text: str) -> str:
    return re.sub(r"《[^《》]*》", lambda m: " " * len(m[0]), text)


def number_year(found: Found) -> tuple[int, str] | None:
    """The year inside the 文号 a citation holds, and the 文号 (兰组通字〔2015〕57号 → 2015)."""
    match = _DOC_NUMBER.search(found.value)
    return (int(match[2]), match[0]) if match and re.fullmatch(YEAR, match[2]) else None


def unit_kinds(lines: list[Line]) -> list[UnitKindFound]:
    """Unit kinds the text addresses (各科室、各社区、局属各单位 …), in order of first mention.

    ``各单位`` counts only when no more specific kind of 单位 is named (it then means those).
    """
    found: dict[str, UnitKindFound] = {}
    general: UnitKindFound | None = None
    for line in lines:
        hits = [
            (m.start(), kind, m[0]) for pattern, kind in _UNIT_KINDS for m in re.finditer(pattern, line.text)
        ]
        for _, kind, words in sorted(hits):
            found.setdefault(kind, UnitKindFound(kind, words, line.source))
        if general is None and (m := _ANY_UNIT.search(line.text)):
            general = UnitKindFound("单位", m[0], line.source)
    kinds = list(found.values())
    if general is not None and not any(k.name.endswith("单位") for k in kinds):
        kinds.append(general)
    return kinds


def kinds_named(text: str, known: list[str]) -> list[str]:
    """The known unit kinds a clause names (its subject), in the order named."""
    hits: list[tuple[int, str]] = []
    for pattern, kind in (*_UNIT_KINDS, (_ANY_UNIT.pattern, "单位")):
        if kind in known:
            hits.extend((m.start(), kind) for m in re.finditer(pattern, text))
    ordered: list[str] = []
    for _, kind in sorted(hits):
        if kind not in ordered:
            ordered.append(kind)
    return ordered


def campaign_phrase(lines: list[Line]) -> Found | None:
    """The campaign's own window, when the text before the phases states it as a range (从…至…).

    The range must open with 从/自 or follow a time label (``活动时间``, ``时间为``): a bare range in a
    sentence may be a phase's own (``分阶段进行,2016年11月11日至11月30日,完成动员部署``).
    """
    for line in lines:
        for candidate in spot(line.text):
            words = candidate.text
            labelled = _TIME_LABEL.search(line.text, max(0, candidate.start - 12), candidate.start)
            ranged = any(sep in words for sep in "至到—-")
            if words.startswith(("从", "自")) or (ranged and labelled):
                return Found(words, line.source, guess=True)
    return None


def cut_off(content: list[Line]) -> Line | None:
    """The last line of ``content`` (boilerplate already left out), when the text stops mid-sentence:
    no closing punctuation, and not a heading, a date or a table's row (cells set apart by spaces)."""
    if not content:
        return None
    last = content[-1]
    heading = read_marker(last.text) is not None and "。" not in last.text and len(last.text) <= 40
    row = len(_CELL_GAP.findall(last.text)) >= 2
    if last.text[-1] in _TERMINAL or len(last.text) < 10 or heading or row:
        return None  # a closing punctuation mark, a signature or date line, a heading, a table's row
    spots = spot(last.text)
    if spots and spots[-1].end == len(last.text):
        return None  # a line ending in a date: a 时间安排 line or the date of issue
    return last


def garbled_lines(text: str) -> list[int]:
    """Original line numbers with mojibake: U+FFFD, or an ASCII ``?`` jammed against CJK (``?!皟``)."""
    bad: list[int] = []
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        if "\ufffd" in line or re.search(r"\?[!;\u4e00-\u9fff]", line):
            bad.append(number)
    return bad
