"""What one unit has handed in for one artifact (:class:`Evidence`), and whether it counts as in.

:func:`~campaignflow.history.apply` folds events into an :class:`Evidence`; :func:`shortfall` is the one
rule, in the clerk's words, that the advance gate asks, and :func:`short_groups` the respondent-share
rule it shares with the escalation sweep.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any


class Evidence:
    """What has been handed in for one artifact of one unit, as the latest events left it.

    ``status`` is None (nothing yet), ``submitted`` (in, or awaiting sign-off when the artifact has
    a reviewer), ``approved``, ``rejected`` (must be resubmitted) or ``recorded`` (a test score or a
    vote result). ``at`` is when the status last changed; ``count`` how many times it was handed in
    (recurring duties count up); ``reason`` the last rejection's reason, kept after a resubmission.
    ``entries`` are a ledger's items (item → closed), None until the first is added; ``still_open``
    counts those not closed, so that the advance guard answers without walking the ledger. ``level``
    counts the approvals of a reviewer chain since the last submission (the status stays
    ``submitted`` until the last level approves). ``periods`` maps each period of a recurring report
    on fixed days that was handed in (its ISO due day) to when.
    """

    __slots__ = (
        "at", "count", "entries", "grade", "level", "periods", "reason", "respondents", "score",
        "status", "still_open", "votes",
    )  # fmt: skip

    def __init__(self) -> None:
        self.status: str | None = None
        self.at: datetime.datetime | None = None
        self.count = 0
        self.score: float | None = None
        self.votes: Mapping[str, int] | None = None
        self.respondents: Mapping[str, int] | None = None
        self.grade: str | None = None
        self.reason: str | None = None
        self.entries: dict[str, bool] | None = None
        self.level = 0  # approvals so far in a reviewer chain's current round
        self.periods: dict[str, datetime.datetime] | None = None  # due day (ISO) → when handed in
        self.still_open = 0

    def open_entries(self) -> list[str]:
        """The ledger's items not closed yet (销号), in the order they were added."""
        return [item for item, closed in (self.entries or {}).items() if not closed]

    def state(self) -> tuple[Any, ...]:
        """Every field as a tuple, for comparisons (live state == replayed state)."""
        return tuple(getattr(self, name) for name in sorted(self.__slots__))


def short_groups(
    respondents: Mapping[str, Any], min_share: Mapping[str, float]
) -> list[tuple[str, int, int, float]]:
    """Respondent groups below their minimum share: (group, count, total, minimum).

    The advance gate (:func:`shortfall`) and the escalation watch of a vote's respondents both ask it.
    """
    total = sum(n for n in respondents.values() if isinstance(n, int))
    found = []
    for group, minimum in min_share.items():
        count = respondents.get(group, 0)
        count = count if isinstance(count, int) else 0
        if not total or count / total < minimum:
            found.append((group, count, total, minimum))
    return found


def shortfall(
    item: Evidence | None,
    kind: str,
    reviewer: str | None,
    min_share: Mapping[str, float],
    *,
    ledger: bool = False,
) -> str | None:
    """Why an artifact does not count as in yet (None: it does), in words for the clerk.

    Documents and meetings count once submitted, or once approved when they have a ``reviewer``;
    a rejected one must be resubmitted; a ``ledger`` (``items: true``) also needs every item closed.
    Tests count once scored; votes once recorded with each respondent group's share of respondents
    at least its ``min_share``.
    """
    status = None if item is None else item.status
    if kind == "test":
        return None if item is not None and item.score is not None else "no score recorded"
    if kind == "vote":
        if item is None or item.votes is None:
            return "no result recorded"
        groups = short_groups(item.respondents or {}, min_share)
        short = [f"{group} {count}/{total} < {minimum:.0%}" for group, count, total, minimum in groups]
        return "respondents short: " + ", ".join(short) if short else None
    if status == "approved" or (status == "submitted" and reviewer is None):
        if ledger and item is not None and item.still_open:  # the list only to say which
            still_open = item.open_entries()
            return f"{len(still_open)} item(s) not closed (未销号): {'、'.join(still_open)}"
        return None
    if status == "submitted":
        return f"awaiting approval by {reviewer}"
    if status == "rejected":
        return f"rejected ({item.reason if item else ''}); resubmit"
    return "not submitted"
