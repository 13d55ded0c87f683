"""The JSON API under ``/api/v1``: what the library reads, as HTTP resources with an OpenAPI description.

Reads mirror the library: the campaigns served, a campaign's board (filtered and paginated like the
page), its units, one unit (with its deadlines, 台账 items and escalations), a unit's history, and
the escalations recorded on a day. Recording commands live in :mod:`campaignflow.web.commands`.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from campaignflow.escalation import LIGHT_WORDS
from campaignflow.web.hub import Hub
from campaignflow.web.pages import checked, day_of
from campaignflow.web.views import MAX_PAGE, board_page, day_escalations, event_row, unit_detail

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["read"])

Light = Literal["green", "yellow", "red"]


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PhaseOut(Out):
    id: str
    name: str
    start: datetime.date
    end: datetime.date


class CampaignOut(Out):
    id: str = Field(description="the campaign id to use in other URLs")
    title: str
    issuer: str
    year: int
    units: int = Field(description="units enrolled")
    phases: list[PhaseOut]


class PhaseCountOut(Out):
    phase: str = Field(description="phase id, or 'done'")
    name: str
    green: int
    yellow: int
    red: int
    total: int


class BoardRowOut(Out):
    unit: str
    kind: str
    phase: str
    light: Light
    light_word: str = Field(description="红, 黄 or 绿")
    due: datetime.date | None = Field(description="the deadline that decided the light")
    reason: str


class BoardOut(Out):
    as_of: datetime.date
    warn_workdays: int
    totals: dict[str, int]
    phases: list[PhaseCountOut]
    matched: int = Field(description="units matching the filters")
    page: int
    size: int
    pages: int
    units: list[BoardRowOut]


class UnitsOut(Out):
    units: list[str]
    matched: int
    page: int
    size: int


class EventOut(Out):
    seq: int
    unit: str
    kind: str
    kind_word: str = Field(description="the kind in a clerk's words (campaignflow.words), e.g. 提交")
    at: str = Field(description="ISO 8601 with the Asia/Shanghai offset")
    by: str
    payload: dict[str, Any]
    details: str


class DeadlineOut(Out):
    artifact: str
    name: str
    kind: str
    kind_name: str
    required: bool
    due: datetime.date
    in_: bool = Field(alias="in", description="whether it counts as in, by the rule that gates advancing")
    status: str | None
    done_at: datetime.date | None
    count: int
    state: Literal["done", "late", "missed", "pending", "rejected", "soon", "open", "recurring"]
    state_word: str

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class UnitPhaseOut(Out):
    phase: str
    name: str
    start: datetime.date
    end: datetime.date
    extended: bool
    current: bool
    deadlines: list[DeadlineOut]


class LedgerItemOut(Out):
    item: str
    closed: bool


class LedgerOut(Out):
    artifact: str
    name: str
    items: list[LedgerItemOut]
    open: int


class EscalationOut(Out):
    unit: str
    rule: str
    rule_name: str
    step: int = Field(description="the ladder step, 1-based")
    occurrence: int
    reason: str
    due: str
    actions: list[str]
    one_of: list[str]
    addressee: str
    applied: list[str]
    at: str
    by: str
    standing: bool | None = None
    resolved_at: datetime.date | None = None
    resolution: str | None = None
    status: Literal["new", "resolved"] | None = None


class UnitOut(Out):
    unit: str
    kind: str
    phase: str
    phase_name: str
    entered: str
    version: int = Field(description="the unit's optimistic-lock version, to pass to a command")
    as_of: datetime.date
    light: Light | None
    light_word: str | None
    light_reason: str
    can_advance: bool
    missing: list[str]
    advance_reason: str
    phases: list[UnitPhaseOut]
    duties: list[DeadlineOut]
    ledgers: list[LedgerOut]
    escalations: list[EscalationOut]
    history: list[EventOut]


AsOf = Annotated[
    datetime.date | None, Query(description="the day judged (ISO); default today, Asia/Shanghai")
]


def _hub(request: Request) -> Hub:
    hub: Hub = request.app.state.hub
    return hub


@router.get("/campaigns", response_model=list[CampaignOut], summary="The campaigns served")
async def campaigns(request: Request) -> list[dict[str, Any]]:
    hub = _hub(request)

    def listing() -> list[dict[str, Any]]:
        found = []
        for cid in hub.ids():
            c = hub.campaign(cid)
            phases = [{"id": p.id, "name": p.name, "start": p.start, "end": p.end} for p in c.plan.phases]
            found.append(
                {"id": cid, "title": c.plan.title, "issuer": c.plan.issuer, "year": c.plan.year,
                 "units": len(c), "phases": phases}
            )  # fmt: skip
        return found

    return await hub.run(listing)


@router.get("/campaigns/{cid}/board", response_model=BoardOut, summary="The 红黄绿 board, filtered, one page")
async def board(  # noqa: PLR0917 - FastAPI reads the query parameters from the signature
    request: Request,
    cid: str,
    as_of: AsOf = None,
    kind: Annotated[str, Query(max_length=200)] = "",
    phase: Annotated[str, Query(max_length=200)] = "",
    light: Light | None = None,
    q: Annotated[str, Query(max_length=200, description="part of a unit's name")] = "",
    page: Annotated[int, Query(ge=1)] = 1,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
) -> dict[str, Any]:
    hub, day = _hub(request), checked(as_of) if as_of else day_of(request)

    def build() -> dict[str, Any]:
        cached = hub.board(cid, day)
        shown = board_page(cached, kind=kind, phase=phase, light=light or "", q=q, page=page, size=size)
        b = cached.board
        return {
            "as_of": b.as_of,
            "warn_workdays": b.warn_workdays,
            "totals": b.totals,
            "phases": [p.as_dict() for p in b.phases],
            "matched": shown.matched,
            "page": shown.page,
            "size": shown.size,
            "pages": shown.pages,
            "units": [{**r.as_dict(), "light_word": LIGHT_WORDS[r.light]} for r in shown.rows],
        }

    return await hub.run(build)


@router.get("/campaigns/{cid}/units", response_model=UnitsOut, summary="Enrolled units, in enrolment order")
async def units(
    request: Request,
    cid: str,
    phase: Annotated[str | None, Query(description="only units in this phase id (or 'done')")] = None,
    page: Annotated[int, Query(ge=1)] = 1,
    size: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> dict[str, Any]:
    hub = _hub(request)

    def build() -> dict[str, Any]:
        names = hub.campaign(cid).units(phase or None)
        start = (page - 1) * size
        return {"units": names[start : start + size], "matched": len(names), "page": page, "size": size}

    return await hub.run(build)


@router.get("/campaigns/{cid}/units/{unit:path}", response_model=UnitOut, response_model_by_alias=True,
            summary="One unit: phase, light, deadlines, 台账 items, escalations, history")  # fmt: skip
async def unit(request: Request, cid: str, unit: str, as_of: AsOf = None) -> dict[str, Any]:
    hub, day = _hub(request), checked(as_of) if as_of else day_of(request)
    return await hub.run(lambda: unit_detail(hub.campaign(cid), hub.row(cid, day, unit), day))


@router.get("/campaigns/{cid}/history/{unit:path}", response_model=list[EventOut],
            summary="A unit's history (留痕), oldest first")  # fmt: skip
async def history(request: Request, cid: str, unit: str) -> list[dict[str, Any]]:
    hub = _hub(request)
    return await hub.run(lambda: [event_row(e) for e in hub.campaign(cid).history(unit)])


@router.get("/campaigns/{cid}/escalations", response_model=list[EscalationOut],
            summary="What the escalation sweep recorded on a day")  # fmt: skip
async def escalations(
    request: Request,
    cid: str,
    day: Annotated[datetime.date | None, Query(description="ISO date; default today, Asia/Shanghai")] = None,
) -> list[dict[str, Any]]:
    hub, when = _hub(request), checked(day, "day") if day else day_of(request, "day")
    return await hub.run(lambda: day_escalations(hub.campaign(cid), when))
