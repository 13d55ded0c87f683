"""The web board and JSON API over a tracking database (the ``web`` extra: ``campaignflow[web]``).

:func:`app` builds an ASGI app — the 红黄绿 board, unit pages, the phase timeline, a day's
escalations, and a JSON API under ``/api/v1`` with an OpenAPI description — that
``campaignflow serve`` runs with uvicorn and an embedding application can mount. It sits on top of
the library: importing :mod:`campaignflow` never imports this package or its dependencies.
"""

from __future__ import annotations

try:
    import fastapi  # noqa: F401
    import jinja2  # noqa: F401
except ImportError as missing:  # pragma: no cover - depends on how campaignflow was installed
    raise ImportError(
        f"the campaignflow web board needs the 'web' extra ({missing.name} is missing): "
        'pip install "campaignflow[web]"'
    ) from missing

from campaignflow.web.application import app, now_in_shanghai
from campaignflow.web.hub import campaign_ids
from campaignflow.web.tokens import TokenBook

__all__ = ["TokenBook", "app", "campaign_ids", "now_in_shanghai"]
