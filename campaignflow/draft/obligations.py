"""What units owe and what happens when they fail, read clause by clause from a plan document.

Artifacts come only from forms whose meaning is plain: a deadline (``12月10日前要完成自评报告``,
``于3月15日前将实施方案报…``, ``分别于6月30日、12月20日前报送…``, ``每月10日、20日前报送…``), a meeting
(``召开民主生活会``), a test (``组织一次闭卷测试``), a vote with listed options (“满意”、“基本满意”、
“不满意”、“不了解”). Accountability clauses become escalation rules only in the forms "对X的(单位),要/给予
MEASURE…" and "X的,MEASURE…" with measures the plan language knows; any other clause naming a measure
is returned as a note. Deadlines stay the document's phrases; :mod:`campaignflow.dates` reads them later.
Who holds, attends or sees an artifact, and who carries out a measure, are read by
:mod:`campaignflow.draft.parties` from the same clause.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass, field

from campaignflow.draft import parties
from campaignflow.draft.extract import kinds_named
from campaignflow.draft.spotting import spot

__all__ = ["ACCOUNTABLE", "ArtifactFound", "RuleFound", "Sentence", "artifacts_in", "rules_in", "sentences"]

_PERIODS = {"周": "week", "半月": "half_month", "月": "month", "季度": "quarter", "季": "quarter",
            "半年": "half_year", "年": "year"}  # fmt: skip
_EVERY = re.compile(r"每(半月|半年|季度|季|周|月|年)")
_VERB = re.compile(r"(?:要|须|必须|应|应当|需)?(?:按时)?(完成|形成|提交|报送|上报|撰写|制定|交)")
_SEND_WORD = r"(?:报送|上报|报)(?!告|表|名|道|刊)"
_OBJECT_STOP = re.compile(rf"[,;。:]|并|及时|后|{_SEND_WORD}")
_SEND = re.compile(rf"{_SEND_WORD}(?:至|到|给)?([^,;。:]{{2,24}}?)(?:备案|审核|审批|[,;。:]|$)")
_ORGAN = re.compile(r"(?:科|室|办|组|委|局|部|处|中心|站|所|党委|党组|政府|领导|同志)$")
_TOWARD = re.compile(r"向([^,;。:]{2,24}?)(?:投稿|报送|上报|报告|汇报)")
_REVIEW = re.compile(r"(?:须|需|要)?经([^,;。:]{2,16}?)(?:审核|审定|审批)")
_DAYS = r"(?:[0-9]{1,2}月)?[0-9]{1,2}日(?:、(?:[0-9]{1,2}月)?[0-9]{1,2}日)+"
_SEVERAL = re.compile(rf"分别于({_DAYS})(?:前|以前|之前)")
_MONTHLY_DAYS = re.compile(r"每月([0-9]{1,2}日(?:、[0-9]{1,2}日)+)(?:前|以前|之前)")
_MEETING = re.compile(r"(?:组织召开|召开|开好|举行|举办)(?:一次|1次|好)?([^,。;]{1,40}?会议?)")
_TEST = re.compile(
    r"(?:组织|进行|开展|参加|举行)(?:一次|1次)?([\u4e00-\u9fff]{0,4}?(?:测试|考试|测验))(?!等|测验|测试)"
)
_PASS = re.compile(r"([0-9]{1,3})分(?:及)?以上(?:为)?(?:合格|及格)|及格线为?([0-9]{1,3})分")
_GRADES = "满意|基本满意|不满意|不了解|一般|较差|差|好|较好|优秀|良好|称职|基本称职|不称职|合格|不合格"
_OPTIONS = re.compile(rf"“(?:{_GRADES})”(?:[、和及]“(?:{_GRADES})”){{2,}}")
_SHARE = re.compile(
    r"([\u4e00-\u9fff]{2,10}?)不少于(?:评议|参评|参加)?(?:人员|人数)?(?:总数)?的?([0-9]{1,3})%"
)
_ITEM_TITLE = re.compile(
    r"^(?:\([0-9一二三四五六七八九十]+\)|[0-9]{1,2}、|[一二三四五六七八九十]+、)([^。,]{2,12})。"
)
_DUTY = re.compile(r"(投稿|报送|上报|提交|撰写)")
_COUNT = re.compile(r"([0-9]{1,2})(?:篇|份|期|次)")
_PLURAL = re.compile(r"等(?:形式|方式|多种|活动)")
_MEASURES = (  # (pattern, the measure's name in the plan language)
    ("通报批评", "通报批评"), ("全局通报", "全局通报"), ("诫勉谈话", "诫勉谈话"), ("书面检查", "书面检查"),
    ("组织处理", "组织处理"), ("纪律处分", "纪律处分"), ("责任追究", "责任追究"), ("批评教育", "批评教育"),
    ("约谈", "约谈"), ("效能监察建议书", "效能监察建议书"), ("公开检讨", "公开检讨"),
    ("公开道歉", "公开道歉"),
    ("停职检查", "停职检查"), ("限期整改", "限期整改"), (r"取消(?:当年|年度)?评先评优", "取消评先评优"),
)  # fmt: skip
_MEASURE = re.compile("|".join(f"({p})" for p, _ in _MEASURES))
ACCOUNTABLE = re.compile(_MEASURE.pattern + r"|问责|追究|延期")
_EFFECTS = re.compile(r"延期|重新查找|重做|重新")
_WHO = r"(?:单位和个人|单位|人员|干部|个人|同志|人|科室|社区|部门|处室|班子|集体)"
_THEN = r"(?=,|要|将|应|须|予以|给予|进行|由|责令)"
_BY_OBJECT = re.compile(rf"(?:^|,|要|将|并)对(?:于)?((?:(?!对)[^,;。]){{2,40}}?)的{_WHO}?{_THEN}")
_BY_CASE = re.compile(rf"(?:^|,)((?:(?!对)[^,;。]){{2,24}}?)的{_WHO}?{_THEN}")
_TITLES = re.compile(r"《[^《》]*》")


@dataclass(frozen=True)
class Sentence:
    """A sentence (split at 。!?) with its original line, its numbered item's title, and its paragraph."""

    text: str
    line: int
    item: str = ""
    paragraph: str = ""


