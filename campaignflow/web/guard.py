"""The web app's outer shell: request size limits, security headers, and no stack trace ever sent.

:class:`Guard` is plain ASGI middleware wrapped around the whole app. It refuses an over-long URL
(414) and a body larger than the limit (413) — by its ``Content-Length`` before reading, and by
counting as it reads the body (whole, at most the limit) before the app runs. Every response
gets headers that keep the pages from running scripts or being framed. An exception that escapes
the app is logged on the server and answered with a short 500 that names no code.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Final

__all__ = ["HEADERS", "Guard"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOG: Final = logging.getLogger("campaignflow.web")
#: Sent with every response: no scripts, no framing, no sniffing, no referrer to other sites.
HEADERS: Final = (
    (
        b"content-security-policy",
        b"default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        b"form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
)


class Guard:
    """ASGI middleware: size limits, security headers, and a plain 500 instead of a traceback."""

    def __init__(self, app: ASGIApp, *, max_body: int = 64 * 1024, max_url: int = 4096) -> None:
        self.app, self.max_body, self.max_url = app, max_body, max_url

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        api = str(scope.get("path", "")).startswith("/api/")
        length = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        if length > self.max_url:
            await _plain(send, 414, "URL too long", api)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body:
            await _plain(send, 413, f"request body over {self.max_body} bytes", api)
            return
        started = False
        body = await _read(receive, self.max_body) if scope.get("method") in _WITH_BODY else None
        if body is _TOO_LARGE:
            await _plain(send, 413, f"request body over {self.max_body} bytes", api)
            return
        if isinstance(body, bytes):
            whole: Message = {"type": "http.request", "body": body, "more_body": False}
            sent = False

            async def replay() -> Message:
                nonlocal sent
                if sent:
                    return await receive()  # after the body, only a disconnect can come
                sent = True
                return whole

            inner: Receive = replay
        else:
            inner = receive

        async def secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in HEADERS if name not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, inner, secured)
        except Exception:
            LOG.exception("internal error on %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await _plain(send, 500, "internal error: a bug in campaignflow, please report it", api)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _plain(send: Send, status: int, message: str, api: bool) -> None:
    """A short answer the guard makes itself: JSON under /api/, text elsewhere."""
    if api:
        body = json.dumps({"error": _CODES.get(status, "error"), "message": message}).encode()
        kind = b"application/json"
    else:
        body, kind = message.encode(), b"text/plain; charset=utf-8"
    headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode()), *HEADERS]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _read(receive: Receive, limit: int) -> bytes | object:
    """The whole request body, or ``_TOO_LARGE`` as soon as it passes ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)  # the client went away; the app will see an empty body
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return _TOO_LARGE
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


_TOO_LARGE: Final = object()
_WITH_BODY: Final = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_CODES: Final = {413: "too_large", 414: "url_too_long", 500: "internal"}
