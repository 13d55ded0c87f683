"""Who holds a meeting or vote, who attends it, where a material is made public, who carries out a measure.

Each is read only from a plain form in the clause that states the artifact or the measure, since a wrong
name is worse than none. A holder is an organ or a person (``局党委``, ``办党组``, ``区委``,
``各单位主要负责人``), never a unit kind (``各科室要召开…`` names who owes the meeting, not who holds it):
the subject of 召开 (``局党委召开动员大会``), or ``由X主持/组织/召开``. Attendees come from ``邀请X、Y参加``
and ``参加人员为X``. A place of publication comes from ``在X公示``, ``向X公示/公开`` and ``通过X、Y等(方式)
公示``: the channels a clause names win over the audience (``通过公开栏、网站等向群众公示`` → 公开栏, 网站),
and the audience is taken when the channel is vague (``通过适当方式向社会公开`` → 社会). A phrase whose own
subject is another material (``评议结果向群众公布``) or that publishes another object is not read. Who
carries out a measure comes from ``由X对…进行MEASURE`` or from an organ or person before ``要对…``.
"""

from __future__ import annotations

import re

__all__ = ["attendees", "carrier", "holder", "places", "subject"]

_BODY_END = (
    r"(?:党委|党组|党工委|纪委|纪工委|委员会|区委|县委|市委|领导小组|小组|督导组|巡查组|工作组|办公室|办|局|厅|处|"
    r"科|政府|中心|负责人|负责同志|领导|书记|局长|主任)"
)
_BODY = re.compile(
    rf"(?:(?!各)[\u4e00-\u9fff“”]){{0,14}}{_BODY_END}|各[\u4e00-\u9fff]{{1,10}}(?:负责人|负责同志|领导)"
)
_NOT_BODY = re.compile(r"[年月日的对向在及将是为把被从]|参加|出席|列席|结合|按照|根据|通过")
_LEADING = re.compile(r"^(?:并且|并|同时|且|也|还|及时|要|将)+")
_TRAILING = re.compile(
    r"(?:并且|并|同时|要|将|也|还|须|需|应当|应|必须|及时|均|都|一律|定期|统一|亲自|具体|负责|主持|牵头|组织)+$"
)
_BY = re.compile(r"由([\u4e00-\u9fff“”]{1,16}?)(?:负责|统一|具体)?(?:主持|组织|召开|牵头)")
_CARRIED = re.compile(r"由([\u4e00-\u9fff“”]{1,16}?)(?=对|进行|给予|予以|作出|实施)")
_INVITED = re.compile(r"邀请([^,;。:]{2,40}?)(?:参加|列席|出席|参与)")
_PRESENT = re.compile(r"(?:参加|参会|与会|出席)人员(?:为|是|包括)([^,;。:]{2,40})")
_PUBLISH = re.compile(
    r"(?:通过(?P<via>[^,;。:向在]{2,30}?)等?(?:方式|形式|渠道|途径|载体|平台)?)?"
    r"(?:(?<![方导倾意走取动志面])向(?P<to>[^,;。:向在]{1,16}?)|(?<![存现正所实])在(?P<at>[^,;。:向在]{2,20}?))?"
    r"(?:作出|进行|予以)?(?:公示|公开|公布)(?P<pledge>承诺)?"
)
_VAGUE = re.compile(r"适当|多种|各种|有效|一定|灵活|多样|相应|合适|有关")
_ITEM = re.compile(r"[\u4e00-\u9fff“”《》]{1,20}")
_VAGUE_WHO = re.compile(r"方面|派员|有关人员|相关人员")


def _body(text: str) -> str | None:
    """``text`` when it names an organ or a person (not a unit kind, a date or a clause)."""
    text = text.rsplit("由", 1)[-1]  # 由办党组主持召开…
    text = text.removeprefix("我") or text  # 我局将召开 → 局
    return text if _BODY.fullmatch(text) and not _NOT_BODY.search(text) else None


def _piece_before(text: str) -> str:
    """The words from the last comma (or colon) to the end of ``text``, without connectives."""
    piece = re.split(r"[,:]", text)[-1]
    return _TRAILING.sub("", _LEADING.sub("", piece))


def _about(scope: str, start: int, name: str) -> bool:
    """Whether the phrase at ``start`` speaks of the artifact: its comma piece names nothing else first."""
    before = _piece_before(scope[:start])
    return not before or name in before or before in name


def _items(text: str) -> list[str]:
    """A list the document writes as ``X、Y和Z等``; empty when any item is not a plain name."""
    found = [
        item.removeprefix("部分").removesuffix("等人员").removesuffix("等")
        for item in re.split(r"、|以及|和|及|与", text)
    ]
    return found if found and all(_ITEM.fullmatch(item) for item in found) else []


def subject(before: str) -> str | None:
    """The organ or person just before a verb (局党委召开, 由办党组主持召开, 各单位主要负责人要对)."""
    return _body(_piece_before(before))


def holder(scope: str, name: str) -> str | None:
    """Who holds the meeting or vote ``name`` by ``由X主持/组织/召开`` in its scope; None if not one body."""
    found: set[str] = set()
    for match in _BY.finditer(scope):
        body = _body(match[1])
        rest = re.split(r"[,;。:]", scope[match.end() :])[0]
        if (
            body
            and _about(scope, match.start(), name)
            and (not rest or rest.startswith(("召开", "、", name)))
        ):
            found.add(body)
    return found.pop() if len(found) == 1 else None


def attendees(scope: str, name: str) -> list[str]:
    """Who attends the meeting or vote ``name``: ``邀请X、Y参加``, ``参加人员为X``."""
    found: list[str] = []
    for pattern in (_INVITED, _PRESENT):
        for match in pattern.finditer(scope):
            who = _items(match[1])
            if _about(scope, match.start(), name) and not any(_VAGUE_WHO.search(item) for item in who):
                found += [item for item in who if item not in found]
    return found


def places(scope: str, name: str) -> list[str]:
    """Where or to whom the material ``name`` is made public (公示、公开、公布) in its scope."""
    found: list[str] = []
    for match in _PUBLISH.finditer(scope):
        via, to, at = match["via"], match["to"], match["at"]
        if via and _VAGUE.search(via):
            via = None
        if not (via or to or at) or not _about(scope, match.start(), name):
            continue
        rest = re.split(r"[,;。:]", scope[match.end() :])[0]
        if (match["pledge"] and "承诺" not in name) or (rest and not rest.startswith(name)):
            continue  # a pledge of its own (并向社会公开承诺), or another object (公示监督投诉电话)
        found += [item for item in _items(via or at or to) if item not in found]
    return found


def carrier(rest: str, at: int) -> str | None:
    """Who carries out the measure at ``at`` in ``rest``: ``由X对…进行MEASURE`` in the same comma piece."""
    start = max(rest.rfind(",", 0, at), rest.rfind(";", 0, at)) + 1
    hits = [_body(m[1]) for m in _CARRIED.finditer(rest, start, at)]
    return hits[-1] if hits else None
