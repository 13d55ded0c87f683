"""``campaignflow track roster``: who may act in a tracking file — actors, their roles and their units.

``add`` grants an actor a plan role (``--role 督导组``) or lets them act for a unit (``--unit 办公室``),
``remove`` takes it back, ``list`` shows the roster and whether the file enforces authority, ``mode``
switches between enforcing and recording. Every change is an event in the file's history (留痕).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from campaignflow.authority import Mode
from campaignflow.cli.acting import AT, DB, FORMAT, acting_on, refuse, table_console
from campaignflow.cli.app import CONTEXT, EXIT_OK
from campaignflow.cli.opening import open_campaign
from campaignflow.engine import Campaign
from campaignflow.errors import MoveNotAllowed
from campaignflow.history import Event
from campaignflow.messages import act_line, mode_word, say

__all__ = ["group"]

ACTOR = click.argument("actor")
BY = click.option("--by", default="", help="Who changes the roster (留痕), e.g. 局活动领导小组办公室.")


def _target(func: Any) -> Any:
    role = click.option("--role", help="A role the plan declares, e.g. 督导组.")
    unit = click.option("--unit", help="An enrolled unit the actor acts for (its clerk), e.g. 办公室.")
    return role(unit(func))


def _recorded(db: Path, act: Callable[[Campaign], Event], label: str) -> int:
    """Open DB, change the roster or the mode, print the event (after ``label``); a refusal exits 1."""
    with acting_on(db) as campaign:
        try:
            event = act(campaign)
        except MoveNotAllowed as refused:
            return refuse(refused)
    click.echo(f"{label}{act_line(event)}")
    return EXIT_OK


@click.group("roster", context_settings=CONTEXT)
def group() -> None:
    """Who may act: actors holding the plan's roles, and actors acting for units.

    \b
    Examples:
      campaignflow track roster add track.db 王五 --role 局党委成员及单位班子成员 --at 2012-02-01
      campaignflow track roster add track.db 李四 --unit 城建监察大队 --at 2012-02-01 --by 王五
      campaignflow track roster remove track.db 李四 --unit 城建监察大队 --at 2012-06-01 --by 王五
      campaignflow track roster list track.db --format json
      campaignflow track roster mode track.db record --by 王五

    A tracking file made by `track init` enforces authority: an act by an actor without the
    right role (or for another unit) is refused with exit status 1; nobody signs off their own
    unit's submission. The first role granted sets the file up; from then on only an actor
    holding a role that manages the roster (the plan's authority.roster, else any role) changes
    it or the mode, named with --by. In record mode nothing is refused, but such acts are
    flagged in the history and on the board.
    """


def _change(name: str, summary: str, grant: bool) -> click.Command:
    """``roster add`` (``grant``) or ``roster remove``: the same arguments, the opposite act."""

    def change(*, db: Path, actor: str, role: str | None, unit: str | None, at: Any, by: str) -> int:
        if (role is None) == (unit is None):
            raise click.UsageError("give --role ROLE or --unit UNIT (one of them)")

        def act(campaign: Campaign) -> Event:
            done = campaign.grant if grant else campaign.revoke
            return done(actor, role=role, unit=unit, at=at, by=by)

        return _recorded(db, act, f"{actor}: ")

    change.__doc__ = summary  # click's help, and the summary the lazy group lists
    return group.command(name)(DB(ACTOR(_target(AT(BY(change))))))


add = _change("add", "Give ACTOR a --role, or let ACTOR act for a --unit.", grant=True)
remove = _change("remove", "Take a --role or a --unit from ACTOR again.", grant=False)


@group.command("list")
@DB
@FORMAT
def list_command(*, db: Path, fmt: str) -> int:
    """Show every actor with their roles and units, and the file's authority mode."""
    with open_campaign(db) as campaign:
        authority = campaign.authority
        roster = authority.roster.as_dict()
        roles = {role: authority.roster.holders(role) for role in authority.roles}
    if fmt == "json":
        found = {"authority": authority.mode, "actors": roster, "roles": roles}
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return EXIT_OK
    table = Table(title=say("{db} — authority {mode}", db=db.name, mode=mode_word(str(authority.mode))))
    for column in ("actor", "角色 roles", "单位 units"):
        table.add_column(say(column))
    for actor, held in roster.items():
        table.add_row(actor, "、".join(held["roles"]), "、".join(held["units"]))
    table_console().print(table)
    vacant = [role for role, holders in roles.items() if not holders]
    if vacant:
        click.echo(say("roles nobody holds: {roles}", roles="、".join(vacant)))
    return EXIT_OK


@group.command("mode")
@DB
@click.argument("mode", type=click.Choice(["enforce", "record"]), required=False)
@AT
@BY
def mode_command(*, db: Path, mode: str | None, at: Any, by: str) -> int:
    """Show the authority mode, or switch it to MODE (enforce or record); the switch is recorded."""
    if mode is None:
        with open_campaign(db) as campaign:
            mode = campaign.authority.mode
            click.echo(mode_word(mode) if mode else say("none"))
        return EXIT_OK
    switched: Mode = "enforce" if mode == "enforce" else "record"
    return _recorded(db, lambda campaign: campaign.set_authority(switched, at=at, by=by), "")
