"""``track close-finding`` and ``track findings``: 限期整改 on a finding, closed (销号) when rectified."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from campaignflow.cli.acting import DB, FORMAT, UNIT, act_on, acting
from campaignflow.cli.app import CONTEXT, EXIT_OK
from campaignflow.cli.opening import open_campaign

__all__ = ["close_finding_command", "findings_command"]


@click.command("close-finding", context_settings=CONTEXT)
@DB
@UNIT
@click.argument("finding", type=int)
@click.option("--note", default="", help="How it was rectified.")
@acting
def close_finding_command(*, db: Path | str, unit: str, finding: int, note: str, at: Any, by: str) -> int:
    """Close (销号) FINDING of UNIT once rectified; FINDING is the number history and findings show."""
    return act_on(db, lambda c: c.close_finding(unit, finding, at=at, by=by, note=note))


@click.command("findings", context_settings=CONTEXT)
@DB
@UNIT
@FORMAT
def findings_command(*, db: Path | str, unit: str, fmt: str) -> int:
    """List UNIT's findings: number, severity, 限期整改 term, and whether closed (已销号)."""
    with open_campaign(db) as campaign:
        record = campaign.record(unit)
        found = record.findings or {}
        events = {e.seq: e for e in campaign.history(unit) if e.seq in found}
    rows = [
        {
            "finding": seq,
            "severity": events[seq].payload.get("severity") if seq in events else None,
            "note": events[seq].payload.get("note", "") if seq in events else "",
            "due": due.isoformat() if due else None,
            "closed": closed,
        }
        for seq, (due, closed) in found.items()
    ]
    if fmt == "json":
        click.echo(json.dumps({"unit": unit, "findings": rows}, ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in rows:
        term = f" 限期{row['due']}" if row["due"] else ""
        state = "已销号" if row["closed"] else "未销号"
        click.echo(f"{row['finding']:>6}  {row['severity']}{term} {state} {row['note']}".rstrip())
    return EXIT_OK
