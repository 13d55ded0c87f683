"""``campaignflow track sweep``, ``board``, ``deadline`` and ``close``: 督查督办 from the command line.

``sweep`` judges every unit of a tracking file on a day, records what is new or resolved, and shows
the escalations (a table, or JSON); a big sweep shows a progress bar on stderr. ``board`` shows every
unit's 红黄绿 light and the counts per phase, and records nothing. ``deadline`` applies a 限期整改 the
supervisor decided, ``close`` closes (销号) an escalation whose measures are carried out. ``--as-of``
defaults to today in Asia/Shanghai — the CLI reads the clock, the library never does. The commands
are click objects added to the ``track`` group.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from campaignflow.cli import notifying
from campaignflow.cli.acting import (
    ARTIFACT,
    DB,
    FORMAT,
    UNIT,
    act_on,
    acting,
    acting_on,
    refuse,
    table_console,
)
from campaignflow.cli.app import CONTEXT, EXIT_OK, today
from campaignflow.cli.naming import plan_names
from campaignflow.cli.opening import open_campaign
from campaignflow.cli.tables import Cell, left_out, limited, print_table
from campaignflow.errors import MoveNotAllowed
from campaignflow.escalation import (
    LIGHT_WORDS,
    STATUS_WORDS,
    SWEEPER,
    Board,
    Escalation,
    as_of_day,
    board,
    close,
    sweep,
)
from campaignflow.messages import act_line, refused_measure, say

__all__ = ["PROGRESS_FROM", "board_command", "close_command", "deadline_command", "sweep_command"]

#: A sweep over at least this many units shows a progress bar when stderr is a terminal.
PROGRESS_FROM = 2000
STATUS_STYLES = {"new": "bold red", "standing": "yellow", "resolved": "green"}
LIGHT_STYLES = {"green": "green", "yellow": "yellow", "red": "bold red"}


def _as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime.date:
    """Parse ``--as-of``: an ISO date (a datetime is read as Shanghai time); default: today in Shanghai."""
    if value is None:
        return today()
    try:
        if len(value) == 10:
            return datetime.date.fromisoformat(value)
        return as_of_day(datetime.datetime.fromisoformat(value))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date (2012-12-18)") from None


AS_OF = click.option(
    "--as-of",
    "as_of",
    callback=_as_of,
    metavar="DATE",
    help="The day to judge (ISO date); default: today, Asia/Shanghai.",
)


def _dump(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.command("sweep", context_settings=CONTEXT)
@DB
@AS_OF
@FORMAT
@click.option(
    "--by", default=SWEEPER, show_default=True, help="Who the recorded acts are attributed to (留痕)."
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help=f"Show a progress bar on stderr (default: on a terminal, from {PROGRESS_FROM:,} units).",
)
@click.option(
    "--advance/--no-advance",
    default=None,
    help="First move every ready unit to its opened next phase (default: the plan's moves.advance).",
)
@click.option(
    "--notify",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Send new escalations to the channels of this file (notify.yaml); retry failed ones.",
)
@limited("escalations")
def sweep_command(
    *,
    db: Path | str,
    as_of: datetime.date,
    fmt: str,
    by: str,
    progress: bool | None,
    advance: bool | None,
    notify: Path | None,
    limit: int,
    show_all: bool,
) -> int:
    """Escalate the lagging units of DB on --as-of, as the plan's rules say, and record it.

    \b
    Each rule's ladder climbs with the working days a cause has stood and the times it arose;
    measures marked automatic (重做本阶段, 延期, 限期整改) are carried out, the rest are proposed.
    Running it again on the same day records nothing and shows the same escalations as 持续.
    Examples:
      campaignflow track sweep track.db --as-of 2012-12-18
      campaignflow track sweep track.db --as-of 2012-12-18 --format json
      campaignflow track sweep track.db --notify notify.yaml    # 企业微信, 钉钉, webhook, e-mail
    """
    config, code = notifying.load(notify), EXIT_OK
    with open_campaign(db) as campaign:
        since = notifying.mark(campaign) if config else 0
        plan = campaign.plan
        errors = Console(stderr=True, force_terminal=True if progress else None)
        show = progress if progress is not None else errors.is_terminal and len(campaign) >= PROGRESS_FROM
        if show:
            columns = (TextColumn("督办扫描"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            with Progress(*columns, console=errors) as bar:
                task = bar.add_task("sweep", total=len(campaign))
                found = sweep(
                    campaign,
                    as_of,
                    by=by,
                    progress=lambda done, total: bar.update(task, completed=done),
                    advance=advance,
                )
        else:
            found = sweep(campaign, as_of, by=by, advance=advance)
        if config:
            code = notifying.report(notifying.send(campaign, config, since))
    counts = {status: sum(e.status == status for e in found) for status in STATUS_WORDS}
    if fmt == "json":
        _dump(
            {
                "plan": plan.id,
                "as_of": as_of.isoformat(),
                "counts": counts,
                "escalations": [e.as_dict() for e in found],
            }
        )
        return code
    console = table_console()
    if not found:
        console.print(f"{plan.title} — {as_of.isoformat()}：无需督办")
        return code
    order = {"new": 0, "standing": 1, "resolved": 2}
    # the worst first: standing or new before resolved, the highest step first, the oldest cause first
    ranked = sorted(found, key=lambda e: (e.status == "resolved", -e.step, order[e.status], e.due))
    shown = ranked if show_all else ranked[:limit]
    headers = ("状态", "单位", "规则", "步骤", "措施", "理由", "对象", "日期", "已执行")
    title = f"{plan.title} — 督办 {as_of.isoformat()}"
    print_table(console, title, headers, [_sweep_row(e) for e in shown], right=(3,))
    if len(shown) < len(found):
        console.print(left_out(len(shown), len(found), "条督办"))
    console.print(" · ".join(f"{STATUS_WORDS[s]} {n}" for s, n in counts.items()))
    return code


def _sweep_row(e: Escalation) -> tuple[Cell, ...]:
    refused = "未执行 " + "；".join(map(refused_measure, e.not_applied)) if e.not_applied else ""
    done = "；".join(part for part in ("、".join(e.applied), refused) if part)
    return (
            Text(STATUS_WORDS[e.status], style=STATUS_STYLES[e.status]),
            e.unit,
            e.rule_name,
            f"{e.step + 1}" + (f"（第{e.occurrence}次）" if e.occurrence > 1 else ""),
            e.measures + (f"（{e.carried_out}）" if e.held_by else ""),
            e.reason,
            e.addressee,
            e.due.isoformat(),
            done,
    )  # fmt: skip


@click.command("board", context_settings=CONTEXT)
@DB
@AS_OF
@FORMAT
@limited("units, green ones too", default="red and yellow")
def board_command(*, db: Path | str, as_of: datetime.date, fmt: str, limit: int, show_all: bool) -> int:
    """Show every unit's 红黄绿 light on --as-of and the counts per phase; records nothing.

    \b
    Red: something the unit owes is overdue; yellow: something is due within the plan's
    calendar.warn_workdays working days (default 3); green: on time.
    Examples:
      campaignflow track board track.db --as-of 2012-12-18
      campaignflow track board track.db --as-of 2012-12-18 --all --format json
    """
    with open_campaign(db) as campaign:
        plan = campaign.plan
        view = board(campaign, as_of)
        marked = campaign.flagged()  # record mode: acts done without authority or out of order
    if fmt == "json":
        _dump({"plan": plan.id, **view.as_dict(), "flagged": [e.as_dict() for e in marked]})
        return EXIT_OK
    console = table_console()
    console.print(_counts_table(view, f"{plan.title} — 红黄绿 {as_of.isoformat()}"))
    order = {"red": 0, "yellow": 1, "green": 2}
    never = datetime.date.max
    # the worst first: red before yellow, the longest overdue (earliest due) first; stable otherwise
    rows = sorted(
        (r for r in view.rows if show_all or r.light != "green"),
        key=lambda row: (order[row.light], row.due or never),
    )
    shown = rows if show_all else rows[:limit]
    if shown:
        lights = {k: Text(f"● {LIGHT_WORDS[k]}", style=LIGHT_STYLES[k]) for k in LIGHT_WORDS}
        cells = [
            (lights[r.light], r.unit, r.kind, r.phase, r.due.isoformat() if r.due else "", r.reason)
            for r in shown
        ]
        headers = ("灯", "单位", "类型", "阶段", "到期", "说明")
        print_table(console, f"预警提前 {view.warn_workdays} 个工作日", headers, cells)
    if len(shown) < len(rows):
        console.print(left_out(len(shown), len(rows), "个单位"))
    if marked:
        console.print(
            say("⚠ {count} act(s) recorded without authority or out of time order:", count=len(marked))
        )
        for event in marked:
            console.print(f"  {event.seq:>6}  {event.unit}: {act_line(event)}")
    totals = view.totals
    console.print(" · ".join(f"{LIGHT_WORDS[light]} {totals[light]}" for light in ("red", "yellow", "green")))
    return EXIT_OK


def _counts_table(view: Board, title: str) -> Table:
    table = Table(title=title)
    table.add_column("阶段")
    table.add_column("id")
    for light in ("red", "yellow", "green"):
        table.add_column(Text(LIGHT_WORDS[light], style=LIGHT_STYLES[light]), justify="right")
    table.add_column("合计", justify="right")
    for p in view.phases:
        table.add_row(
            p.name,
            p.phase,
            Text(str(p.red), style=LIGHT_STYLES["red"] if p.red else ""),
            Text(str(p.yellow), style=LIGHT_STYLES["yellow"] if p.yellow else ""),
            Text(str(p.green), style=LIGHT_STYLES["green"] if p.green else ""),
            str(p.total),
        )
    return table


@click.command("deadline", context_settings=CONTEXT)
@DB
@UNIT
@ARTIFACT
@click.option("--due", required=True, callback=_as_of, metavar="DATE", help="The new deadline (ISO date).")
@click.option("--reason", default="", help="Why, e.g. 限期整改：性质较为严重.")
@acting
@plan_names(artifact="artifact")
def deadline_command(
    *, db: Path | str, unit: str, artifact: str, due: datetime.date, reason: str, at: Any, by: str
) -> int:
    """Give UNIT its own deadline for ARTIFACT (限期整改); sweeps and the board then use it."""
    return act_on(db, lambda c: c.set_deadline(unit, artifact, due=due, at=at, by=by, reason=reason))


@click.command("close", context_settings=CONTEXT)
@DB
@UNIT
@click.argument("rule")
@click.option("--reason", default="措施已落实", show_default=True, help="What was done.")
@acting
@plan_names(rule="rule")
def close_command(*, db: Path | str, unit: str, rule: str, reason: str, at: Any, by: str) -> int:
    """Close (销号) the escalation of RULE for UNIT once its measures are carried out.

    \b
    Only escalations caused by an event (a finding, a rejection, a score, a grade, a vote, a
    repeat) can be closed; lateness ends when the unit hands in or moves on. A new occurrence
    of the cause escalates again. Refused (exit 1) when nothing of RULE stands for UNIT.
    """
    with acting_on(db) as campaign:
        try:
            entry = close(campaign, unit, rule, at=at, by=by, reason=reason)
        except MoveNotAllowed as refused:
            return refuse(refused)
    click.echo(entry.describe())
    return EXIT_OK
