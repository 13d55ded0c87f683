"""The API's recording commands: ``POST /api/v1/campaigns/{id}/commands/{act}``, one per engine command.

Every command needs an actor credential, ``Authorization: Bearer <token>``, which the campaign maps
to an actor of its roster (tokens are kept, hashed, in its history: ``Campaign.issue_token``; a
deployment's older :class:`~campaignflow.web.tokens.TokenBook` file is read too); the command is
then recorded ``by`` that actor through the engine, so the engine's rules of authority and order
apply exactly as on the command line. The credential comes from that header only, never a cookie:
a page on another site cannot make a browser send it (no CSRF). A body may carry the unit's
``version`` (from the unit resource): if the unit changed since, the answer is 409 and nothing is
recorded. ``at`` defaults to now (Asia/Shanghai). The answer to a recorded command is the event,
with status 201.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

from campaignflow.engine import Campaign
from campaignflow.errors import ConcurrentUpdate
from campaignflow.history import Event
from campaignflow.web.api import EventOut
from campaignflow.web.hub import Hub
from campaignflow.web.tokens import TokenBook
from campaignflow.web.views import event_row

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/campaigns/{cid}/commands", tags=["record"])
_BEARER = HTTPBearer(auto_error=False, description="an actor token issued with `campaignflow token add`")
CHALLENGE: Final = {"WWW-Authenticate": 'Bearer realm="campaignflow"'}

Name = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(max_length=2000)]


def credential(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
) -> str:
    """The bearer token the request carries; 401 without one. Whose it is, the campaign says
    (:func:`actor_of`), in the worker thread that owns it."""
    if credentials is None:
        raise HTTPException(401, "an actor token is required (Authorization: Bearer <token>)", CHALLENGE)
    return credentials.credentials


def actor_of(campaign: Campaign, token: str, book: TokenBook | None) -> str:
    """The actor ``token`` was issued to: by the campaign (its history keeps the hashes), else by
    the deployment's token file if it has one (the older way); 401 for an unknown or revoked one."""
    found = campaign.token_actor(token)
    if found is None and book is not None:
        found = book.actor_for(token)
    if found is None:
        raise HTTPException(401, "unknown or revoked token", CHALLENGE)
    return found


Token = Annotated[str, Depends(credential)]


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit: Name
    at: datetime.datetime | None = Field(None, description="when it happened; default now (Asia/Shanghai)")
    version: int | None = Field(None, ge=1, description="the unit's version as read; 409 if it changed")


class ArtifactCommand(Command):
    artifact: Name


class Submit(ArtifactCommand):
    ref: Text = Field("", description="where the document or the minutes are")


class Reject(ArtifactCommand):
    reason: Annotated[str, Field(min_length=1, max_length=2000)]


class AddItem(ArtifactCommand):
    item: Name
    ref: Text = ""


class CloseItem(ArtifactCommand):
    item: Name


class Score(ArtifactCommand):
    score: float = Field(ge=0, allow_inf_nan=False)


class Grade(ArtifactCommand):
    grade: Name


class Finding(Command):
    severity: Name
    note: Text = ""


class Deadline(ArtifactCommand):
    due: datetime.date
    reason: Text = ""


Do = Callable[[Campaign, datetime.datetime, str], Event]


async def _record(request: Request, cid: str, command: Command, token: str, do: Do) -> dict[str, Any]:
    """Refresh, find the token's actor, check the client's version, record through the engine, and
    say what was recorded."""
    hub: Hub = request.app.state.hub
    now: Callable[[], datetime.datetime] = request.app.state.now
    book: TokenBook | None = request.app.state.tokens
    at = command.at or now()

    def work() -> dict[str, Any]:
        campaign = hub.campaign(cid)  # brought up to date: a token issued or revoked elsewhere counts
        by = actor_of(campaign, token, book)
        found = campaign.record(command.unit).version
        if command.version is not None and command.version != found:
            raise ConcurrentUpdate(command.unit, command.version, found)
        event = do(campaign, at, by)
        hub.wrote(cid)
        return event_row(event)

    return await hub.run(work)


RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "no token, or an unknown one"},
    403: {"description": "the actor may not do this (the engine's authority rules)"},
    404: {"description": "unknown campaign or unit"},
    409: {"description": "the unit changed since the version given"},
    422: {"description": "the engine refused the move: `reason`, and `missing` artifacts"},
}


def _post(path: str, summary: str) -> Callable[[Any], Any]:
    return router.post(path, response_model=EventOut, status_code=201, responses=RESPONSES, summary=summary)


@_post("/submit", "Hand in a document, or record a meeting as held")
async def submit(request: Request, cid: str, body: Submit, token: Token) -> dict[str, Any]:
    def do(c: Campaign, at: datetime.datetime, by: str) -> Event:
        return c.submit(body.unit, body.artifact, at=at, by=by, ref=body.ref)

    return await _record(request, cid, body, token, do)


@_post("/approve", "Sign off a submitted artifact (审核通过)")
async def approve(request: Request, cid: str, body: ArtifactCommand, token: Token) -> dict[str, Any]:
    def do(c: Campaign, at: datetime.datetime, by: str) -> Event:
        return c.approve(body.unit, body.artifact, at=at, by=by)

    return await _record(request, cid, body, token, do)


@_post("/reject", "Send a submitted artifact back (退回重办)")
async def reject(request: Request, cid: str, body: Reject, token: Token) -> dict[str, Any]:
    def do(c: Campaign, at: datetime.datetime, by: str) -> Event:
        return c.reject(body.unit, body.artifact, at=at, reason=body.reason, by=by)

    return await _record(request, cid, body, token, do)


@_post("/advance", "Move a unit to its next phase")
async def advance(request: Request, cid: str, body: Command, token: Token) -> dict[str, Any]:
    def do(c: Campaign, at: datetime.datetime, by: str) -> Event:
        return c.advance(body.unit, at=at, by=by)

    return await _record(request, cid, body, token, do)


@_post("/add_item", "Add an item to a 台账 (挂账)")
async def add_item(request: Request, cid: str, body: AddItem, token: Token) -> dict[str, Any]:
    def do(c: Campaign, at: datetime.datetime, by: str) -> Event:
        return c.add_item(body.unit, body.artifact, body.item, at=at, by=by, ref=body.ref)

    return await _record(request, cid, body, token, do)


@_post("/close_item", "Close an item of a 台账 (销号)")
async def close_item(request: Request, cid: str, body: CloseItem, token: Token) -> dict[str, Any]:
    def do(c: Campaign, at: datetime.datetime, by: str) -> Event:
        return c.close_item(body.unit, body.artifact, body.item, at=at, by=by)

    return await _record(request, cid, body, token, do)


@_post("/score", "Record a test score")
async def score(request: Request, cid: str, body: Score, token: Token) -> dict[str, Any]:
    def do(c: Campaign, at: datetime.datetime, by: str) -> Event:
        return c.record_score(body.unit, body.artifact, body.score, at=at, by=by)

    return await _record(request, cid, body, token, do)


@_post("/grade", "Record the grade a result was put into")
async def grade(request: Request, cid: str, body: Grade, token: Token) -> dict[str, Any]:
    def do(c: Campaign, at: datetime.datetime, by: str) -> Event:
        return c.record_grade(body.unit, body.artifact, body.grade, at=at, by=by)

    return await _record(request, cid, body, token, do)


@_post("/finding", "Record a supervisor's finding (督查发现的问题)")
async def finding(request: Request, cid: str, body: Finding, token: Token) -> dict[str, Any]:
    def do(c: Campaign, at: datetime.datetime, by: str) -> Event:
        return c.record_finding(body.unit, severity=body.severity, note=body.note, at=at, by=by)

    return await _record(request, cid, body, token, do)


@_post("/deadline", "Give a unit its own deadline for an artifact (限期整改)")
async def deadline(request: Request, cid: str, body: Deadline, token: Token) -> dict[str, Any]:
    def do(c: Campaign, at: datetime.datetime, by: str) -> Event:
        return c.set_deadline(body.unit, body.artifact, due=body.due, at=at, by=by, reason=body.reason)

    return await _record(request, cid, body, token, do)