def sentences(lines: list[tuple[str, int]]) -> list[Sentence]:
    """Split (text, original line) pairs into sentences, remembering the numbered item each belongs to."""
    found: list[Sentence] = []
    for text, line in lines:
        title = _ITEM_TITLE.match(text)
        item = title[1] if title else ""
        for piece in re.split(r"(?<=[。!?])", text):
            if piece.strip():
                found.append(Sentence(piece.strip(), line, item, text))
    return found


def _clauses(s: Sentence) -> list[str]:
    return [c.strip() for c in s.text.rstrip("。!?").split(";") if c.strip()]


@dataclass
class ArtifactFound:
    """An artifact as read: the plan-language fields it fills, its clause and line, and notes on it.

    ``at`` is where the clause states it (its deadline, its verb): what follows, up to the next artifact,
    is what may say who holds, attends or sees it.
    """

    kind: str
    name: str
    line: int
    basis: str
    owed_by: list[str] = field(default_factory=list)
    deadline: str | None = None
    reviewer: str | None = None
    submit_to: str | None = None
    every: str | None = None
    count: int = 1
    pass_mark: int | None = None
    options: list[str] = field(default_factory=list)
    min_share: dict[str, float] = field(default_factory=dict)
    publish: list[str] = field(default_factory=list)
    held_by: str | None = None
    attended_by: list[str] = field(default_factory=list)
    at: int = 0
    notes: list[str] = field(default_factory=list)


def _object(text: str) -> str:
    text = text.removeprefix("将").removeprefix("把").removeprefix("好")
    cut = _OBJECT_STOP.search(text)
    return (text[: cut.start()] if cut else text).strip("“” ")[:40]


def _recipient(clause: str, after: int) -> str | None:
    """Whom a material goes to (向X投稿, 报X备案) when X names a body or person; 报送X names the object."""
    for match in (_TOWARD.search(clause), *_SEND.finditer(clause, after)):
        if match is not None and _ORGAN.search(match[1]):
            return match[1].strip("“” ")
    return None


def _period(clause: str, before: int) -> str | None:
    hits = [m for m in _EVERY.finditer(clause) if m.start() < before]
    return _PERIODS[hits[-1][1]] if hits else None


def artifacts_in(found: list[Sentence], kinds: list[str]) -> list[ArtifactFound]:
    """Every artifact the sentences state in a plain form, in order; ``kinds`` are the plan's unit kinds."""
    out: list[ArtifactFound] = []
    for s in found:
        for clause in _clauses(s):
            read = _deadlines(clause, s, kinds)
            if not _PLURAL.search(clause):
                read += _events(clause, s, kinds)
            read += _votes(clause, s, kinds)
            if not read:
                read = _recurring(clause, s, kinds)
            for item in read:
                review = _REVIEW.search(clause)
                item.reviewer = review[1] if review else None
            _parties(clause, read)
            out.extend(read)
    return out


