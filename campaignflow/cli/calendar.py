"""``campaignflow calendar``: a plan's phases and deadlines as ICS, HTML, Markdown, JSON or Mermaid.

The command loads the plan (or, with ``--db`` and ``--unit``, the tracked campaign and one unit's
extensions and deadlines), builds one :class:`~campaignflow.calendar.CalendarView` and renders
it; coverage notes (years outside the holiday tables) are repeated on stderr. ``--today today``
reads the clock in Asia/Shanghai — the CLI is the only place that does.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from campaignflow.calendar import FORMATS, build_view, render_view
from campaignflow.cli.app import EXIT_INVALID, EXIT_USAGE, today
from campaignflow.cli.streams import is_dash, plan_argument, write_stdout
from campaignflow.engine import Campaign
from campaignflow.errors import CampaignflowError
from campaignflow.messages import say

SUFFIXES = {
    ".ics": "ics",
    ".ical": "ics",
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
}


def _today(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime.date | None:
    """Parse ``--today``: an ISO date, or the word ``today`` for the current date in Beijing."""
    if value is None:
        return None
    if value == "today":
        return today()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date such as 2011-08-15 (or 'today')") from None


@click.command("calendar")
@click.argument(
    "plan", required=False, type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path)
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="ics, html, md, json or mermaid; default: from the -o suffix, else md.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Write to this file instead of standard output (- for standard output).",
)
@click.option(
    "--today",
    callback=_today,
    metavar="DATE",
    help="Mark this day (ISO date, or 'today') in html, md, json and mermaid output.",
)
@click.option(
    "--alarm-days",
    type=click.IntRange(0, 365),
    default=3,
    show_default=True,
    help="ICS: remind this many days before each deadline, at 09:00 (0: on the day).",
)
@click.option(
    "--db",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A tracking file (campaignflow track init); with --unit, draw that unit's calendar.",
)
@click.option("--unit", help="An enrolled unit: its extensions, its own deadlines, what its kind owes.")
@click.option(
    "--previous",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="ICS: the calendar published before; events that changed since get a higher SEQUENCE.",
)
@click.pass_context
def command(
    ctx: click.Context,
    *,
    plan: Path | None,
    fmt: str | None,
    output: Path | None,
    today: datetime.date | None,
    alarm_days: int,
    db: Path | None,
    unit: str | None,
    previous: Path | None,
) -> None:
    """Draw the calendar of PLAN: phases with their windows, and every artifact's deadline.

    \b
    Formats:
      ics      all-day events per phase and per deadline, with reminders; re-importing updates them
      html     one self-contained page: Gantt-style timeline and deadline table (prints on A4 landscape)
      md       a table to paste into a notice: 阶段 | 起止日期 | 工作日数 | 应交材料及截止日期
      json     phases with inclusive ISO dates, working days, deadlines and the original phrases
      mermaid  a gantt chart that GitHub and GitLab draw

    \b
    With --db and --unit, the calendar is that unit's: extended phase ends, its own deadlines
    (限期整改), and only what its kind owes. PLAN may then be left out (the file holds the plan).
    A PLAN of - is read from standard input. To publish a revised plan's calendar, pass the one
    published before as --previous: calendar apps then update the events that changed.
    Exit status: 0 written, 1 invalid plan or unknown unit, 2 usage error.

    \b
    Examples:
      campaignflow calendar definitions/004-youqu-liangpingyishu.yaml -o 两评一树.ics
      campaignflow calendar plan.yaml --format html --today 2011-08-15 -o timeline.html
      campaignflow calendar --db track.db --unit 办公室 --format md
      campaignflow calendar revised.yaml --previous 两评一树.ics -o 两评一树-修订.ics
    """
    if (db is None) != (unit is None):
        raise click.UsageError("--db and --unit go together: a per-unit calendar needs both")
    if plan is None and db is None:
        raise click.UsageError("give a PLAN file, or --db and --unit")
    chosen = fmt or (SUFFIXES.get(output.suffix.lower(), "md") if output else "md")
    if previous is not None and chosen != "ics":
        raise click.UsageError("--previous compares ICS calendars; it needs --format ics (or an .ics output)")
    try:
        before = previous.read_bytes() if previous is not None else None
        data = _render(
            plan_path=plan, fmt=chosen, db=db, unit=unit, today=today, alarm_days=alarm_days, previous=before
        )
    except CampaignflowError as exc:
        click.echo(say("error: {message}", message=str(exc)), err=True)
        ctx.exit(EXIT_INVALID)
    except OSError as exc:
        problem = f"cannot read {exc.filename or plan}: {exc.strerror or exc}"
        click.echo(say("error: {message}", message=problem), err=True)
        ctx.exit(EXIT_USAGE)
    if output is None or is_dash(output):
        write_stdout(data)
        return
    try:
        output.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    except OSError as exc:
        problem = f"cannot write {output}: {exc.strerror or exc}"
        click.echo(say("error: {message}", message=problem), err=True)
        ctx.exit(EXIT_USAGE)
    click.echo(f"{output}: {chosen} calendar written", err=True)


def _render(
    *,
    plan_path: Path | None,
    fmt: str,
    db: Path | None,
    unit: str | None,
    today: datetime.date | None,
    alarm_days: int,
    previous: bytes | None,
) -> str | bytes:
    """Load, build the view, report its coverage notes on stderr, render."""
    if db is None or unit is None:
        assert plan_path is not None
        view = build_view(plan_argument(plan_path), today=today)
    else:
        with Campaign.open(db) as campaign:
            if plan_path is not None:
                given = plan_argument(plan_path)
                if given.id != campaign.plan.id:
                    raise CampaignflowError(f"{db} tracks plan {campaign.plan.id!r}, not {given.id!r}")
            view = build_view(campaign.plan, unit=unit, campaign=campaign, today=today)
    for note in view.notes:
        click.echo(f"note: {note.message}", err=True)
    return render_view(view, fmt, alarm_days=alarm_days, previous=previous)
