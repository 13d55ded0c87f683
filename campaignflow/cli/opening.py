"""The one way the command line opens a tracking database: every ``track`` command goes through here.

``DB`` is a SQLite file or a ``postgresql://`` URL; ``--campaign ID`` picks a campaign when the
database holds several. Keeping this in one place lets every command take both, and say the same
thing when the database or the campaign is missing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from campaignflow.engine import Campaign
from campaignflow.store.connect import is_url, redact

F = TypeVar("F", bound=Callable[..., Any])
_KEY = "campaignflow.campaign"


def _target(ctx: click.Context, param: click.Parameter, value: str) -> Path | str:
    """A URL stays text (a path would fold its ``//``); anything else is a file path."""
    if not value:
        raise click.BadParameter("give a database file or a postgresql:// URL")
    return value if is_url(value) else Path(value)


def _remember(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    ctx.meta[_KEY] = value


def database(func: F) -> F:
    """The ``DB`` argument and the ``--campaign`` option of every command on a tracking database."""
    func = click.option(
        "--campaign",
        metavar="ID",
        expose_value=False,
        callback=_remember,
        help="Which campaign, when the database holds several (see 'track campaigns').",
    )(func)
    return click.argument("db", metavar="DB", callback=_target)(func)


def chosen() -> str | None:
    """The ``--campaign`` given to the running command, if any."""
    context = click.get_current_context(silent=True)
    return None if context is None else context.meta.get(_KEY)


def open_campaign(db: str | os.PathLike[str], campaign: str | None = None) -> Campaign:
    """Open the campaign tracked in ``db`` (``campaign``: which one; default: the ``--campaign`` given)."""
    return Campaign.open(db, campaign=campaign if campaign is not None else chosen())


def shown(db: str | os.PathLike[str]) -> str:
    """``db`` for messages and titles: a file's name, or a URL without its password."""
    return redact(db) if is_url(db) else os.fspath(db)