def _parties(clause: str, read: list[ArtifactFound]) -> None:
    """Where each artifact is made public and, for meetings and votes, who holds and attends it.

    Each is read from the artifact's scope: the clause from where it is stated to where the next artifact
    of another name is, so that two artifacts in one clause never share what is said of one of them.
    """
    for item in read:
        end = min((a.at for a in read if a.at > item.at and a.name != item.name), default=len(clause))
        scope = clause[item.at : end]
        item.publish = parties.places(scope, item.name)
        if item.kind in ("meeting", "vote"):
            chair = parties.holder(scope, item.name)
            if item.held_by and chair and chair != item.held_by:
                item.held_by = None  # two bodies named: which holds it is not plain
            else:
                item.held_by = item.held_by or chair
            item.attended_by = parties.attendees(scope, item.name)


def _deadlines(clause: str, s: Sentence, kinds: list[str]) -> list[ArtifactFound]:
    """Deliverables with a deadline: X月X日前 + verb + object, 分别于…前, 每月X日、Y日前."""
    listed = _SEVERAL.search(clause) or _MONTHLY_DAYS.search(clause)
    if listed is not None:
        return _listed_deadlines(clause, listed, s, kinds)
    out: list[ArtifactFound] = []
    for candidate in spot(clause):
        if not candidate.text.endswith(("前", "以前", "之前")):
            continue
        after = clause[candidate.end :]
        verb = _VERB.search(after, 0, 12)
        if after.startswith(("将", "把")):
            name = _object(after)
        elif verb is not None:
            name = _object(after[verb.end() :])
        else:
            continue
        if not name:
            continue
        deadline = candidate.text.removeprefix("于")
        item = ArtifactFound("document", name, s.line, clause, deadline=deadline, at=candidate.start)
        item.owed_by = kinds_named(clause[: candidate.start], kinds)
        item.submit_to = _recipient(clause, candidate.end)
        item.every = _period(clause, candidate.start)
        out.append(item)
    return out


def _listed_deadlines(
    clause: str, listed: re.Match[str], s: Sentence, kinds: list[str]
) -> list[ArtifactFound]:
    verb = _VERB.search(clause, listed.end())
    name = _object(clause[verb.end() :]) if verb else ""
    if not name:
        return []
    base = ArtifactFound(
        "document",
        name,
        s.line,
        clause,
        owed_by=kinds_named(clause[: listed.start()], kinds),
        at=listed.start(),
    )
    base.submit_to = _recipient(clause, listed.end())
    days = listed[1].split("、")
    if listed.re is _MONTHLY_DAYS:
        base.every, base.count = "month", len(days)
        base.notes.append(f"due on the {'、'.join(days)} of every month: only 'twice a month' is modelled")
        return [base]
    out: list[ArtifactFound] = []
    month = ""
    for day in days:
        given = re.match(r"[0-9]{1,2}月", day)
        month = given[0] if given else month
        item = dataclasses.replace(base, deadline=(day if given else month + day) + "前", notes=[])
        if not given:
            item.notes.append(f"{day} read as {month}{day} (分别于 lists several deadlines)")
        out.append(item)
    return out


def _events(clause: str, s: Sentence, kinds: list[str]) -> list[ArtifactFound]:
    """Meetings (召开…会; a 评议/测评 meeting is a vote) and tests (闭卷测试, 考试)."""
    out: list[ArtifactFound] = []
    for match in _MEETING.finditer(clause):
        name = match[1].strip("“” ")
        kind = "vote" if re.search("评议|测评", name) else "meeting"
        item = ArtifactFound(kind, name, s.line, clause, owed_by=kinds_named(clause[: match.start()], kinds))
        item.every = _period(clause, match.start())
        item.at, item.held_by = match.start(), parties.subject(clause[: match.start()])
        out.append(item)
    for match in _TEST.finditer(clause):
        item = ArtifactFound(
            "test", match[1], s.line, clause, owed_by=kinds_named(clause[: match.start()], kinds)
        )
        mark = _PASS.search(s.paragraph or s.text)
        item.pass_mark = int(mark[1] or mark[2]) if mark else None
        item.submit_to = _recipient(clause, match.end())
        item.at = match.start()
        out.append(item)
    return out


