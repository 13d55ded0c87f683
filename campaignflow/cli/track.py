"""``campaignflow track``: run a campaign on a SQLite file from the command line.

Each command opens the file, does one thing through the :class:`~campaignflow.engine.Campaign`
API, and closes it; the file holds the plan and the whole history, so any command can follow
any other, from any process. This module holds the group and the commands that record an act on
one unit (or enroll units); the options they share are in cli/acting.py, the commands that only
show (status, history, items) in cli/showing.py, and the rest in their own modules, each offered
here lazily (:data:`campaignflow.cli.TRACK`).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import click

from campaignflow.cli import offer_track_commands
from campaignflow.cli.acting import (  # noqa: F401 - here before cli/acting.py was
    ARTIFACT,
    AT,
    BACKDATE,
    DB,
    FORMAT,
    UNIT,
    act_on,
    acting,
    acting_on,
    located_problem,
    refuse,
    table_console,
)
from campaignflow.cli.app import CONTEXT, EXIT_INVALID, EXIT_OK, LocalGroup
from campaignflow.cli.lazy import LazyGroup
from campaignflow.cli.naming import plan_names
from campaignflow.cli.opening import chosen, open_campaign
from campaignflow.cli.opening import shown as where
from campaignflow.engine import Campaign
from campaignflow.errors import CampaignflowError, MoveNotAllowed
from campaignflow.loader import load_plan
from campaignflow.messages import act_line, mode_word, say
from campaignflow.store.connect import connect

if TYPE_CHECKING:  # for the type checker; at run time __getattr__ imports them when asked for
    from campaignflow.cli.showing import history, items, status  # noqa: F401


if not TYPE_CHECKING:  # hidden from the type checker, which would let any name through it

    def __getattr__(name: str) -> click.Command:
        """``status``, ``history`` and ``items``, from cli/showing.py where they now live, on use."""
        if name in ("history", "items", "status"):
            from campaignflow.cli import showing  # noqa: PLC0415 - recording an act does not load them

            found: click.Command = getattr(showing, name)
            return found
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@click.group("track", cls=LocalGroup, context_settings=CONTEXT)
def group() -> None:
    """Track units through campaigns in a SQLite file or PostgreSQL database (history kept, 留痕).

    DB is a file (track.db) or a URL (postgresql://user@host/db); a database holds several
    campaigns, each chosen with --campaign ID when there is more than one.

    \b
    Examples:
      campaignflow track init track.db definitions/003-zhujianju-zhenggainian.yaml
      campaignflow track enroll track.db 办公室 --kind 科室站办
      campaignflow track enroll track.db --from units.csv          # columns: name,kind
      campaignflow track enroll track.db --from 单位名单.xlsx        # columns: 单位名称,类别
      campaignflow track submit track.db 办公室 公开承诺             # a name as the plan writes it
      campaignflow track submit track.db 办公室 self_analysis --by 张三 --ref 剖析材料.docx
      campaignflow track reject track.db 办公室 self_analysis --by 督导组 --reason 避重就轻
      campaignflow track approve track.db 办公室 self_analysis --by 督导组
      campaignflow track add-item track.db 办公室 rectification_closeout 办事推诿 --ref 台账第3条
      campaignflow track close-item track.db 办公室 rectification_closeout 办事推诿 --by 局党委成员
      campaignflow track items track.db 办公室 rectification_closeout
      campaignflow track score track.db 办公室 closed_test 85
      campaignflow track vote track.db 办公室 team_vote 满意=10 一般=2 -r 服务对象代表=9 -r 干部职工=3
      campaignflow track grade track.db 办公室 closed_test 落实不好
      campaignflow track finding track.db 办公室 --severity 避重就轻 --by 巡查组
      campaignflow track advance track.db 办公室 --at 2012-07-01
      campaignflow track send-back track.db 办公室 --to inspect --reason 问题查找不具体
      campaignflow track extend track.db 办公室 --phase rectify --by 2个月
      campaignflow track status track.db
      campaignflow track history track.db 办公室 --format json
      campaignflow track sweep track.db --as-of 2012-07-10      # 督查督办: see sweep --help
      campaignflow track board track.db --as-of 2012-07-10
      campaignflow track deadline track.db 办公室 self_analysis --due 2012-07-20 --by 督导组
      campaignflow track close track.db 办公室 superficial_analysis --by 督导组
      campaignflow track init track.db definitions/004-youqu-liangpingyishu.yaml --campaign 两评一树
      campaignflow track campaigns track.db                     # the campaigns a database holds
      campaignflow track status track.db --campaign 两评一树
      campaignflow track verify track.db --campaign 两评一树      # stored states == replayed history

    Exit status: 0 done, 1 refused or invalid input, 2 usage error.
    """


assert isinstance(group, LazyGroup)
offer_track_commands(group)  # sweep, board, export … from their own modules, imported when they run


@group.command("init")
@DB
@click.argument("plan", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--authority",
    type=click.Choice(["enforce", "record"]),
    default="enforce",
    show_default=True,
    help="Refuse acts without authority (enforce), or record them flagged (record); see track roster.",
)
def init(*, db: Path | str, plan: Path, authority: Literal["enforce", "record"]) -> int:
    """Start tracking the campaign in PLAN (a plan YAML file) in DB, a new or existing database.

    A database holds several campaigns, each under its id: the plan's id, or --campaign ID.
    Authority is enforced unless --authority record: put actors on the roster with `track roster
    add` before they act.
    """
    loaded = load_plan(plan)
    campaign = chosen() or loaded.id
    if isinstance(db, str) or (db.exists() and db.stat().st_size):
        store = connect(db)
        try:
            found = store.campaigns()
        finally:
            store.close()
        if campaign in found:
            raise CampaignflowError(
                f"{where(db)} already tracks campaign {campaign} (plan {found[campaign]}); "
                "give the new one another id with --campaign ID"
            )
    with Campaign(loaded, store=db, campaign=campaign, authority=authority):
        pass
    told = (
        "{db}: tracking {title} ({plan}), {count} phases, authority {mode}"
        if campaign == loaded.id
        else "{db}: tracking {title} ({plan}) as campaign {campaign}, {count} phases, authority {mode}"
    )
    fields = {"title": loaded.title, "plan": loaded.id, "campaign": campaign, "count": len(loaded.phases)}
    click.echo(say(told, db=where(db), mode=mode_word(authority), **fields))
    return EXIT_OK


@group.command("enroll")
@DB
@click.argument("unit", required=False)
@click.option("--kind", help="The unit's kind, one of the plan's unit_kinds (e.g. 科室站办).")
@click.option(
    "--from",
    "source",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A list of units: .xlsx, or CSV in UTF-8 or GBK (header 单位名称,类别 or name,kind).",
)
@acting
def enroll(
    *, db: Path | str, unit: str | None, kind: str | None, source: Path | None, at: Any, by: str
) -> int:
    """Enroll UNIT of --kind, or every unit listed in --from units.xlsx|units.csv in one transaction.

    \b
    The list's header names the columns: 单位名称 (or 名称, name), 类别 (or 单位类型, kind), and
    optionally 负责人 (head) and 联系人 (contact). Every bad row is reported with its row number,
    and then nothing is enrolled.
    """
    if (unit is None) == (source is None) or (unit is not None and not kind):
        raise click.UsageError("give UNIT with --kind, or --from units.csv (or units.xlsx)")
    if source is None:
        assert unit is not None and kind is not None
        return act_on(db, lambda c: c.enroll(unit, kind=kind, at=at, by=by))
    from campaignflow.office.units import read_units  # noqa: PLC0415 - openpyxl loads only for a list

    with acting_on(db) as campaign:
        found = read_units(source, [k.name for k in campaign.plan.unit_kinds], campaign)
        for problem in found.problems:
            click.echo(located_problem(problem, source), err=True)
        if found.problems:
            told = "{source}: nothing enrolled ({count} problem(s))"
            click.echo(say(told, source=source, count=len(found.problems)), err=True)
            return EXIT_INVALID
        details = {row.name: row.details() for row in found.rows if row.details()}
        try:
            campaign.enroll_many([(row.name, row.kind) for row in found.rows], at=at, by=by, details=details)
        except MoveNotAllowed as refused:
            return refuse(refused)
    told = "{db}: enrolled {count} unit(s) from {source}"
    click.echo(say(told, db=where(db), count=len(found.rows), source=source))
    return EXIT_OK


@group.command("submit")
@DB
@UNIT
@ARTIFACT
@acting
@click.option("--ref", default="", help="Where the document is: a file name, a link, 文号.")
@click.option(
    "--period",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="A report due on fixed days: the due day it is for (default: the earliest not handed in).",
)
@plan_names(artifact="artifact")
def submit(
    *, db: Path | str, unit: str, artifact: str, at: Any, by: str, ref: str, period: datetime.datetime | None
) -> int:
    """Record that UNIT handed in ARTIFACT (a document, or a meeting held)."""
    day = period.date() if period is not None else None
    return act_on(db, lambda c: c.submit(unit, artifact, at=at, by=by, ref=ref, period=day))


@group.command("approve")
@DB
@UNIT
@ARTIFACT
@acting
@plan_names(artifact="artifact")
def approve(*, db: Path | str, unit: str, artifact: str, at: Any, by: str) -> int:
    """Sign off ARTIFACT of UNIT (审核通过); the plan must name a reviewer for it."""
    return act_on(db, lambda c: c.approve(unit, artifact, at=at, by=by))


@group.command("reject")
@DB
@UNIT
@ARTIFACT
@acting
@click.option("--reason", required=True, help="Why, e.g. 避重就轻.")
@plan_names(artifact="artifact")
def reject(*, db: Path | str, unit: str, artifact: str, at: Any, by: str, reason: str) -> int:
    """Send ARTIFACT of UNIT back (退回重办); it must be resubmitted."""
    return act_on(db, lambda c: c.reject(unit, artifact, at=at, by=by, reason=reason))


@group.command("add-item")
@DB
@UNIT
@ARTIFACT
@click.argument("item")
@acting
@click.option("--ref", default="", help="Where the item is written down: 台账第3条, a link.")
@plan_names(artifact="artifact")
def add_item(*, db: Path | str, unit: str, artifact: str, item: str, at: Any, by: str, ref: str) -> int:
    """Add ITEM (a problem, a measure) to the ledger ARTIFACT of UNIT (挂账); reopens a closed ITEM.

    The ledger counts as in only once every item is closed; see close-item.
    """
    return act_on(db, lambda c: c.add_item(unit, artifact, item, at=at, by=by, ref=ref))


@group.command("close-item")
@DB
@UNIT
@ARTIFACT
@click.argument("item")
@acting
@plan_names(artifact="artifact")
def close_item(*, db: Path | str, unit: str, artifact: str, item: str, at: Any, by: str) -> int:
    """Close ITEM of the ledger ARTIFACT of UNIT (销号: 完成一件销号一件)."""
    return act_on(db, lambda c: c.close_item(unit, artifact, item, at=at, by=by))


@group.command("score")
@DB
@UNIT
@ARTIFACT
@click.argument("score", type=float)
@acting
@plan_names(artifact="artifact")
def score(*, db: Path | str, unit: str, artifact: str, score: float, at: Any, by: str) -> int:
    """Record a test score (闭卷测试成绩); the latest score counts."""
    value: float = int(score) if score.is_integer() else score
    return act_on(db, lambda c: c.record_score(unit, artifact, value, at=at, by=by))


@group.command("grade")
@DB
@UNIT
@ARTIFACT
@click.argument("grade")
@acting
@plan_names(artifact="artifact")
def grade(*, db: Path | str, unit: str, artifact: str, grade: str, at: Any, by: str) -> int:
    """Record the grade ARTIFACT's result was put into (one of its declared grades, e.g. 落实不好)."""
    return act_on(db, lambda c: c.record_grade(unit, artifact, grade, at=at, by=by))


@group.command("finding")
@DB
@UNIT
@click.option("--severity", required=True, help="One of the plan's severities, e.g. 较严重.")
@click.option("--note", default="", help="What was found, e.g. 上班时间玩游戏.")
@click.option("--due", type=click.DateTime(["%Y-%m-%d"]), default=None, help="限期整改: rectify by this day.")
@click.option("--within", default=None, help="限期整改: rectify within, e.g. 10个工作日 or 1个月.")
@acting
def finding(
    *, db: Path | str, unit: str, severity: str, note: str, due: Any, within: str | None, at: Any, by: str
) -> int:
    """Record a supervisor's finding (督查发现的问题) about UNIT; rules on findings escalate it.

    \b
    With --due or --within it carries a term (限期整改); close it with close-finding once rectified:
      campaignflow track finding track.db 区财政局 --severity 较严重 --within 10个工作日
    """
    day = due.date() if due is not None else None
    return act_on(
        db,
        lambda c: c.record_finding(unit, severity=severity, note=note, at=at, by=by, due=day, within=within),
    )


def _counts(pairs: tuple[str, ...], what: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for pair in pairs:
        key, sep, number = pair.partition("=")
        if not sep or not key or not number.strip().isdigit():
            raise click.BadParameter(f"{pair!r}: write {what} as NAME=COUNT, e.g. 满意=10")
        found[key.strip()] = int(number)
    return found


@group.command("vote")
@DB
@UNIT
@ARTIFACT
@click.argument("votes", nargs=-1, required=True)
@click.option("-r", "--respondents", multiple=True, help="GROUP=COUNT, repeatable (服务对象代表=9).")
@acting
@plan_names(artifact="artifact")
def vote(
    *,
    db: Path | str,
    unit: str,
    artifact: str,
    votes: tuple[str, ...],
    respondents: tuple[str, ...],
    at: Any,
    by: str,
) -> int:
    """Record a vote's result as OPTION=COUNT pairs (满意=10 基本满意=5 一般=2)."""
    tally, groups = _counts(votes, "votes"), _counts(respondents, "respondents")
    return act_on(db, lambda c: c.record_vote(unit, artifact, tally, respondents=groups, at=at, by=by))


@group.command("advance")
@DB
@click.argument("unit", required=False)
@click.option("--ready", is_flag=True, help="Move every unit that is ready instead of one UNIT.")
@acting
def advance(*, db: Path | str, unit: str | None, ready: bool, at: Any, by: str) -> int:
    """Move UNIT to its next phase; refused (exit 1) with the missing artifacts named.

    \b
    With --ready, move every unit whose next phase has opened and whose required artifacts are
    in (one step each), and say how many moved:
      campaignflow track advance track.db --ready --at 2012-03-01
    """
    if ready == (unit is not None):
        raise click.UsageError("give one UNIT or --ready, not both or neither")
    if unit is not None:
        return act_on(db, lambda c: c.advance(unit, at=at, by=by))
    with open_campaign(db) as campaign:
        moved = campaign.advance_ready(at=at, by=by)
    for event in moved:
        click.echo(f"{event.unit}: {act_line(event)}")
    click.echo(say("{count} unit(s) moved on", count=len(moved)), err=True)
    return EXIT_OK


@group.command("send-back")
@DB
@UNIT
@click.option("--to", "to", required=True, help="The phase to redo (重新查找), e.g. inspect or 查摆问题阶段.")
@click.option("--reason", required=True)
@acting
@plan_names(to="phase")
def send_back(*, db: Path | str, unit: str, to: str, reason: str, at: Any, by: str) -> int:
    """Send UNIT back to redo a phase, where the plan's moves allow it."""
    return act_on(db, lambda c: c.send_back(unit, to=to, at=at, by=by, reason=reason))


@group.command("extend")
@DB
@UNIT
@click.option("--phase", required=True, help="The phase to extend, e.g. rectify or 整改落实阶段.")
@click.option("--by", "duration", required=True, help="How long (延期), e.g. 2个月, 半个月, 10个工作日.")
@click.option("--reason", default="")
@click.option("--actor", default="", help="Who decided it (an actor on the roster).")
@AT
@BACKDATE
@plan_names(phase="phase")
def extend(*, db: Path | str, unit: str, phase: str, duration: str, reason: str, actor: str, at: Any) -> int:
    """Extend PHASE for UNIT (延期); a month end stays a month end."""
    return act_on(db, lambda c: c.extend(unit, phase=phase, by=duration, at=at, actor=actor, reason=reason))
