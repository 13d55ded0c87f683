"""Build the ASGI app: pages, the JSON API, static files, error answers and the guard around them.

Errors become answers a person or a program can act on, never a traceback: a campaignflow error
in a page is an error page naming it, in the API a JSON object ``{"error", "message", …}`` — with
``reason`` and ``missing`` for a refused move. Status codes: 400 bad input, 401 no or unknown
credential, 403 not allowed, 404 unknown campaign or unit, 409 a concurrent update, 422 a move
the engine refused, 413/414 too large, 500 a damaged database (named) or a bug (not named), 503 a
database that cannot be reached now. Errors are matched by their class (campaignflow.errors).
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from campaignflow.errors import (
    CampaignflowError,
    ConcurrentUpdate,
    MoveNotAllowed,
    NotAuthorized,
    StoreError,
    StoreUnavailable,
    UnknownUnit,
)
from campaignflow.history import SHANGHAI
from campaignflow.web import api, commands, pages
from campaignflow.web.guard import Guard
from campaignflow.web.hub import Hub, Source, UnknownCampaign
from campaignflow.web.tokens import TokenBook

__all__ = ["app", "now_in_shanghai"]


def now_in_shanghai() -> datetime.datetime:
    """The time now in Asia/Shanghai: the web layer's default ``at`` and day (the library never reads
    the clock)."""
    return datetime.datetime.now(SHANGHAI)


def app(
    source: Source,
    *,
    campaign: str | None = None,
    tokens: TokenBook | str | None = None,
    clock: Callable[[], datetime.datetime] = now_in_shanghai,
    max_body: int = 64 * 1024,
) -> Guard:
    """The web board and API over ``source``; ``campaign`` serves only that one of its campaigns.

    ``source`` is a SQLite path or store URL, an open campaign, or a function returning campaigns
    by id. The recording commands take the actor tokens each campaign keeps in its history
    (``Campaign.issue_token``); ``tokens`` (a :class:`TokenBook` or its file, the older way) adds
    those of a token file. ``clock`` gives the time now (Asia/Shanghai):
    the default ``at`` of a command and, by its date, the default day of a page.
    The result is an ASGI app: run it with uvicorn or mount it in another app.
    """
    book = TokenBook(tokens) if isinstance(tokens, str) else tokens
    hub = Hub(source, campaign=campaign)
    inner = FastAPI(
        title="campaignflow",
        summary="The 红黄绿 board, units and their history, and the recording commands of a campaign.",
        version=_version(),
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # Swagger UI loads scripts from a CDN: not on a board behind a firewall
        redoc_url=None,
        lifespan=_closing(hub),
    )
    inner.state.hub, inner.state.now, inner.state.tokens = hub, clock, book
    inner.state.today = lambda: clock().date()
    inner.include_router(api.router)
    inner.include_router(commands.router)
    inner.include_router(pages.router)
    static = resources.files("campaignflow.web") / "static"
    inner.mount("/static", StaticFiles(directory=str(static)), name="static")
    inner.add_exception_handler(CampaignflowError, _campaignflow_error)
    inner.add_exception_handler(RequestValidationError, _invalid_request)
    inner.add_exception_handler(HTTPException, _http_error)
    inner.add_exception_handler(Exception, _bug)  # Starlette answers with it, then re-raises to the guard
    return Guard(inner, max_body=max_body)


def _closing(hub: Hub) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """The app's lifespan: when the server stops, close every campaign."""

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            hub.close()

    return lifespan


def _version() -> str:
    try:
        return version("campaignflow")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0"


def _status(exc: CampaignflowError) -> int:
    """The HTTP status of a campaignflow error: matched by class, most specific first (NotAuthorized
    and OutOfOrder are MoveNotAllowed too)."""
    if isinstance(exc, UnknownUnit | UnknownCampaign):
        return 404
    if isinstance(exc, ConcurrentUpdate):
        return 409
    if isinstance(exc, NotAuthorized):
        return 403
    if isinstance(exc, MoveNotAllowed):
        return 422
    if isinstance(exc, StoreUnavailable):
        return 503
    if isinstance(exc, StoreError):
        return 500  # the database is damaged or not ours: not the request's fault
    return 400


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def _campaignflow_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, CampaignflowError)
    status = _status(exc)
    body: dict[str, Any] = {"error": _CODES[status], "message": str(exc)}
    for name in ("unit", "reason", "missing", "actor", "act", "expected", "found"):
        value = getattr(exc, name, None)
        if value is not None:
            body[name] = list(value) if isinstance(value, tuple | list) else value
    if isinstance(exc, MoveNotAllowed):
        body.setdefault("missing", [])
    if _wants_json(request):
        return JSONResponse(body, status_code=status)
    missing = [str(m) for m in body.get("missing", [])]
    return pages.page(request, "error.html", status, heading=_HEADINGS[status], message=str(exc),
                      missing=missing, as_of="", as_of_form=False)  # fmt: skip


async def _invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"where": ".".join(str(part) for part in error.get("loc", ())), "message": str(error.get("msg", ""))}
        for error in exc.errors()
    ]
    text = "; ".join(f"{p['where']}: {p['message']}" for p in problems)
    if _wants_json(request):
        return JSONResponse({"error": "invalid", "message": text, "problems": problems}, status_code=400)
    return pages.page(request, "error.html", 400, heading="请求有误", message=text, missing=[], as_of="",
                      as_of_form=False)  # fmt: skip


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = str(exc.detail)
    headers = dict(exc.headers or {})
    if _wants_json(request):
        code = _CODES.get(exc.status_code, "error")
        return JSONResponse({"error": code, "message": message}, status_code=exc.status_code, headers=headers)
    heading = _HEADINGS.get(exc.status_code, "出错了")
    return pages.page(request, "error.html", exc.status_code, heading=heading, message=message, missing=[],
                      as_of="", as_of_form=False)  # fmt: skip


async def _bug(request: Request, exc: Exception) -> Response:
    """A bug: the server log gets the traceback (the guard logs it), the client a plain sentence."""
    message = "internal error: a bug in campaignflow, please report it"
    if _wants_json(request):
        return JSONResponse({"error": "internal", "message": message}, status_code=500)
    return Response(message, status_code=500, media_type="text/plain; charset=utf-8")


_CODES = {400: "invalid", 401: "unauthenticated", 403: "not_authorized", 404: "not_found", 405: "method",
          409: "concurrent_update", 422: "refused", 500: "store", 503: "unavailable"}  # fmt: skip
_HEADINGS = {400: "请求有误", 401: "需要登录", 403: "无权操作", 404: "找不到", 405: "不支持的请求",
             409: "他人刚刚修改过", 422: "不能办理", 500: "数据库有误",
             503: "数据库暂时无法访问"}  # fmt: skip
