"""The delivery log: which escalation went to which channel, kept in the campaign's own history.

Every attempt is recorded as a campaign-level event (unit ``""``, kind ``notified``)::

    notified  {"escalation": 42, "about": "办公室", "rule": "overdue_report", "channel": "webhook",
               "status": "sent" | "failed", "error": "HTTP 500 …", "attempt": 1}

so every store backend keeps it, and 留痕 shows it. :func:`deliver` sends each escalation (an
``escalated`` event that reached a step of its ladder) to each channel at most once: an escalation
is due for a channel when it is newer than every escalation the log has seen, or newer than
``since`` (the history's end before the sweep); a failed one is due again until it is sent. An
attempt is recorded right after it is made, so a crash loses at most the record of the one in
flight (which is then sent again: the webhook's ``id`` lets a receiver drop the repeat).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from campaignflow.engine import Campaign
from campaignflow.history import Event
from campaignflow.notify.channels import DeliveryFailed, Notice, send
from campaignflow.notify.config import NotifyConfig

__all__ = ["NOTIFIED", "Attempt", "Deliveries", "deliver", "due"]

NOTIFIED: Final = "notified"
#: Who the delivery log's events are attributed to (留痕).
NOTIFIER: Final = "自动通知"


@dataclass(frozen=True, slots=True)
class Attempt:
    """One delivery attempt: the escalation, the channel, and what happened (``error`` when it failed)."""

    notice: Notice
    channel: str
    attempt: int
    error: str = ""

    @property
    def sent(self) -> bool:
        return not self.error


@dataclass(slots=True)
class Deliveries:
    """What :func:`deliver` did: every attempt, sent or failed."""

    attempts: list[Attempt] = field(default_factory=list)

    @property
    def sent(self) -> list[Attempt]:
        return [a for a in self.attempts if a.sent]

    @property
    def failed(self) -> list[Attempt]:
        return [a for a in self.attempts if not a.sent]


def due(campaign: Campaign, channels: list[str], since: int) -> list[tuple[Event, str, int]]:
    """``(escalated event, channel, attempt number)`` for every delivery still to make, oldest first."""
    events = campaign.events()
    status: dict[tuple[int, str], str] = {}
    tries: dict[tuple[int, str], int] = {}
    mark = 0
    for event in events:
        if event.unit == "" and event.kind == NOTIFIED:
            key = (int(event.payload["escalation"]), str(event.payload["channel"]))
            status[key] = event.payload["status"]
            tries[key] = tries.get(key, 0) + 1
            mark = max(mark, key[0])
    newer = min(mark, since) if mark else since
    found = []
    for event in events:
        if event.kind != "escalated" or int(event.payload.get("step", -1)) < 0:
            continue
        for channel in channels:
            key = (event.seq, channel)
            state = status.get(key)
            if state == "failed" or (state is None and event.seq > newer):
                found.append((event, channel, tries.get(key, 0) + 1))
    return found


def deliver(
    campaign: Campaign,
    config: NotifyConfig,
    *,
    since: int,
    at: datetime.datetime,
    env: Mapping[str, str],
) -> Deliveries:
    """Send what is due (see :func:`due`) and record each attempt at ``at``; returns the attempts.

    ``since`` is the last ``seq`` of the history before the sweep that is being announced. ``at``
    is also the moment a 钉钉 signature is made for; ``env`` holds the secrets named ``…_env``.
    """
    channels = dict(config.named())
    plan = campaign.plan
    done = Deliveries()
    for event, name, attempt in due(campaign, list(channels), since):
        notice = Notice.of(event, plan.id, plan.title)
        try:
            send(channels[name], notice, timeout=config.timeout, now=at, env=env)
            error = ""
        except DeliveryFailed as exc:
            error = str(exc) or type(exc).__name__
        campaign.log(
            "",
            NOTIFIED,
            at=at,
            by=NOTIFIER,
            escalation=event.seq,
            about=event.unit,
            rule=event.payload["rule"],
            channel=name,
            status="failed" if error else "sent",
            error=error,
            attempt=attempt,
        )
        done.attempts.append(Attempt(notice, name, attempt, error))
    return done
