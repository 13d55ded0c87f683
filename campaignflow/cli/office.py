"""``campaignflow track export`` and ``import-ledger``: the campaign as the office's workbook, and 台账 back.

``export`` writes the five sheets of :mod:`campaignflow.office.sheets` as an .xlsx workbook (or one
CSV file per sheet); ``import-ledger`` reads a filled-in 整改台账 sheet back and records its 挂账 and
销号 through the engine, in one transaction. The office package (openpyxl) is loaded only when one of
these commands runs, so the rest of the CLI starts without it.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import click

from campaignflow.cli.acting import AT, DB, located_problem
from campaignflow.cli.app import CONTEXT, EXIT_INVALID, EXIT_OK
from campaignflow.cli.escalation import AS_OF
from campaignflow.cli.opening import open_campaign
from campaignflow.messages import act_line, say

__all__ = ["export_command", "import_ledger_command"]


@click.command("export", context_settings=CONTEXT)
@DB
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The workbook to write, e.g. 台账.xlsx (with --format csv: 台账-进度.csv, 台账-红黄绿.csv …).",
)
@AS_OF
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xlsx", "csv"]),
    default=None,
    help="xlsx (one workbook) or csv (one UTF-8 file per sheet); default: from the file name.",
)
def export_command(*, db: Path, output: Path, as_of: datetime.date, fmt: str | None) -> int:
    """Write DB as the office's workbook: 进度, 红黄绿, 督办, 整改台账 and 留痕, as of --as-of.

    \b
    Every sheet has a frozen, filtered header; dates are Excel dates; the 红黄绿 lights are filled
    in their colours. Acts recorded after --as-of are left out. Records nothing.
    Examples:
      campaignflow track export track.db -o 台账.xlsx --as-of 2012-07-10
      campaignflow track export track.db -o 台账.csv --as-of 2012-07-10     # 台账-进度.csv …
    """
    from campaignflow.office.sheets import sheets  # noqa: PLC0415 - the office extra, loaded on use
    from campaignflow.office.workbook import write_csv, write_xlsx  # noqa: PLC0415

    fmt = fmt or ("csv" if output.suffix.lower() == ".csv" else "xlsx")
    with open_campaign(db) as campaign:
        found = sheets(campaign, as_of)
    written = write_csv(found, output) if fmt == "csv" else [write_xlsx(found, output)]
    counts = "，".join(f"{sheet.name} {len(sheet.rows)} 行" for sheet in found)
    for path in written:
        click.echo(str(path))
    click.echo(f"{as_of.isoformat()}: {counts}", err=True)
    return EXIT_OK


@click.command("import-ledger", context_settings=CONTEXT)
@DB
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@AT
@click.option("--by", default="", help="Who acts where a row names nobody (销号人/挂账人 empty).")
def import_ledger_command(*, db: Path, workbook: Path, at: Any, by: str) -> int:
    """Record the 挂账 and 销号 of a filled-in 整改台账 sheet (from export) in DB.

    \b
    A row marked 已销号 closes its item as of 销号日期, by 销号人; a new row marked 未销号 adds
    (挂账) its item as of 挂账日期, by 挂账人; a row that agrees with the history changes nothing,
    so importing the same file twice records nothing the second time. A row that contradicts the
    history (an item closed there but open in the sheet, another 销号人 …) is reported with its
    row number, and then nothing is recorded. --at and --by stand in for empty dates and names.
    Examples:
      campaignflow track import-ledger track.db 台账.xlsx
      campaignflow track import-ledger track.db 台账-整改台账.csv --by 局活动领导小组办公室
    """
    from campaignflow.office.ledger import import_ledger  # noqa: PLC0415 - the office extra, loaded on use

    with open_campaign(db) as campaign:
        result = import_ledger(campaign, workbook, at=at, by=by)
    for problem in result.problems:
        click.echo(located_problem(problem, workbook), err=True)
    if result.problems:
        told = say(
            "{workbook}: nothing recorded ({count} problem(s))", workbook=workbook, count=len(result.problems)
        )
        click.echo(told, err=True)
        return EXIT_INVALID
    for event in result.recorded:
        click.echo(f"{event.unit}: {act_line(event)}")
    told = "{workbook}: {count} act(s) recorded, {unchanged} row(s) unchanged"
    click.echo(say(told, workbook=workbook, count=len(result.recorded), unchanged=result.unchanged))
    return EXIT_OK
