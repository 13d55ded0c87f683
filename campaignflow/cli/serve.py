"""``campaignflow serve`` (the web board and API) and ``campaignflow token`` (actor tokens for the API).

Both need the ``web`` extra; it is imported only when one of these commands runs, so the rest of
the CLI starts as fast as before and works without it. ``serve`` opens the database before it
binds, so a wrong path or campaign is an error and exit status, not a server that fails later.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from campaignflow.cli.app import CONTEXT, EXIT_INVALID, EXIT_OK, now
from campaignflow.cli.opening import database, open_campaign

_LOCAL = ("127.0.0.1", "localhost", "::1")


def _web() -> Any:
    """The web package, or a usage error naming the extra to install."""
    try:
        from campaignflow import web  # noqa: PLC0415 - the optional web extra, only for these commands
    except ImportError as exc:
        raise click.UsageError(str(exc)) from None
    return web


def token_file(source: str, tokens: Path | None) -> Path | None:
    """The token file of the older way: ``--tokens``, else ``<db>.tokens.json`` beside a file if it exists."""
    if tokens is not None:
        return tokens
    if "://" in source:
        return None
    beside = Path(f"{source}.tokens.json")
    return beside if beside.exists() else None


SOURCE = click.argument("source", metavar="DB|URL")
CAMPAIGN = click.option("--campaign", metavar="ID", help="Serve only this campaign of the database.")
TOKENS = click.option(
    "--tokens",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also accept the tokens of this token file (the older way; DB.tokens.json beside a SQLite "
    "file is read when it exists). Tokens are kept in the campaign by default: campaignflow token add.",
)


@click.command("serve", context_settings=CONTEXT)
@SOURCE
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (localhost).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to bind.")
@CAMPAIGN
@TOKENS
def serve_command(source: str, host: str, port: int, campaign: str | None, tokens: Path | None) -> int:
    """Serve the 红黄绿 board, unit pages and the JSON API of a tracking database.

    \b
    Pages: /  (campaigns), /c/ID/ (board), /c/ID/unit?name=… , /c/ID/timeline, /c/ID/escalations
    API:   /api/v1/…  described by /api/v1/openapi.json
    Recording through the API needs an actor token: campaignflow token add DB ACTOR --by WHO.

    \b
    Example:
      campaignflow serve track.db --port 8000
    """
    web = _web()
    import uvicorn  # noqa: PLC0415 - part of the optional web extra

    if "://" not in source and not os.path.exists(source):
        raise click.BadParameter(f"{source}: no such tracking database", param_hint="DB|URL")
    book = token_file(source, tokens)

    def opened() -> dict[str, Any]:  # runs in the server's worker thread, which then owns the connections
        found = {}
        try:
            for cid in [campaign] if campaign else web.campaign_ids(source):
                found[cid] = open_campaign(source, cid)
        except BaseException:
            for each in found.values():
                each.close()
            raise
        return found

    served = web.app(opened, tokens=str(book) if book else None)
    hub = served.app.state.hub
    ids = hub.call(hub.ids)  # open now: a bad database is an error before the server binds
    for cid in ids:
        hub.call(hub.board, cid, served.app.state.today())  # warm today's board
    held = hub.call(lambda: sum(len(hub.campaign(cid).authority.tokens) for cid in ids))
    if host not in _LOCAL:
        click.echo(f"warning: serving on {host}, reachable from other machines", err=True)
    where = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    click.echo(f"serving {', '.join(ids)} on {where} (Ctrl+C stops)", err=True)
    if book is not None:
        click.echo(f"also accepting the tokens of {book}", err=True)
    elif not held:
        click.echo("no actor tokens yet: the API only reads until 'campaignflow token add'", err=True)
    uvicorn.run(served, host=host, port=port, log_level="warning", server_header=False)
    return EXIT_OK


@click.group("token", context_settings=CONTEXT)
def token_group() -> None:
    """Actor tokens for the API's recording commands (kept hashed in the campaign; shown once).

    \b
    Example:
      campaignflow token add track.db 张三 --by 办公室主任   # prints the token once
      campaignflow token list track.db
      campaignflow token revoke track.db 张三 --by 办公室主任

    A token is kept with the campaign, as an event of its history holding the token's hash, so a
    PostgreSQL campaign has its tokens and every server reading it accepts them. Issuing and revoking
    is an act of authority: --by names who does it (a holder of one of the plan's roles, where the
    campaign enforces authority), and the token goes to an actor on the roster. --tokens FILE
    manages a token file instead (the older way, which serve still reads).
    """


FILE = click.option(
    "--tokens",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Manage this token file instead of the campaign's tokens (the older way).",
)
BY = click.option("--by", default="", help="Who issues or revokes it (留痕), e.g. 局活动领导小组办公室.")


@token_group.command("add", context_settings=CONTEXT)
@database
@click.argument("actor")
@BY
@FILE
def token_add(db: Path | str, actor: str, by: str, tokens: Path | None) -> int:
    """Issue a token for ACTOR (replacing any earlier one) and print it."""
    if tokens is not None:
        book = _web().TokenBook(tokens)
        click.echo(book.issue(actor, at=now()))
        click.echo(f"token for {actor} stored (hashed) in {book.path}; it is not shown again", err=True)
        return EXIT_OK
    with open_campaign(db) as campaign:
        token = campaign.issue_token(actor, at=now(), by=by)
        where = campaign.plan.id
    click.echo(token)
    click.echo(f"token for {actor} recorded (hashed) in campaign {where}; it is not shown again", err=True)
    return EXIT_OK


@token_group.command("list", context_settings=CONTEXT)
@database
@FILE
def token_list(db: Path | str, tokens: Path | None) -> int:
    """List who holds a token, and since when."""
    if tokens is None:
        with open_campaign(db) as campaign:
            for actor, issued in campaign.authority.tokens.holders():
                click.echo(f"{actor}\t{issued.isoformat()}")
    book = token_file(str(db), tokens)
    if book is not None:
        for entry in _web().TokenBook(book).actors():
            click.echo(f"{entry['actor']}\t{entry['issued']}" + ("" if tokens else f"\t({book})"))
    return EXIT_OK


@token_group.command("revoke", context_settings=CONTEXT)
@database
@click.argument("actor")
@BY
@FILE
def token_revoke(db: Path | str, actor: str, by: str, tokens: Path | None) -> int:
    """Revoke ACTOR's token (in the campaign, and in DB.tokens.json if that holds one too)."""
    revoked = False
    if tokens is None:
        with open_campaign(db) as campaign:
            if actor in campaign.authority.tokens:
                campaign.revoke_token(actor, at=now(), by=by)
                revoked = True
    book = token_file(str(db), tokens)
    if book is not None and _web().TokenBook(book).revoke(actor):
        revoked = True
    if not revoked:
        click.echo(f"{actor} holds no token", err=True)
        return EXIT_INVALID
    return EXIT_OK
