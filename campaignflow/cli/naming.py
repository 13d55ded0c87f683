"""Chinese names on the command line: ``track submit DB 办公室 公开承诺`` means ``public_pledge``.

:func:`plan_names` wraps a command so that the parameters it lists are resolved against the plan
in the tracking file (by :func:`campaignflow.names.resolve`) before the command runs: an id passes
as it is, a name as written in the plan becomes its id, an ambiguous name is refused with its
candidates. Every command that takes an artifact, phase, rule or unit kind uses it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from campaignflow.cli.opening import chosen
from campaignflow.errors import StoreError
from campaignflow.loader import parse_plan
from campaignflow.names import What, resolve
from campaignflow.plan import Plan
from campaignflow.store.connect import choose, connect, redact

__all__ = ["plan_names", "plan_of"]

F = TypeVar("F", bound=Callable[..., Any])


def plan_of(db: Path | str) -> Plan:
    """The plan stored in the tracking database ``db`` (of the ``--campaign`` given), without its history."""
    store = connect(db, create=False)
    try:
        choose(store, redact(db), chosen(), None)
        text = store.plan_text()
    finally:
        store.close()
    if text is None:
        raise StoreError(f"{redact(db)}: no plan is stored in this database")
    return parse_plan(text, f"{redact(db)}#plan")


def plan_names(**params: What) -> Callable[[F], F]:
    """Resolve the named parameters (``artifact="artifact"``, ``to="phase"``) before the command runs.

    Put it below the click decorators, right above ``def``. Nothing is read when every value is
    already an id (ASCII), so the common case costs nothing.
    """

    def wrap(func: F) -> F:
        @functools.wraps(func)
        def run(**kwargs: Any) -> Any:
            wanted = {
                p: w for p, w in params.items() if isinstance(kwargs.get(p), str) and not kwargs[p].isascii()
            }
            if wanted:
                plan = plan_of(kwargs["db"])
                for param, what in wanted.items():
                    kwargs[param] = resolve(plan, what, kwargs[param])
            return func(**kwargs)

        run.plan_names = params  # type: ignore[attr-defined]  # what the CLI test checks
        return run  # type: ignore[return-value]

    return wrap
