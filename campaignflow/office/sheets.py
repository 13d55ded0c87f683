"""The workbook a campaign's office sends to its leaders, as plain tables: 进度, 红黄绿, 督办, 整改台账, 留痕.

Each :class:`Sheet` is a header and rows of plain values (text, numbers, dates, datetimes in
Shanghai wall time); :mod:`campaignflow.office.workbook` writes them as .xlsx or CSV. Everything is
read from the campaign at ``as_of`` and nothing is recorded: the 督办 sheet lists the escalations
the sweeps recorded, not a new sweep.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final

from campaignflow.engine import DONE, Campaign
from campaignflow.escalation import LIGHT_WORDS, board
from campaignflow.gates import owes
from campaignflow.history import Event, Evidence
from campaignflow.plan import Artifact
from campaignflow.words import event_word

__all__ = [
    "CLOSED",
    "LEDGER_COLUMNS",
    "OPEN",
    "SHEET_NAMES",
    "Cell",
    "Sheet",
    "at_day",
    "sheets",
    "wall_time",
]

Cell = str | int | float | datetime.date | datetime.datetime | None

SHEET_NAMES: Final = ("进度", "红黄绿", "督办", "整改台账", "留痕")
#: The columns of the 整改台账 sheet: what the export writes and the import reads back.
LEDGER_COLUMNS: Final = (
    "单位", "材料", "材料编号", "事项", "状态", "挂账日期", "挂账人", "依据", "销号日期", "销号人",
)  # fmt: skip
OPEN, CLOSED = "未销号", "已销号"
STATUS_WORDS: Final[Mapping[str | None, str]] = {
    None: "未交",
    "submitted": "已交",
    "approved": "已通过",
    "rejected": "退回",
    "recorded": "已记录",
}


@dataclass(slots=True)
class Sheet:
    """One sheet: its name, its header, its rows; ``lights`` gives a row (0-based) a 红黄绿 fill."""

    name: str
    header: tuple[str, ...]
    rows: list[tuple[Cell, ...]] = field(default_factory=list)
    lights: dict[int, str] = field(default_factory=dict)
    #: How many leading columns stay in view when scrolling right (the unit's name).
    frozen_columns: int = 1


def wall_time(at: datetime.datetime) -> datetime.datetime:
    """An event's time as naive Shanghai wall time: Excel has no time zones, and events are in Shanghai."""
    return at.replace(tzinfo=None)


def at_day(event: Event) -> datetime.date:
    """The Shanghai day an event happened on."""
    return event.at.date()


def sheets(campaign: Campaign, as_of: datetime.date) -> list[Sheet]:
    """Every sheet of the workbook for ``campaign`` as it stood at the end of ``as_of``."""
    every = campaign.events()
    events = [e for e in every if at_day(e) <= as_of]
    if len(events) < len(every):  # later acts exist: judge the state the day left, not today's
        campaign = Campaign.replay(campaign.plan, events)
    return [
        progress_sheet(campaign),
        board_sheet(campaign, as_of),
        escalation_sheet(campaign, events),
        ledger_sheet(campaign, events),
        history_sheet(events),
    ]


def _header_names(artifacts: Iterable[Artifact]) -> list[str]:
    """Each artifact's column header: its name, with its id where two share a name (投稿)."""
    found = list(artifacts)
    names = [a.name for a in found]
    return [a.name if names.count(a.name) == 1 else f"{a.name}（{a.id}）" for a in found]


def progress_sheet(campaign: Campaign) -> Sheet:
    """进度: one row per unit, one column per artifact: 未交, 已交, 待审核, 已通过, 退回, the score…"""
    plan = campaign.plan
    artifacts = [a for _, a in plan.artifacts()]
    phases = {p.id: p.name for p in plan.phases} | {DONE: "已完成"}
    sheet = Sheet("进度", ("单位", "类别", "阶段", *_header_names(artifacts)), frozen_columns=3)
    for record in campaign.records():
        cells: list[Cell] = [record.name, record.kind, phases.get(record.phase, record.phase)]
        for spec in artifacts:
            if not owes(record.kind, spec):
                cells.append("—")
            else:
                cells.append(_status(spec, (record.items or {}).get(spec.id)))
        sheet.rows.append(tuple(cells))
    return sheet


def _status(spec: Artifact, item: Evidence | None) -> Cell:
    if item is None:
        return STATUS_WORDS[None]
    if spec.kind == "test" and item.score is not None:
        return item.score
    if item.status == "submitted" and spec.reviewer:
        return "待审核"
    word = STATUS_WORDS.get(item.status, item.status or "")
    still = item.open_entries()
    return f"{word}（{len(still)}项未销号）" if still else word


