"""Pydantic's plugin hooks, switched off for a command line's own process at no start-up cost.

Pydantic looks for plugins (observability hooks) when the first model is built, by reading every
installed distribution's entry points, and its loader module imports :mod:`importlib.metadata`
(with email, zipfile, csv and socket) before it even reads ``PYDANTIC_DISABLE_PLUGINS``: together
20–40 ms of each command's start-up, for hooks a command line has no use for.
"""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Iterable

#: The values of ``PYDANTIC_DISABLE_PLUGINS`` for which pydantic's loader returns no plugin at all.
ALL_OFF = ("__all__", "1", "true")
LOADER = "pydantic.plugin._loader"


def switch_off() -> None:
    """Set ``PYDANTIC_DISABLE_PLUGINS=__all__`` unless the user set it (even empty, to keep the
    plugins); when every plugin is off and pydantic has not loaded its loader yet, stand in for
    the loader with one that answers as it would (no plugins) without importing the metadata reader.

    The loader's one name the rest of pydantic uses is ``get_plugins`` (a test reads pydantic's
    source to hold that), and it returns no plugins for these values, so nothing else changes.
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] not in ALL_OFF or LOADER in sys.modules:
        return
    loader = types.ModuleType(LOADER, "campaignflow's stand-in: every pydantic plugin is switched off")
    loader.get_plugins = _none  # type: ignore[attr-defined]
    sys.modules[LOADER] = loader


def _none() -> Iterable[object]:
    return ()
