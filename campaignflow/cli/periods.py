"""``campaignflow track periods``: each period's deadline of a recurring report, and whether it came in."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import click
from rich.table import Table

from campaignflow.cli.acting import ARTIFACT, DB, FORMAT, UNIT, table_console
from campaignflow.cli.app import CONTEXT, EXIT_OK, today
from campaignflow.cli.naming import plan_names
from campaignflow.cli.opening import open_campaign

__all__ = ["periods_command"]


@click.command("periods", context_settings=CONTEXT)
@DB
@UNIT
@ARTIFACT
@FORMAT
@click.option(
    "--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Judge lateness on this day."
)
@plan_names(artifact="artifact")
def periods_command(
    *, db: Path | str, unit: str, artifact: str, fmt: str, as_of: datetime.datetime | None
) -> int:
    """List every period of a report due on fixed days (每月10日、20日前): when UNIT handed it in, and
    whether it was late — each period on its own, so a late March stays late after an on-time April.

    \b
    Example:
      campaignflow track periods track.db 区财政局 progress_report --as-of 2013-07-01
    """
    day = as_of.date() if as_of is not None else today()
    with open_campaign(db) as campaign:
        found = campaign.periods(unit, artifact)
    rows = [
        {
            "due": o.due.isoformat(),
            "handed_in": o.handed_in.isoformat() if o.handed_in else None,
            "late": o.late(day),
        }
        for o in found
        if o.due <= day or o.handed_in is not None
    ]
    if fmt == "json":
        click.echo(json.dumps({"unit": unit, "artifact": artifact, "as_of": day.isoformat(), "periods": rows},
                              ensure_ascii=False, indent=2))  # fmt: skip
        return EXIT_OK
    table = Table(title=f"{unit} — {artifact} — {day.isoformat()}")
    for column in ("截止日期", "报送时间", "状态"):
        table.add_column(column)
    for row in rows:
        handed = row["handed_in"]
        state = ("逾期" if row["late"] else "按期") if handed else ("逾期未报" if row["late"] else "未到期")
        table.add_row(str(row["due"]), str(handed or "—")[:16].replace("T", " "), state)
    table_console().print(table)
    return EXIT_OK
