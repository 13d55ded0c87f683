"""What the web pages and the JSON API show, as plain data computed from a campaign (no HTTP here).

The board is filtered, searched and cut into pages here; a unit's page gathers its phase, what it
owes with each deadline and whether it was met, its 台账 items, its escalations and its history.
Deadlines are judged on the day asked about (``as_of``): a missed one (due before that day and not
in) is ``missed``, never just "past", so a page can make it stand out.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from campaignflow.calendar.view import KIND_NAMES, build_view
from campaignflow.engine import DONE, Campaign
from campaignflow.errors import CampaignflowError
from campaignflow.escalation import LIGHT_WORDS, BoardRow
from campaignflow.history import Event
from campaignflow.plan import Artifact
from campaignflow.web.hub import CachedBoard
from campaignflow.words import event_word

__all__ = [
    "LIGHTS",
    "STATE_WORDS",
    "BoardPage",
    "board_page",
    "day_escalations",
    "event_row",
    "unit_detail",
]

LIGHTS: Final = ("red", "yellow", "green")
#: How a deadline stands on the day asked about.
STATE_WORDS: Final[Mapping[str, str]] = {
    "done": "按期完成",
    "late": "逾期完成",
    "missed": "逾期未交",
    "pending": "待审核",
    "rejected": "被退回",
    "soon": "即将到期",
    "open": "未到期",
    "recurring": "经常性工作",
}
MAX_PAGE: Final = 500


@dataclass(frozen=True)
class BoardPage:
    """One page of the board's rows after the filters, with the counts of the whole board."""

    rows: tuple[BoardRow, ...]
    matched: int
    page: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.matched // self.size))


def board_page(
    cached: CachedBoard,
    *,
    kind: str = "",
    phase: str = "",
    light: str = "",
    q: str = "",
    page: int = 1,
    size: int = 100,
) -> BoardPage:
    """The board's rows that match every filter given (search: a part of the unit's name), one page."""
    if light and light not in LIGHTS:
        raise CampaignflowError(f"light must be one of {', '.join(LIGHTS)}, not {light!r}")
    if not 1 <= size <= MAX_PAGE:
        raise CampaignflowError(f"page size must be 1 to {MAX_PAGE}, not {size}")
    if page < 1:
        raise CampaignflowError(f"page must be 1 or more, not {page}")
    rows: Iterable[BoardRow] = cached.board.rows
    if kind or phase or light or q:
        rows = [
            r
            for r in rows
            if (not kind or r.kind == kind)
            and (not phase or r.phase == phase)
            and (not light or r.light == light)
            and (not q or q in r.unit)
        ]
    listed = rows if isinstance(rows, list | tuple) else list(rows)
    start = (page - 1) * size
    return BoardPage(tuple(listed[start : start + size]), len(listed), page, size)


def phase_name(campaign: Campaign, phase: str) -> str:
    """A phase id (or ``done``) in words."""
    return "已完成" if phase == DONE else campaign.plan.phase(phase).name


def unit_detail(campaign: Campaign, row: BoardRow, as_of: datetime.date) -> dict[str, Any]:
    """Everything the unit page shows about ``row``'s unit, as JSON-ready data (dates as ISO text)."""
    unit = row.unit
    record = campaign.record(unit)
    plan = campaign.plan
    view = build_view(plan, unit=unit, campaign=campaign, today=as_of)
    horizon = plan.workcalendar.add_workdays(as_of, plan.calendar.warn_workdays + 1)
    phases = []
    for phase_row in view.rows:
        deadlines = [
            _deadline(campaign, unit, d.artifact, d.due, as_of=as_of, horizon=horizon)
            for d in phase_row.deadlines
        ]
        phases.append(
            {
                "phase": phase_row.phase.id,
                "name": phase_row.phase.name,
                "start": phase_row.start.isoformat(),
                "end": phase_row.end.isoformat(),
                "extended": phase_row.extended,
                "current": phase_row.phase.id == record.phase,
                "deadlines": deadlines,
            }
        )
    duties = [_deadline(campaign, unit, d.artifact, d.due, as_of=as_of, horizon=horizon) for d in view.duties]
    verdict = campaign.can_advance(unit, at=as_of)
    return {
        "unit": unit,
        "kind": record.kind,
        "phase": record.phase,
        "phase_name": phase_name(campaign, record.phase),
        "entered": record.entered.isoformat(),
        "version": record.version,
        "as_of": as_of.isoformat(),
        "light": row.light,
        "light_word": LIGHT_WORDS[row.light],
        "light_reason": row.reason,
        "can_advance": verdict.ok,
        "missing": list(verdict.missing),
        "advance_reason": verdict.reason,
        "phases": phases,
        "duties": duties,
        "ledgers": _ledgers(campaign, unit),
        "escalations": unit_escalations(record.events, as_of),
        "history": [event_row(e) for e in record.events],
    }


