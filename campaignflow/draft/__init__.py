"""Draft a plan file from a plan document (实施方案): the ``campaignflow draft`` pipeline.

:func:`draft_plan` runs the text through one module per step. :mod:`~campaignflow.draft.normalize`
folds full-width forms, traditional characters and stray bytes into one spelling, remembering each
line's original number; :mod:`~campaignflow.draft.repair` repairs loose dates (``20l0年``,
``6月10以前``); :mod:`~campaignflow.draft.segment` cuts headings that start inside running text onto
lines of their own; :mod:`~campaignflow.draft.spotting` cuts out candidate date phrases for
:mod:`campaignflow.dates` to read; :mod:`~campaignflow.draft.outline` finds the numbered and unnumbered
headings and the phases; :mod:`~campaignflow.draft.phases` reads each phase's window;
:mod:`~campaignflow.draft.extract` reads the metadata (title, issuer, 文号, year, unit kinds);
:mod:`~campaignflow.draft.obligations` reads what units owe and the rules,
:mod:`~campaignflow.draft.parties` who holds, attends or sees them and who carries out a measure, and
:mod:`~campaignflow.draft.stages` guesses each phase's stage; :mod:`~campaignflow.draft.assembly`
puts it all into plan-language field order; :mod:`~campaignflow.draft.commented_yaml` writes the YAML
with every :class:`Finding` (:mod:`~campaignflow.draft.finding`) as a ``# TODO:``/``# guess:``/``# note:``
comment at the key it concerns. :mod:`~campaignflow.draft.build` holds :func:`draft_plan` itself and
its result, :class:`Draft`.
"""

from __future__ import annotations

from campaignflow.draft.build import TODO_KINDS, Draft, Finding, draft_plan

__all__ = ["TODO_KINDS", "Draft", "Finding", "draft_plan"]
