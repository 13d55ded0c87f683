"""The campaigns a web app serves, kept open in one worker thread, with a board cache.

A :class:`Hub` opens the tracking database once and keeps every campaign's state in memory, as a
long-running ``track`` process would: each request first applies what other writers (CLI commands,
other servers) committed since (``Campaign.refresh`` reads only new events), then reads or writes.
All work on the campaigns runs in one dedicated thread: a :class:`~campaignflow.engine.Campaign` is
not thread-safe and a SQLite connection belongs to the thread that opened it. Boards are cached per
campaign, keyed on how many events the campaign has folded and the day asked about, so a board of
100,000 units is computed once per change, not once per page view.
"""

from __future__ import annotations

import asyncio
import datetime
import os
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from campaignflow.engine import Campaign
from campaignflow.errors import CampaignflowError
from campaignflow.escalation import Board, BoardRow, PhaseCount, board
from campaignflow.store.connect import connect

__all__ = ["CachedBoard", "Hub", "Source", "UnknownCampaign", "campaign_ids"]

T = TypeVar("T")
#: What a web app serves: a SQLite path or store URL, an open Campaign, or a function opening campaigns.
Source = str | os.PathLike[str] | Campaign | Callable[[], Mapping[str, Campaign]]


class UnknownCampaign(CampaignflowError):
    """A campaign id that the database does not hold."""

    def __init__(self, cid: str, known: list[str]) -> None:
        self.cid = cid
        super().__init__(f"no campaign {cid!r} here (campaigns: {', '.join(known) or 'none'})")


@dataclass(frozen=True)
class CachedBoard:
    """A board and each unit's version when its row was computed, in the board's row order."""

    board: Board
    versions: tuple[int, ...]

    def row(self, unit: str) -> BoardRow | None:
        """The row of ``unit``, or None if it is not on the board (the index is built on first use)."""
        try:
            return self.board.row(unit)
        except KeyError:
            return None


@dataclass
class _Served:
    campaign: Campaign
    generation: int = 0  # events folded since opening: changes whenever the state may have changed
    boards: dict[datetime.date, tuple[int, CachedBoard]] = field(default_factory=dict)


class Hub:
    """Open campaigns, refreshed before each use, all touched from one worker thread."""

    def __init__(self, source: Source, *, campaign: str | None = None, boards: int = 4) -> None:
        self._source, self._wanted, self._keep = source, campaign, boards
        self._served: dict[str, _Served] | None = None
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="campaignflow-web")

    async def run(self, work: Callable[..., T], *args: Any) -> T:
        """Run ``work(*args)`` in the worker thread and wait for it without blocking the event loop."""
        return await asyncio.wrap_future(self._worker.submit(work, *args))

    def call(self, work: Callable[..., T], *args: Any) -> T:
        """Run ``work(*args)`` in the worker thread from synchronous code (start-up, scripts)."""
        return self._worker.submit(work, *args).result()

    # ---- in the worker thread --------------------------------------------------------------------

    def ids(self) -> list[str]:
        """The ids of the campaigns served, in the order the database lists them."""
        return list(self._open())

    def campaign(self, cid: str) -> Campaign:
        """The campaign ``cid``, brought up to date with what other writers committed."""
        served = self._get(cid)
        served.generation += served.campaign.refresh()
        return served.campaign

    def wrote(self, cid: str) -> None:
        """Note that this process recorded an event in ``cid`` (its cached boards are stale)."""
        self._get(cid).generation += 1

    def board(self, cid: str, day: datetime.date) -> CachedBoard:
        """The board of ``cid`` on ``day``: computed once, then kept up to date unit by unit.

        When the history has grown since, only the units whose version changed (and new ones) get
        their rows recomputed; a unit's light depends on nothing but its own state and the day.
        """
        campaign = self.campaign(cid)
        served = self._get(cid)
        found = served.boards.get(day)
        if found is not None and found[0] == served.generation:
            return found[1]
        cached = _updated(campaign, day, found[1]) if found is not None else None
        if cached is None:
            made = campaign.board(day)
            cached = CachedBoard(made, tuple([record.version for record in campaign.records()]))
        if day not in served.boards and len(served.boards) >= self._keep:
            served.boards.pop(next(iter(served.boards)))
        served.boards[day] = (served.generation, cached)
        return cached

    def row(self, cid: str, day: datetime.date, unit: str) -> BoardRow:
        """The row of one unit on ``day``: from a kept board if it is current, else judged alone
        (a unit page on a day whose board nobody asked for does not compute the whole board)."""
        campaign = self.campaign(cid)
        record = campaign.record(unit)  # UnknownUnit if not enrolled
        served = self._get(cid)
        found = served.boards.get(day)
        if found is not None and found[0] == served.generation:
            kept = found[1].row(unit)
            if kept is not None:
                return kept
        return board(campaign, day, records=[record]).rows[0]

    def close(self) -> None:
        """Close every campaign (in the worker thread) and stop the thread."""

        def shut() -> None:
            for served in (self._served or {}).values():
                served.campaign.close()
            self._served = None

        try:
            self.call(shut)
        finally:
            self._worker.shutdown(wait=True)

    def _get(self, cid: str) -> _Served:
        served = self._open()
        found = served.get(cid)
        if found is None:
            raise UnknownCampaign(cid, list(served))
        return found

    def _open(self) -> dict[str, _Served]:
        if self._served is None:
            opened = _open_source(self._source, self._wanted)
            self._served = {cid: _Served(c) for cid, c in opened.items()}
        return self._served


