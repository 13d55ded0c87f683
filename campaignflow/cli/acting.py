"""What every ``track`` command shares: its DB, UNIT, ARTIFACT and ``--format`` parameters, the
``--at``/``--by``/``--backdate`` of a recorded act, and how the act's events or its refusal are reported.

Kept apart from the ``track`` group (cli/track.py) so that the commands of other modules —
escalation, findings, roster, office … — take the same options without importing the group that
offers them. ``--at`` defaults to now in Asia/Shanghai (:func:`campaignflow.cli.app.now`); a refused
move prints its reason and the missing artifacts and exits with status 1.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from campaignflow.cli.app import EXIT_INVALID, EXIT_OK, now
from campaignflow.cli.opening import database, open_campaign
from campaignflow.engine import Campaign
from campaignflow.errors import MoveNotAllowed
from campaignflow.history import Event
from campaignflow.messages import act_line, located, say

if TYPE_CHECKING:  # rich is imported by the commands that draw tables, not by every track command
    from rich.console import Console

__all__ = [
    "ARTIFACT",
    "AT",
    "BACKDATE",
    "DB",
    "FORMAT",
    "UNIT",
    "act_on",
    "acting",
    "acting_on",
    "located_problem",
    "refuse",
    "table_console",
]

F = TypeVar("F", bound=Callable[..., Any])
DB = database
UNIT = click.argument("unit")
ARTIFACT = click.argument("artifact")
FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)


def _at(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime.datetime | datetime.date:
    """Parse ``--at``: an ISO date (2012-03-01) or datetime (2012-03-01T09:30); default: now in Shanghai."""
    if value is None:
        return now()
    try:
        if len(value) == 10:
            return datetime.date.fromisoformat(value)
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not an ISO date or datetime (2012-03-01, 2012-03-01T09:30)"
        ) from None


AT = click.option("--at", callback=_at, metavar="DATE[TIME]", help="When (ISO); default: now, Asia/Shanghai.")


def _keep_backdate(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.meta[_BACKDATE] = value


_BACKDATE = "campaignflow.backdate"
BACKDATE = click.option(
    "--backdate",
    metavar="REASON",
    expose_value=False,
    callback=_keep_backdate,
    help="Record the act although it is dated before the unit's latest event, for REASON (shown in history).",
)


def acting(func: F) -> F:
    """The options every recording command takes: ``--at``, ``--by`` and ``--backdate``."""
    by = click.option("--by", default="", help="Who acts (留痕): an actor on the roster, e.g. 张三.")
    return AT(BACKDATE(by(func)))


@contextlib.contextmanager
def acting_on(db: Path | str) -> Iterator[Campaign]:
    """Open the campaign for a recording command: warn of a stale default --at, apply --backdate."""
    ctx = click.get_current_context()
    with open_campaign(db) as campaign:
        if ctx.get_parameter_source("at") == click.core.ParameterSource.DEFAULT:
            _warn_stale(campaign, ctx.params.get("at"))
        reason = ctx.meta.get(_BACKDATE)
        with campaign.authority.backdating(reason) if reason is not None else contextlib.nullcontext():
            yield campaign


def _warn_stale(campaign: Campaign, at: object) -> None:
    """Warn when ``--at`` defaulted to now but the plan ended more than a year before."""
    end = campaign.plan.span[1]
    day = at.date() if isinstance(at, datetime.datetime) else at
    if isinstance(day, datetime.date) and (day - end).days > 365:
        warning = (
            "warning: --at defaults to now ({day}), but this plan ended on {end}; "
            "pass --at DATE to date the act when it happened"
        )
        click.echo(say(warning, day=day, end=end), err=True)


def table_console() -> Console:
    """Standard output for tables: names are never read as rich markup; a file or pipe gets wide lines."""
    from rich.console import Console  # noqa: PLC0415 - only the table commands pay for rich

    found = Console(soft_wrap=False, markup=False, highlight=False)
    if not found.is_terminal:
        found = Console(soft_wrap=False, markup=False, highlight=False, width=200)
    return found


def refuse(refused: MoveNotAllowed) -> int:
    """Print a refusal — its reason, and what is missing — on standard error; the exit status is 1."""
    if refused.unit:
        shown = say("refused: {unit}: {reason}", unit=refused.unit, reason=refused.reason)
    else:  # an act on no unit: an enrolment, the roster
        shown = say("refused: {reason}", reason=refused.reason)
    click.echo(shown, err=True)
    if refused.missing:
        click.echo(say("missing: {artifacts}", artifacts=", ".join(refused.missing)), err=True)
    return EXIT_INVALID


def located_problem(problem: str, source: Path | str) -> str:
    """A problem of a file read (``FILE:ROW: message``) with its message in the reader's language."""
    prefix = f"{source}:"
    row, sep, message = problem[len(prefix) :].partition(": ")
    if not problem.startswith(prefix) or not sep or not row.isdigit():
        return problem
    return located(f"{prefix}{row}", message)


def act_on(db: Path | str, act: Callable[[Campaign], Event | list[Event]]) -> int:
    """Open the campaign, act, report the recorded event(s); a refusal prints its reason and exits 1."""
    with acting_on(db) as campaign:
        try:
            done = act(campaign)
        except MoveNotAllowed as refused:
            return refuse(refused)
        for event in done if isinstance(done, list) else [done]:
            click.echo(f"{event.unit}: {act_line(event)}")
    return EXIT_OK
