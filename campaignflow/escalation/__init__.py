"""Escalation: a deterministic sweep that finds lagging units and climbs the plan's ladder (督查督办).

:func:`sweep` evaluates every rule of the plan for every unit on a given day (``as_of``; the library
never reads the clock) and returns one :class:`Escalation` per unit and rule whose cause stands or was
just cured. What it decides is recorded in the unit's history — an ``escalated`` event when a rule
first applies or climbs a step, a ``resolved`` event when its cause is cured — through
:meth:`Campaign.log_many <campaignflow.engine.Campaign.log_many>`, one append per chunk of 1,024
units, checked and admitted as :meth:`Campaign.log <campaignflow.engine.Campaign.log>` checks one
event — so a sweep is

* **deterministic**: the result depends only on the history and ``as_of``;
* **idempotent**: a second sweep on the same day records nothing and reports every escalation as
  ``standing``;
* **monotone**: while a cause stands, a later day never lowers its step;
* **counted**: each rule counts for each unit how many times its cause arose (``occurrence``), which
  the ladder's ``occurrence`` and the ``repeated`` trigger read.

Causes come in two sorts. *Time* causes (``overdue``, ``phase_unfinished``) are judged on the unit's
current state against its own dates (限期整改 deadlines and 延期 extensions included): they stand while
the artifact is not in, or the unit has not left the phase, and are cured when it is, or when its date
moves. *Event* causes (``rejected``, ``score_below``, ``vote_share``, ``grade``, ``finding``,
``repeated``, and a vote whose respondent groups fall short of ``vote.min_share``) are facts of the
history: each matching event is an occurrence, and the cause stands until a later event of the same
sort supersedes it (a resubmission, a new score, a new vote, a new grade); findings and repeats stand.

Measures that change state (重做本阶段, 延期, 限期整改) are applied by the sweep, through the engine's
commands, only where the rule marks them ``automatic`` and only when their step is new; the rest are
proposed. After applying one, the sweep judges the unit again, so the state it leaves is one a
second sweep agrees with.

Per rule, everything that does not depend on the unit (due dates, cut-off dates, the step a cause of
a given age reaches) is computed once per sweep; units with no history the sweep cares about are
judged by a few comparisons, units without such history in the same situation (kind, phase, which
watched artifacts are in) share the verdict of the first of them judged, and only changes touch the
store. :func:`board` gives every unit's 红黄绿 light.

The package reads in the order the work happens: :mod:`~campaignflow.escalation.watches` compiles the
plan's rules, :mod:`~campaignflow.escalation.episodes` folds the history they care about,
:mod:`~campaignflow.escalation.causes` says why a rule applies today,
:mod:`~campaignflow.escalation.sweeper` judges every unit (:mod:`~campaignflow.escalation.twins`
those alike once) and records (:mod:`~campaignflow.escalation.recorder`) and applies
(:mod:`~campaignflow.escalation.measures`) what changed, :mod:`~campaignflow.escalation.closing`
closes an escalation by hand, and
:mod:`~campaignflow.escalation.lights` draws the board; :mod:`~campaignflow.escalation.result` holds
what they return. None of them imports transitions or sqlite3: state changes go through the engine.
"""

from campaignflow.escalation.closing import close
from campaignflow.escalation.lights import LIGHT_WORDS, Board, BoardRow, Light, PhaseCount, board
from campaignflow.escalation.result import (
    STATUS_WORDS,
    SWEEPER,
    AsOf,
    Escalation,
    Progress,
    Status,
    as_of_day,
)
from campaignflow.escalation.sweeper import sweep

__all__ = [
    "LIGHT_WORDS",
    "STATUS_WORDS",
    "SWEEPER",
    "AsOf",
    "Board",
    "BoardRow",
    "Escalation",
    "Light",
    "PhaseCount",
    "Progress",
    "Status",
    "as_of_day",
    "board",
    "close",
    "sweep",
]