def _recurring(clause: str, s: Sentence, kinds: list[str]) -> list[ArtifactFound]:
    """Duties repeated every period (``局属单位每周、机关各科室站办每半月…投稿1篇``): one per 每X named."""
    periods = list(_EVERY.finditer(clause))
    duty = _DUTY.search(clause, periods[-1].end()) if periods else None
    if duty is None:
        return []
    name = "投稿" if duty[1] == "投稿" else _object(clause[duty.end() :])
    count = _COUNT.search(clause, duty.start())
    out: list[ArtifactFound] = []
    for i, period in enumerate(periods):
        start = periods[i - 1].end() if i else 0
        item = ArtifactFound(
            "document", name, s.line, clause, owed_by=kinds_named(clause[start : period.end()], kinds)
        )
        item.every = _PERIODS[period[1]]
        item.count = int(count[1]) if count else 1
        item.at = period.start()
        item.submit_to = _recipient(clause, period.end())
        out.append(item)
    return out if name else []


def _votes(clause: str, s: Sentence, kinds: list[str]) -> list[ArtifactFound]:
    """A vote whose options are listed (at least three of 满意、基本满意、不满意、不了解 …)."""
    match = _OPTIONS.search(clause)
    if match is None:
        return []
    options = re.findall(r"“([^”]+)”", match[0])
    item = ArtifactFound("vote", s.item or "评议", s.line, clause, options=options)
    item.owed_by = kinds_named(clause[: match.start()], kinds)
    for share in _SHARE.finditer(s.paragraph or s.text):
        item.min_share[share[1].removeprefix("其中")] = int(share[2]) / 100
    if not s.item:
        item.notes.append("named 评议: the sentence is not under a numbered item with a title")
    return [item]


@dataclass
class RuleFound:
    """An accountability clause read as a rule: the case (a finding's severity) and the measures.

    ``held_by`` maps a measure to who carries it out, where the clause says so (由区委对…进行诫勉谈话).
    """

    case: str
    actions: list[str]
    one_of: list[str]
    line: int
    basis: str
    held_by: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def rules_in(found: list[Sentence]) -> tuple[list[RuleFound], list[Sentence]]:
    """Rules from accountability clauses of a clear form, and the clauses left as notes.

    Titles of other documents (《…问责暂行办法》) and short headings (严肃问责。) are not accountability.
    """
    rules: list[RuleFound] = []
    notes: list[Sentence] = []
    for s in found:
        for clause in _clauses(s):
            plain = _TITLES.sub("", clause)
            if len(plain) < 16 or not ACCOUNTABLE.search(plain):
                continue
            read = _clause_rules(plain, s)
            rules.extend(read)
            if not read:
                notes.append(dataclasses.replace(s, text=plain))
    return rules, notes


def _clause_rules(clause: str, s: Sentence) -> list[RuleFound]:
    cases = sorted([*_BY_OBJECT.finditer(clause), *_BY_CASE.finditer(clause)], key=lambda m: m.start())
    kept: list[re.Match[str]] = []
    for case in cases:
        if not kept or case.start() >= kept[-1].end():
            kept.append(case)
    out: list[RuleFound] = []
    for i, case in enumerate(kept):
        stop = kept[i + 1].start() if i + 1 < len(kept) else len(clause)
        rule = _measures(case[1].strip(), clause[case.end() : stop], clause, s)
        if rule is not None:
            # "各单位主要负责人要对…": the subject before the first case carries out its measures
            who = parties.subject(clause[: case.start()]) if i == 0 and case[0][0] in "要将" else None
            if who:
                rule.held_by = {name: rule.held_by.get(name, who) for name in (*rule.actions, *rule.one_of)}
            out.append(rule)
    return out


def _measures(case: str, rest: str, clause: str, s: Sentence) -> RuleFound | None:
    hits = [(m.start(), m.end(), _MEASURES[(m.lastindex or 1) - 1][1]) for m in _MEASURE.finditer(rest)]
    if not hits:
        return None
    held_by = {name: who for start, _, name in hits if (who := parties.carrier(rest, start))}
    groups: list[list[str]] = [[hits[0][2]]]
    for (_, end, _), (start, _, name) in itertools.pairwise(hits):
        if "或" in rest[end:start]:
            groups[-1].append(name)
        else:
            groups.append([name])
    alternatives = [g for g in groups if len(g) > 1]
    if len(alternatives) > 1:
        return None  # two sets of alternatives: which measure goes with which is not plain
    one_of = alternatives[0] if alternatives else []
    actions = list(dict.fromkeys(g[0] for g in groups if len(g) == 1 and g[0] not in one_of))
    rule = RuleFound(case.removeprefix("于").removeprefix("因"), actions, one_of, s.line, clause, held_by)
    effect = _EFFECTS.search(rest)
    if effect:
        rule.notes.append(f"'{effect[0]}' (a redo or an extension) is not modelled: add it by hand if meant")
    return rule
