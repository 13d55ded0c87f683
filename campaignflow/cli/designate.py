"""``campaignflow track designate``: change a unit's kind from a given day (确定为整改责任单位)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from campaignflow.cli.acting import DB, UNIT, act_on, acting
from campaignflow.cli.app import CONTEXT

__all__ = ["designate_command"]


@click.command("designate", context_settings=CONTEXT)
@DB
@UNIT
@click.option("--kind", required=True, help="The unit kind it is from --at on, e.g. 责任单位.")
@click.option("--reason", default="", help="Why, e.g. 经督查确定为整改责任单位.")
@acting
def designate_command(*, db: Path | str, unit: str, kind: str, reason: str, at: Any, by: str) -> int:
    """Designate UNIT a unit of KIND from --at on: it then owes what that kind owes.

    \b
    Example:
      campaignflow track designate track.db 区城管局 --kind 责任单位 --at 2013-07-01
    """
    return act_on(db, lambda c: c.designate(unit, kind=kind, at=at, by=by, reason=reason))
