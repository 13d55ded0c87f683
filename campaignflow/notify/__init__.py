"""Notifications on top of the library: a sweep's new escalations sent to webhooks, group robots, e-mail.

:func:`~campaignflow.notify.config.load_config` reads ``notify.yaml``;
:func:`~campaignflow.notify.deliveries.deliver` sends what is due and keeps the delivery log in the
campaign's history; :mod:`~campaignflow.notify.channels` knows each channel's message format. Only
the standard library is used for the network (urllib, smtplib). Importing :mod:`campaignflow` does
not import this package.
"""

from campaignflow.notify.channels import DeliveryFailed, Notice
from campaignflow.notify.config import NotifyConfig, load_config
from campaignflow.notify.deliveries import NOTIFIED, Attempt, Deliveries, deliver, due

__all__ = [
    "NOTIFIED",
    "Attempt",
    "Deliveries",
    "DeliveryFailed",
    "Notice",
    "NotifyConfig",
    "deliver",
    "due",
    "load_config",
]
