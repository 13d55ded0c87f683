"""The HTML pages: campaigns, the 红黄绿 board, a unit's page, the phase timeline, a day's escalations.

Pages only read. Each takes the day it judges (``as_of``, or ``day`` for escalations) from the
query string, defaulting to today in Asia/Shanghai. Templates are Jinja2 with autoescaping on, so
every name a plan or a clerk wrote arrives in the browser as text.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, Final
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from campaignflow.calendar import render
from campaignflow.errors import CampaignflowError
from campaignflow.escalation import LIGHT_WORDS
from campaignflow.web.hub import Hub
from campaignflow.web.views import board_page, day_escalations, unit_detail

__all__ = ["TEMPLATES", "router"]

TEMPLATES: Final = Environment(
    loader=PackageLoader("campaignflow.web", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
TEMPLATES.filters["u"] = lambda value: quote(str(value), safe="")
MARKS: Final = {"done": "✓", "late": "✓", "missed": "✗", "soon": "!", "open": "○", "pending": "…",
                "rejected": "↩", "recurring": "↻"}  # fmt: skip

router = APIRouter(include_in_schema=False)


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render ``template`` with the context every page shares."""
    shared = {
        "base": request.scope.get("root_path", ""),
        "cid": None,
        "title": "campaignflow",
        "words": LIGHT_WORDS,
        "as_of_form": True,
        "as_of_name": "as_of",
        "keep": [],
    }
    html = TEMPLATES.get_template(template).render({**shared, **context})
    return HTMLResponse(html, status_code=status)


def hub_of(request: Request) -> Hub:
    hub: Hub = request.app.state.hub
    return hub


def day_of(request: Request, name: str = "as_of") -> datetime.date:
    """The day a page judges: the query's ISO date, else today (Asia/Shanghai)."""
    text = request.query_params.get(name, "")
    if not text:
        today: Callable[[], datetime.date] = request.app.state.today
        return today()
    return parse_day(text, name)


def parse_day(text: str, name: str) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise CampaignflowError(f"{name}: {text[:40]!r} is not a date (write it as 2012-03-01)") from None
    return checked(day, name)


def checked(day: datetime.date, name: str = "as_of") -> datetime.date:
    """``day`` if campaignflow can judge it (1949-01-01 … 2100-12-31), else a CampaignflowError."""
    if not datetime.date(1949, 1, 1) <= day <= datetime.date(2100, 12, 31):
        raise CampaignflowError(f"{name}: {day.isoformat()} is outside 1949-01-01 … 2100-12-31")
    return day


@router.get("/", response_class=HTMLResponse)
async def campaigns(request: Request) -> HTMLResponse:
    hub = hub_of(request)
    day = day_of(request)

    def listing() -> list[dict[str, Any]]:
        found = []
        for cid in hub.ids():
            c = hub.campaign(cid)
            found.append(
                {
                    "id": cid,
                    "title": c.plan.title,
                    "issuer": c.plan.issuer,
                    "year": c.plan.year,
                    "units": len(c),
                }
            )
        return found

    listed = await hub.run(listing)
    return page(request, "campaigns.html", title="活动", campaigns=listed, as_of=day.isoformat())


@router.get("/c/{cid}/", response_class=HTMLResponse)
async def board(request: Request, cid: str) -> HTMLResponse:
    hub, day, q = hub_of(request), day_of(request), request.query_params
    filters = {key: q.get(key, "")[:200] for key in ("kind", "phase", "light", "q")}
    number = _number(q.get("page", "1"), "page")

    def build() -> dict[str, Any]:
        campaign = hub.campaign(cid)
        cached = hub.board(cid, day)
        shown = board_page(cached, page=number, kind=filters["kind"], phase=filters["phase"],
                           light=filters["light"], q=filters["q"])  # fmt: skip
        plan = campaign.plan
        return {
            "plan": plan,
            "phases": cached.board.phases,
            "totals": cached.board.totals,
            "total": len(cached.board.rows),
            "warn": cached.board.warn_workdays,
            "kinds": [k.name for k in plan.unit_kinds],
            "phase_names": {p.phase: p.name for p in cached.board.phases},
            "page": shown,
        }

    built = await hub.run(build)
    base = request.scope.get("root_path", "")

    def link(**change: Any) -> str:
        query = {"as_of": day.isoformat(), **filters, "page": number, **change}
        return f"{base}/c/{quote(cid, safe='')}/?" + urlencode({k: v for k, v in query.items() if v})

    return page(
        request,
        "board.html",
        cid=cid,
        title=f"{built['plan'].title} 看板",
        as_of=day.isoformat(),
        keep=[(k, v) for k, v in filters.items() if v],
        f=filters,
        link=link,
        unit_link=_unit_link(base, cid, day),
        **built,
    )


@router.get("/c/{cid}/unit", response_class=HTMLResponse)
async def unit(request: Request, cid: str) -> HTMLResponse:
    hub, day = hub_of(request), day_of(request)
    name = request.query_params.get("name", "")

    def build() -> tuple[dict[str, Any], dict[str, str]]:
        campaign = hub.campaign(cid)
        detail = unit_detail(campaign, hub.row(cid, day, name), day)
        names = {spec.id: spec.name for _, spec in campaign.plan.artifacts()}
        return detail, names

    detail, names = await hub.run(build)
    return page(
        request,
        "unit.html",
        cid=cid,
        title=name,
        as_of=day.isoformat(),
        keep=[("name", name)],
        u=detail,
        names=names,
        marks=MARKS,
    )


@router.get("/c/{cid}/timeline")
async def timeline(request: Request, cid: str) -> Response:
    hub, day = hub_of(request), day_of(request)
    html = await hub.run(lambda: str(render(hub.campaign(cid).plan, "html", today=day)))
    return HTMLResponse(html)


@router.get("/c/{cid}/escalations", response_class=HTMLResponse)
async def escalations(request: Request, cid: str) -> HTMLResponse:
    hub, day = hub_of(request), day_of(request, "day")

    def build() -> tuple[Any, list[dict[str, Any]]]:
        campaign = hub.campaign(cid)
        return campaign.plan, day_escalations(campaign, day)

    plan, items = await hub.run(build)
    base = request.scope.get("root_path", "")
    return page(
        request,
        "escalations.html",
        cid=cid,
        title=f"{day.isoformat()} 督办",
        as_of=day.isoformat(),
        as_of_name="day",
        plan=plan,
        items=items,
        new=sum(e["status"] == "new" for e in items),
        resolved=sum(e["status"] == "resolved" for e in items),
        unit_link=_unit_link(base, cid, day),
    )


def _unit_link(base: str, cid: str, day: datetime.date) -> Callable[[str], str]:
    prefix = f"{base}/c/{quote(cid, safe='')}/unit?"
    return lambda name: prefix + urlencode({"name": name, "as_of": day.isoformat()})


def _number(text: str, name: str) -> int:
    if not text.isdigit() or len(text) > 9:
        raise CampaignflowError(f"{name} must be a whole number, not {text[:20]!r}")
    return int(text)