def _deadline(
    campaign: Campaign,
    unit: str,
    art: Artifact,
    due: datetime.date,
    *,
    as_of: datetime.date,
    horizon: datetime.date,
) -> dict[str, Any]:
    """One owed artifact with its due day and how it stands on ``as_of``."""
    evidence = campaign.evidence(unit, art.id)
    is_in = campaign.is_in(unit, art.id)
    done_at = evidence.at.date() if evidence is not None and evidence.at is not None else None
    if art.recurring is not None:
        state = "recurring"
    elif is_in:
        state = "late" if done_at is not None and done_at > due else "done"
    elif due < as_of:
        state = "missed"
    elif evidence is not None and evidence.status == "submitted":
        state = "pending"
    elif evidence is not None and evidence.status == "rejected":
        state = "rejected"
    else:
        state = "soon" if due < horizon else "open"
    return {
        "artifact": art.id,
        "name": art.name,
        "kind": art.kind,
        "kind_name": KIND_NAMES[art.kind],
        "required": art.required,
        "due": due.isoformat(),
        "in": is_in,
        "status": evidence.status if evidence is not None else None,
        "done_at": done_at.isoformat() if done_at else None,
        "count": evidence.count if evidence is not None else 0,
        "state": state,
        "state_word": STATE_WORDS[state],
    }


def _ledgers(campaign: Campaign, unit: str) -> list[dict[str, Any]]:
    """The unit's 台账: every artifact with items, each item open (未销号) or closed (已销号)."""
    items = campaign.record(unit).items or {}
    found = []
    for _, spec in campaign.plan.artifacts():
        evidence = items.get(spec.id)
        if evidence is None or not evidence.entries:
            continue
        found.append(
            {
                "artifact": spec.id,
                "name": spec.name,
                "items": [{"item": i, "closed": closed} for i, closed in evidence.entries.items()],
                "open": sum(not closed for closed in evidence.entries.values()),
            }
        )
    return found


def unit_escalations(events: Iterable[Event], as_of: datetime.date) -> list[dict[str, Any]]:
    """The unit's escalations recorded up to ``as_of``: the latest step of each, standing or resolved."""
    found: dict[tuple[str, int], dict[str, Any]] = {}
    for event in events:
        if event.at.date() > as_of or event.kind not in ("escalated", "resolved"):
            continue
        p = event.payload
        key = (str(p.get("rule", "")), int(p.get("occurrence", 0) or 0))
        if event.kind == "escalated":
            if int(p.get("step", -1)) < 0:
                continue
            found[key] = {**_escalation(event), "standing": True, "resolved_at": None}
        elif key in found:
            found[key]["standing"] = False
            found[key]["resolved_at"] = event.at.date().isoformat()
            found[key]["resolution"] = str(p.get("reason", ""))
    return sorted(found.values(), key=lambda e: (not e["standing"], e["at"]))


def _escalation(event: Event) -> dict[str, Any]:
    p = event.payload
    return {
        "unit": event.unit,
        "rule": str(p.get("rule", "")),
        "rule_name": str(p.get("name", p.get("rule", ""))),
        "step": int(p.get("step", 0)) + 1,
        "occurrence": int(p.get("occurrence", 0) or 0),
        "reason": str(p.get("reason", "")),
        "due": str(p.get("due", "")),
        "actions": [str(a) for a in p.get("actions", [])],
        "one_of": [str(a) for a in p.get("one_of", [])],
        "addressee": str(p.get("addressee", "")),
        "applied": [str(a) for a in p.get("applied", [])],
        "at": event.at.isoformat(),
        "by": event.by,
    }


def day_escalations(campaign: Campaign, day: datetime.date) -> list[dict[str, Any]]:
    """What the escalation sweep recorded on ``day``: new steps (``new``) and cures (``resolved``)."""
    names = {rule.id: rule.name for rule in campaign.plan.rules}
    found = []
    kinds = ("escalated", "resolved")
    campaign.preload(kinds)  # one query for every unit, not one each
    for record in campaign.records():
        for event in record.since(0, kinds):
            if event.kind not in kinds or event.at.date() != day:
                continue
            if int(event.payload.get("step", -1)) < 0:
                continue  # an observation no step applies to yet: the sweep does not report it
            entry = _escalation(event)
            if event.kind == "resolved":
                entry["rule_name"] = names.get(entry["rule"], entry["rule"])
            found.append({**entry, "status": "new" if event.kind == "escalated" else "resolved"})
    return found


def event_row(event: Event) -> dict[str, Any]:
    """One history event as JSON-ready data, with its kind in words and a one-line summary."""
    details = "；".join(
        f"{key}: {_text(value)}" for key, value in event.payload.items() if value not in ("", None, [], {})
    )
    return {**event.as_dict(), "kind_word": event_word(event.kind), "details": details}


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(_text(v) for v in value)
    if isinstance(value, dict):
        return "，".join(f"{k} {_text(v)}" for k, v in value.items())
    return str(value)
