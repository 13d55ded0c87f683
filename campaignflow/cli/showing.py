"""``track status``, ``track history`` and ``track items``: what a campaign holds, shown; nothing recorded.

The commands that read a campaign rather than act on it: units per phase, a unit's history (留痕),
and a ledger's items. They live apart from the recording commands of cli/track.py, which offers
them lazily (:data:`campaignflow.cli.TRACK`), so that recording an act loads none of this.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import click

from campaignflow.authority import FLAGS
from campaignflow.cli.acting import ARTIFACT, DB, FORMAT, UNIT, table_console
from campaignflow.cli.app import EXIT_OK
from campaignflow.cli.naming import plan_names
from campaignflow.cli.opening import open_campaign
from campaignflow.cli.opening import shown as where
from campaignflow.engine import DONE
from campaignflow.errors import CampaignflowError
from campaignflow.messages import act_line, say

__all__ = ["history", "items", "status"]


@click.command("items")
@DB
@UNIT
@ARTIFACT
@FORMAT
@plan_names(artifact="artifact")
def items(*, db: Path | str, unit: str, artifact: str, fmt: str) -> int:
    """List the items of the ledger ARTIFACT of UNIT, open (未销号) and closed (已销号)."""
    with open_campaign(db) as campaign:
        evidence = campaign.evidence(unit, artifact)  # refuses an unknown unit or artifact
        spec = next(a for _, a in campaign.plan.artifacts() if a.id == artifact)
    if not spec.items:
        raise CampaignflowError(
            f"{spec.name} ({artifact}) is not a ledger of items (the plan has no items: true)"
        )
    entries = (evidence.entries if evidence else None) or {}
    if fmt == "json":
        listed = [{"item": item, "closed": closed} for item, closed in entries.items()]
        found = {
            "unit": unit,
            "artifact": artifact,
            "open": [i for i, closed in entries.items() if not closed],
        }
        click.echo(json.dumps({**found, "items": listed}, ensure_ascii=False, indent=2))
        return EXIT_OK
    for item, closed in entries.items():
        click.echo(f"{'已销号' if closed else '未销号'}  {item}")
    still = sum(not closed for closed in entries.values())
    told = "{unit} {name}: {count} item(s), {open} open"
    click.echo(say(told, unit=unit, name=spec.name, count=len(entries), open=still))
    return EXIT_OK


@click.command("status")
@DB
@FORMAT
def status(*, db: Path | str, fmt: str) -> int:
    """Show how many units are in each phase (and which)."""
    with open_campaign(db) as campaign:
        plan = campaign.plan
        by_phase: dict[str, list[str]] = {p.id: [] for p in plan.phases}
        by_phase[DONE] = []
        for record in campaign.records():  # one pass, not one per phase
            by_phase[record.phase].append(record.name)
        rows = [_phase_row(p.id, p.name, p.start, p.end, by_phase[p.id]) for p in plan.phases]
        rows.append(_phase_row(DONE, "已完成", None, None, by_phase[DONE]))
    if fmt == "json":
        total = sum(len(r["units"]) for r in rows)
        click.echo(json.dumps({"plan": plan.id, "title": plan.title, "units": total, "phases": rows},
                              ensure_ascii=False, indent=2))  # fmt: skip
        return EXIT_OK
    from rich.table import Table  # noqa: PLC0415 - only the table commands pay for rich

    table = Table(title=f"{plan.title} — {Path(db).name if isinstance(db, Path) else where(db)}")
    for column in ("阶段", "id", "时间", "单位数", "单位"):
        table.add_column(column, justify="right" if column == "单位数" else "left")
    for r in rows:
        names = r["units"]
        shown = "、".join(names[:6]) + (f" … (+{len(names) - 6})" if len(names) > 6 else "")
        window = f"{r['start']} – {r['end']}" if r["start"] else ""
        table.add_row(r["name"], r["id"], window, str(len(names)), shown)
    table_console().print(table)
    return EXIT_OK


def _phase_row(
    pid: str, name: str, start: datetime.date | None, end: datetime.date | None, units: list[str]
) -> dict[str, Any]:
    dates = (
        {"start": start.isoformat(), "end": end.isoformat()}
        if start and end
        else {"start": None, "end": None}
    )
    return {"id": pid, "name": name, **dates, "units": units}


@click.command("history")
@DB
@UNIT
@FORMAT
def history(*, db: Path | str, unit: str, fmt: str) -> int:
    """Show every recorded act on UNIT, oldest first (留痕)."""
    with open_campaign(db) as campaign:
        events = campaign.history(unit)
    if fmt == "json":
        click.echo(json.dumps([e.as_dict() for e in events], ensure_ascii=False, indent=2))
    else:
        for event in events:
            mark = "⚠" if any(flag in event.payload for flag in FLAGS) else " "
            click.echo(f"{event.seq:>6} {mark} {act_line(event)}")
    return EXIT_OK
