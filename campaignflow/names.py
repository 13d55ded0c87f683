"""Chinese names for a plan's ids: ``公开承诺`` for ``public_pledge``, ``整改提高阶段`` for ``rectify``.

People name things the way the document does; the engine keys them by the plan's ASCII ids. The
one resolver here turns a name as written in the plan into its id, for the command line and any
other front end: an id is returned as it is, a name is matched exactly (no guessing, no partial
match), and a name the plan gives to several things raises :class:`~campaignflow.errors.AmbiguousName`
listing them. Text that is neither is returned unchanged, so the engine's own "unknown …" error
reports it where it is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final, Literal

from campaignflow.errors import AmbiguousName
from campaignflow.plan import Plan

__all__ = ["WHAT", "What", "named", "resolve"]

What = Literal["artifact", "phase", "rule", "unit_kind"]
#: The words used in messages for each sort of thing.
WHAT: Final[dict[str, str]] = {
    "artifact": "artifact",
    "phase": "phase",
    "rule": "rule",
    "unit_kind": "unit kind",
}


def named(plan: Plan, what: What) -> Iterator[tuple[str, str]]:
    """Every ``(id, name)`` pair of one sort in ``plan``, in the plan's order.

    Unit kinds have no id of their own: their name is what the engine keys them by.
    """
    if what == "artifact":
        yield from ((a.id, a.name) for _, a in plan.artifacts())
    elif what == "phase":
        yield from ((p.id, p.name) for p in plan.phases)
    elif what == "rule":
        yield from ((r.id, r.name) for r in plan.rules)
    else:
        yield from ((k.name, k.name) for k in plan.unit_kinds)


def resolve(plan: Plan, what: What, text: str) -> str:
    """The id ``text`` stands for: itself if it is an id, else the one thing the plan names so.

    Raises AmbiguousName when several things of that sort bear the name; text that matches nothing
    comes back unchanged for the caller to refuse in its own words.
    """
    pairs = list(named(plan, what))
    if any(ident == text for ident, _ in pairs):
        return text
    found = [(ident, name) for ident, name in pairs if name == text]
    if len(found) > 1:
        raise AmbiguousName(WHAT[what], text, found)
    return found[0][0] if found else text