def board_sheet(campaign: Campaign, as_of: datetime.date) -> Sheet:
    """红黄绿: every unit's light on ``as_of``, red first; the light's cell is filled in its colour."""
    view = board(campaign, as_of)
    phases = {p.id: p.name for p in campaign.plan.phases} | {DONE: "已完成"}
    sheet = Sheet("红黄绿", ("灯", "单位", "类别", "阶段", "到期", "说明"))
    order = {"red": 0, "yellow": 1, "green": 2}
    for row in sorted(view.rows, key=lambda r: order[r.light]):
        sheet.lights[len(sheet.rows)] = row.light
        sheet.rows.append(
            (
                LIGHT_WORDS[row.light],
                row.unit,
                row.kind,
                phases.get(row.phase, row.phase),
                row.due,
                row.reason,
            )
        )
    return sheet


def escalation_sheet(campaign: Campaign, events: Iterable[Event]) -> Sheet:
    """督办: every escalation the sweeps recorded up to the day, and whether it stands or was lifted."""
    sheet = Sheet(
        "督办", ("单位", "规则", "步骤", "措施", "理由", "对象", "起因日期", "督办时间", "状态", "解除时间")
    )
    lifted: dict[tuple[str, str, int], Event] = {}
    rows: list[tuple[Event, tuple[str, str, int]]] = []
    for event in events:
        payload = event.payload
        if event.kind == "escalated" and payload.get("step", -1) >= 0:
            rows.append((event, (event.unit, payload["rule"], payload.get("occurrence", 1))))
        elif event.kind == "resolved":
            lifted[(event.unit, payload["rule"], payload.get("occurrence", 1))] = event
    for event, key in rows:
        p = event.payload
        measures = "、".join(p.get("actions", []))
        if p.get("one_of"):
            measures += ("；" if measures else "") + "/".join(p["one_of"]) + " 选一"
        done = lifted.get(key)
        due = datetime.date.fromisoformat(p["due"]) if p.get("due") else None
        sheet.rows.append(
            (
                event.unit, p.get("name", p["rule"]), p["step"] + 1, measures, p.get("reason", ""),
                p.get("addressee", ""), due, wall_time(event.at),
                "已解除" if done and done.seq > event.seq else "督办中",
                wall_time(done.at) if done and done.seq > event.seq else None,
            )
        )  # fmt: skip
    return sheet


def ledger_sheet(campaign: Campaign, events: Iterable[Event]) -> Sheet:
    """整改台账: every item of every ledger artifact, open (未销号) and closed (已销号), as the history says.

    A clerk fills in 状态 (已销号), 销号日期 and 销号人, or adds rows (挂账), and the import reads it back.
    """
    names = {a.id: a.name for _, a in campaign.plan.artifacts()}
    sheet = Sheet("整改台账", LEDGER_COLUMNS, frozen_columns=4)
    items: dict[tuple[str, str, str], list[Cell]] = {}
    for event in events:
        if event.kind not in ("item_added", "item_closed"):
            continue
        p = event.payload
        key = (event.unit, p["artifact"], p["item"])
        day, by = at_day(event), event.by
        if event.kind == "item_added":
            ref = p.get("ref", "")
            items[key] = [
                event.unit,
                names.get(p["artifact"], ""),
                p["artifact"],
                p["item"],
                OPEN,
                day,
                by,
                ref,
            ]
            items[key] += [None, ""]
        elif key in items:
            items[key][4], items[key][8], items[key][9] = CLOSED, day, by
    sheet.rows = [tuple(cells) for cells in items.values()]
    return sheet


def history_sheet(events: Iterable[Event]) -> Sheet:
    """留痕: every recorded act, oldest first: when, on which unit, what, by whom, and its particulars."""
    sheet = Sheet("留痕", ("序号", "时间", "单位", "事件", "经办人", "详情"), frozen_columns=0)
    for event in events:
        words = event_word(event.kind)
        sheet.rows.append((event.seq, wall_time(event.at), event.unit, words, event.by, _details(event)))
    return sheet


def _details(event: Event) -> str:
    """An event's particulars as ``track history`` shows them: ``artifact=self_analysis reason=避重就轻``."""
    shown = []
    for key, value in event.payload.items():
        if value in ("", None, [], {}):
            continue
        text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)
        shown.append(f"{key}={text}")
    return " ".join(shown)
