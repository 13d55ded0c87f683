"""``campaignflow track campaigns`` and ``track verify``: what a tracking database holds, and is it sound."""

from __future__ import annotations

import json
from pathlib import Path

import click

from campaignflow.cli.acting import FORMAT
from campaignflow.cli.app import EXIT_INVALID, EXIT_OK
from campaignflow.cli.opening import database, open_campaign, shown
from campaignflow.messages import located, say
from campaignflow.store.connect import connect
from campaignflow.verify import repair, verify


@click.command("campaigns")
@database
@FORMAT
def campaigns_command(*, db: Path | str, fmt: str) -> int:
    """List the campaigns DB holds: id, plan, units, events."""
    store = connect(db, create=False)
    try:
        rows = []
        for cid, plan_id in store.campaigns().items():
            store.campaign = cid
            units = sum(1 for _ in store.states())
            rows.append({"id": cid, "plan": plan_id, "units": units, "events": store.last_seq()})
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not rows:
        click.echo(say("{db}: no campaign yet (start one with 'track init')", db=shown(db)))
    for row in rows:
        click.echo(say("{id}  plan {plan}  {units} unit(s)  {events} event(s)", **row))
    return EXIT_OK


@click.command("verify")
@database
@click.option(
    "--repair",
    "repair_rows",
    is_flag=True,
    help="Rewrite every unit row that differs from what its events give (the events are not touched), "
    "then check again.",
)
def verify_command(*, db: Path | str, repair_rows: bool) -> int:
    """Replay the history of a campaign in DB and compare it with every unit's stored state.

    Exit status 1 if any unit's stored state or version differs from what its events give.
    The events are the truth and the rows a shortcut: --repair rewrites the rows from them. It also
    brings a file from an older campaignflow up to date (rows without a state or its latest time,
    which make every sweep replay those units' history).

    \b
    Examples:
      campaignflow track verify track.db
      campaignflow track verify track.db --repair
    """
    if repair_rows:
        with open_campaign(db) as campaign:
            mended = repair(campaign)
        click.echo(
            say("{db}: rewrote {count} unit row(s) from their events", db=shown(db), count=mended.rewritten)
        )
    with open_campaign(db) as campaign:
        found = verify(campaign)
    for problem in found.problems:
        click.echo(located(shown(db), problem), err=True)
    told = "{db}: {units} unit(s), {stored} stored state(s) checked, {count} problem(s)"
    click.echo(say(told, db=shown(db), units=found.units, stored=found.stored, count=len(found.problems)))
    return EXIT_INVALID if found.problems else EXIT_OK
