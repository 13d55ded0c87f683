"""The API's recording commands: ``POST /api/v1/campaigns/{id}/commands/{act}``, one per engine command.

Every command needs an actor credential, ``Authorization: Bearer <token>``, which the deployment's
:class:`~campaignflow.web.tokens.TokenBook` maps to an actor of the roster; the command is then
recorded ``by`` that actor through the engine, so the engine's rules of authority and order apply
exactly as on the command line. A body may carry the unit's ``version`` (from the unit resource):
if the unit changed since, the answer is 409 and nothing is recorded. ``at`` defaults to now
(Asia/Shanghai). The answer to a recorded command is the event, with status 201.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Annotated, Any

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

Name = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(max_length=2000)]


def actor(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)]
) -> str:
    """The actor whose token the request carries; 401 without a valid one."""
    book: TokenBook | None = request.app.state.tokens
    challenge = {"WWW-Authenticate": 'Bearer realm="campaignflow"'}
    if book is None:
        raise HTTPException(401, "this server records nothing: it runs without a token file", challenge)
    if credentials is None:
        raise HTTPException(401, "an actor token is required (Authorization: Bearer <token>)", challenge)
    found = book.actor_for(credentials.credentials)
    if found is None:
        raise HTTPException(401, "unknown or revoked token", challenge)
    return found


Actor = Annotated[str, Depends(actor)]


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


async def _record(
    request: Request, cid: str, command: Command, do: Callable[[Campaign, datetime.datetime], Event]
) -> dict[str, Any]:
    """Refresh, check the client's version, record through the engine, and say what was recorded."""
    hub: Hub = request.app.state.hub
    now: Callable[[], datetime.datetime] = request.app.state.now
    at = command.at or now()

    def work() -> dict[str, Any]:
        campaign = hub.campaign(cid)
        found = campaign.record(command.unit).version
        if command.version is not None and command.version != found:
            raise ConcurrentUpdate(command.unit, command.version, found)
        event = do(campaign, at)
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
async def submit(request: Request, cid: str, body: Submit, by: Actor) -> dict[str, Any]:
    return await _record(request, cid, body, lambda c, at: c.submit(body.unit, body.artifact, at=at, by=by,
                                                                    ref=body.ref))  # fmt: skip


@_post("/approve", "Sign off a submitted artifact (审核通过)")
async def approve(request: Request, cid: str, body: ArtifactCommand, by: Actor) -> dict[str, Any]:
    return await _record(request, cid, body, lambda c, at: c.approve(body.unit, body.artifact, at=at, by=by))


@_post("/reject", "Send a submitted artifact back (退回重办)")
async def reject(request: Request, cid: str, body: Reject, by: Actor) -> dict[str, Any]:
    return await _record(
        request, cid, body, lambda c, at: c.reject(body.unit, body.artifact, at=at, reason=body.reason, by=by)
    )


@_post("/advance", "Move a unit to its next phase")
async def advance(request: Request, cid: str, body: Command, by: Actor) -> dict[str, Any]:
    return await _record(request, cid, body, lambda c, at: c.advance(body.unit, at=at, by=by))


@_post("/add_item", "Add an item to a 台账 (挂账)")
async def add_item(request: Request, cid: str, body: AddItem, by: Actor) -> dict[str, Any]:
    def do(c: Campaign, at: datetime.datetime) -> Event:
        return c.add_item(body.unit, body.artifact, body.item, at=at, by=by, ref=body.ref)

    return await _record(request, cid, body, do)


@_post("/close_item", "Close an item of a 台账 (销号)")
async def close_item(request: Request, cid: str, body: CloseItem, by: Actor) -> dict[str, Any]:
    return await _record(
        request, cid, body, lambda c, at: c.close_item(body.unit, body.artifact, body.item, at=at, by=by)
    )


@_post("/score", "Record a test score")
async def score(request: Request, cid: str, body: Score, by: Actor) -> dict[str, Any]:
    return await _record(
        request, cid, body, lambda c, at: c.record_score(body.unit, body.artifact, body.score, at=at, by=by)
    )


@_post("/grade", "Record the grade a result was put into")
async def grade(request: Request, cid: str, body: Grade, by: Actor) -> dict[str, Any]:
    return await _record(
        request, cid, body, lambda c, at: c.record_grade(body.unit, body.artifact, body.grade, at=at, by=by)
    )


@_post("/finding", "Record a supervisor's finding (督查发现的问题)")
async def finding(request: Request, cid: str, body: Finding, by: Actor) -> dict[str, Any]:
    def do(c: Campaign, at: datetime.datetime) -> Event:
        return c.record_finding(body.unit, severity=body.severity, note=body.note, at=at, by=by)

    return await _record(request, cid, body, do)


@_post("/deadline", "Give a unit its own deadline for an artifact (限期整改)")
async def deadline(request: Request, cid: str, body: Deadline, by: Actor) -> dict[str, Any]:
    def do(c: Campaign, at: datetime.datetime) -> Event:
        return c.set_deadline(body.unit, body.artifact, due=body.due, at=at, by=by, reason=body.reason)

    return await _record(request, cid, body, do)