def _updated(campaign: Campaign, day: datetime.date, old: CachedBoard) -> CachedBoard | None:
    """``old`` with the rows of the units changed since recomputed; None when a full board is cheaper.

    The board's rows are in enrolment order, as ``campaign.records()`` lists the units, and units
    enrolled since come last: versions are compared position by position, names checked alike.
    """
    rows, known = old.board.rows, old.versions
    records = list(campaign.records())
    if len(records) < len(rows):
        return None  # a unit went away: start again
    changed: list[int] = []
    for i, (record, version, row) in enumerate(zip(records, known, rows, strict=False)):
        if record.version != version or record.name != row.unit:
            changed.append(i)
    fresh = list(range(len(rows), len(records)))  # enrolled since
    if len(changed) + len(fresh) > max(100, len(rows) // 20):
        return None  # many changed (a sweep, a bulk enrolment): a full board is cheaper
    if any(records[i].name != rows[i].unit for i in changed):
        return None  # the order of the units changed: start again
    partial = board(campaign, day, records=[records[i] for i in [*changed, *fresh]]).rows
    tally = {p.phase: {"green": p.green, "yellow": p.yellow, "red": p.red} for p in old.board.phases}
    names = {p.phase: p.name for p in old.board.phases}
    updated = list(rows)
    for i, row in zip([*changed, *fresh], partial, strict=True):
        if i < len(rows):
            before = rows[i]
            tally[before.phase][before.light] -= 1
            updated[i] = row
        else:
            updated.append(row)
        tally.setdefault(row.phase, {"green": 0, "yellow": 0, "red": 0})[row.light] += 1
    phases = tuple(PhaseCount(pid, names.get(pid, "已完成"), **counts) for pid, counts in tally.items())
    versions = tuple([record.version for record in records])
    return CachedBoard(Board(day, old.board.warn_workdays, tuple(updated), phases), versions)


def campaign_ids(source: str | os.PathLike[str]) -> list[str]:
    """The ids of the campaigns a tracking database (file or URL) holds."""
    store = connect(source, create=False)
    try:
        return list(store.campaigns())
    finally:
        store.close()


def _open_source(source: Source, wanted: str | None) -> dict[str, Campaign]:
    """Open what ``source`` names: every campaign it holds, or only ``wanted``."""
    if isinstance(source, Campaign):
        opened = {source.plan.id: source}
    elif isinstance(source, str | os.PathLike):
        opened = {}
        try:
            for cid in [wanted] if wanted is not None else campaign_ids(source):
                opened[cid] = Campaign.open(source, campaign=cid)
        except BaseException:
            for campaign in opened.values():
                campaign.close()
            raise
    else:
        opened = dict(source())
    if wanted is not None:
        known = list(opened)
        for cid in [cid for cid in known if cid != wanted]:
            opened.pop(cid).close()
        if not opened:
            raise UnknownCampaign(wanted, known)

    return opened
