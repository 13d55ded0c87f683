"""The one way the command line opens a tracking database: every ``track`` command goes through here.

Keeping it in one place lets the choice of backend, the ``--campaign`` option and the messages
about a missing or wrong database change once for every command.
"""

from __future__ import annotations

import os

from campaignflow.engine import Campaign


def open_campaign(db: str | os.PathLike[str], campaign: str | None = None) -> Campaign:
    """Open the campaign tracked in ``db`` (``campaign``: which one, when the database holds several)."""
    del campaign  # one campaign per database until several are supported
    return Campaign.open(db)
