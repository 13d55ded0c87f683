"""A filled-in 整改台账 read back: 挂账 and 销号 recorded through the engine, attributed to who the row names.

The sheet has the columns the export writes (:data:`~campaignflow.office.sheets.LEDGER_COLUMNS`).
Each row is compared with the history, never guessed at:

* 已销号 for an item open in the history closes it (销号), at 销号日期 by 销号人;
* 未销号 for an item the history does not know adds it (挂账), at 挂账日期 by 挂账人, with 依据 as ref;
* a row that says what the history says changes nothing, so a second import records nothing;
* a row that contradicts the history — closed there, open in the sheet; closed by someone else;
  closed in the sheet but never added — is a problem, reported with its row number.

Every act goes through :class:`~campaignflow.engine.Campaign` (so the engine's checks, and any
authority it enforces, apply to the named actor), all in one transaction: if any row is a problem
or is refused, nothing is recorded.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from campaignflow.engine import Campaign, Moment
from campaignflow.errors import CampaignflowError
from campaignflow.history import Event
from campaignflow.names import resolve
from campaignflow.office.sheets import CLOSED, OPEN
from campaignflow.office.tables import read_table

__all__ = ["LedgerImport", "import_ledger"]

SHEET: Final = "整改台账"
_DAY: Final = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T](\d{1,2}):(\d{2}))?"
)


@dataclass(slots=True)
class LedgerImport:
    """What an import did: the events it recorded, the rows it left alone, and every problem found."""

    recorded: list[Event] = field(default_factory=list)
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Act:
    row: int
    close: bool
    unit: str
    artifact: str
    item: str
    at: Moment
    by: str
    ref: str = ""


class _Refused(Exception):
    """Raised inside the batch to undo it when the engine refused a row."""


def import_ledger(campaign: Campaign, source: Path, *, at: Moment, by: str = "") -> LedgerImport:
    """Record what the 整改台账 sheet of ``source`` (.xlsx or CSV) adds to the history.

    ``at`` and ``by`` stand in for a row's empty date and actor columns.
    """
    result = LedgerImport()
    table = read_table(source, SHEET)
    where = f"{source}:{{}}: "

    def problem(row: int, message: str) -> None:
        result.problems.append(where.format(row) + message)

    if table.problem:
        problem(*table.problem)
        return result
    header = next(((n, cells) for n, cells in table.rows if any(cells)), None)
    if header is None or not {"单位", "事项", "状态"} <= set(header[1]):
        problem(header[0] if header else 1, "no header with the columns 单位, 材料编号 (or 材料), 事项, 状态")
        return result
    columns = {name: i for i, name in reversed(list(enumerate(header[1])))}
    acts: list[_Act] = []
    seen: dict[tuple[str, str, str], int] = {}
    for row, cells in table.rows:
        if row <= header[0] or not any(cells):
            continue
        value = {name: cells[i] if i < len(cells) else "" for name, i in columns.items()}
        try:
            act = _judge(campaign, row, value, seen, at=at, by=by)
        except CampaignflowError as exc:
            problem(row, str(exc))
            continue
        if act is None:
            result.unchanged += 1
        else:
            acts.append(act)
    if result.problems:
        return result
    _record(campaign, acts, result, problem)
    return result


def _judge(
    campaign: Campaign, row: int, value: dict[str, str], seen: dict[tuple[str, str, str], int], **default: Any
) -> _Act | None:
    """The act a row asks for (None: the history agrees); a CampaignflowError says why it cannot be."""
    unit, item, status = value["单位"], value["事项"], value["状态"]
    if not unit or unit not in campaign:
        raise CampaignflowError(f"unit {unit!r} is not enrolled" if unit else "empty 单位")
    artifact = value.get("材料编号") or resolve(campaign.plan, "artifact", value.get("材料", ""))
    spec = next((a for _, a in campaign.plan.artifacts() if a.id == artifact), None)
    if spec is None or not spec.items:
        raise CampaignflowError(
            f"{artifact or '(empty 材料)'!s} is not a ledger of items (items: true) of the plan"
        )
    if not item:
        raise CampaignflowError("empty 事项")
    if status not in (OPEN, CLOSED):
        raise CampaignflowError(f"状态 {status!r} is neither {OPEN} nor {CLOSED}")
    key = (unit, artifact, item)
    if key in seen:
        raise CampaignflowError(f"{unit} {spec.name} {item} is listed twice (first on row {seen[key]})")
    seen[key] = row
    evidence = campaign.evidence(unit, artifact)
    now = (evidence.entries or {}).get(item) if evidence else None
    if status == OPEN:
        if now is None:
            when = _when(value.get("挂账日期", ""), default["at"], "挂账日期")
            who = value.get("挂账人") or default["by"]
            return _Act(row, False, unit, artifact, item, when, who, value.get("依据", ""))
        if now:
            closing = _closing(campaign, unit, artifact, item)
            raise CampaignflowError(
                f"{item}: closed (已销号) in the history{closing}, but 未销号 in the sheet"
            )
        return None
    if now is None:
        raise CampaignflowError(f"{item}: 已销号 in the sheet, but never added (挂账) in the history")
    if now:
        named = value.get("销号人", "")
        event = _closed_event(campaign, unit, artifact, item)
        if named and event is not None and event.by and named != event.by:
            raise CampaignflowError(f"{item}: closed by {event.by} in the history, by {named} in the sheet")
        return None
    when = _when(value.get("销号日期", ""), default["at"], "销号日期")
    return _Act(row, True, unit, artifact, item, when, value.get("销号人") or default["by"])


def _closed_event(campaign: Campaign, unit: str, artifact: str, item: str) -> Event | None:
    found = None
    for event in campaign.history(unit):
        if event.kind == "item_closed" and (event.payload["artifact"], event.payload["item"]) == (
            artifact,
            item,
        ):
            found = event
    return found


def _closing(campaign: Campaign, unit: str, artifact: str, item: str) -> str:
    event = _closed_event(campaign, unit, artifact, item)
    if event is None:
        return ""
    who = f" by {event.by}" if event.by else ""
    return f" on {event.at.date().isoformat()}{who}"


def _when(text: str, default: Moment, column: str) -> Moment:
    """A date (and time) as a clerk types it: 2012-03-22, 2012/3/22, 2012年3月22日; empty: ``default``."""
    if not text:
        return default
    match = _DAY.fullmatch(text.strip())
    try:
        if match is None:
            raise ValueError(text)
        year, month, day, hour, minute = match.groups()
        if hour is None:
            return datetime.date(int(year), int(month), int(day))
        return datetime.datetime(int(year), int(month), int(day), int(hour), int(minute))
    except ValueError:
        raise CampaignflowError(f"{column} {text!r} is not a date (write 2012-03-22)") from None


def _record(campaign: Campaign, acts: list[_Act], result: LedgerImport, problem: Any) -> None:
    """Carry the acts out in one transaction; any refusal is reported and undoes them all."""
    try:
        with campaign.batch():
            for act in acts:
                try:
                    if act.close:
                        event = campaign.close_item(act.unit, act.artifact, act.item, at=act.at, by=act.by)
                    else:
                        event = campaign.add_item(
                            act.unit, act.artifact, act.item, at=act.at, by=act.by, ref=act.ref
                        )
                except CampaignflowError as exc:
                    problem(act.row, str(exc))
                    continue
                result.recorded.append(event)
            if result.problems:
                raise _Refused
    except _Refused:
        result.recorded.clear()
