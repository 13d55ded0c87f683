"""``track sweep --notify notify.yaml``: send the sweep's new escalations, retry the ones that failed.

The sweep command calls these around its work: :func:`load` reads the file before anything is
recorded (a bad file changes nothing), :func:`mark` notes where the history ended, :func:`send`
delivers after the sweep, at the CLI's clock and with the process environment (for ``…_env``
secrets), and :func:`report` says on standard error what was sent and what failed. A failed
delivery is kept in the delivery log and retried by the next sweep; the exit status is then 2.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from campaignflow.cli.app import EXIT_OK, EXIT_USAGE, now
from campaignflow.engine import Campaign

if TYPE_CHECKING:
    from campaignflow.notify import Deliveries, NotifyConfig

__all__ = ["load", "mark", "report", "send"]


def load(path: Path | None) -> NotifyConfig | None:
    """The checked ``notify.yaml`` at ``path`` (None: no --notify)."""
    if path is None:
        return None
    from campaignflow.notify import load_config  # noqa: PLC0415 - loaded only when a sweep notifies

    return load_config(path)


def mark(campaign: Campaign) -> int:
    """The last ``seq`` of the history before the sweep: escalations after it are new."""
    events = campaign.events()
    return events[-1].seq if events else 0


def send(campaign: Campaign, config: NotifyConfig, since: int) -> Deliveries:
    """Deliver every escalation due (new since ``since``, or failed before) to every channel."""
    from campaignflow.notify import deliver  # noqa: PLC0415

    return deliver(campaign, config, since=since, at=now(), env=os.environ)


def report(done: Deliveries) -> int:
    """Print what was sent and what failed on standard error; 2 when something failed, else 0."""
    for attempt in done.failed:
        again = f"（第{attempt.attempt}次）" if attempt.attempt > 1 else ""
        click.echo(
            f"通知失败{again}: {attempt.channel}: {attempt.notice.unit} {attempt.notice.rule_name}: "
            f"{attempt.error} — 下次督办扫描时重发",
            err=True,
        )
    if done.attempts:
        click.echo(f"通知: 已发送 {len(done.sent)}，失败 {len(done.failed)}", err=True)
    return EXIT_USAGE if done.failed else EXIT_OK
