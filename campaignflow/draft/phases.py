"""The windows of the phases found: each phase's phrase read with the plan's year, or why not.

The draft only finds a phrase; :func:`campaignflow.dates.parse_window` reads it. A window is left out,
with a ``no-window`` TODO, wherever the plan would refuse it or the text does not fix it: a phrase that
cannot be read, one that reads earlier than the phase above it, a bare deadline after an undated
phase. ``已于X完成`` says when a phase was done: it is read as the phase's deadline (the end of X).
A first phase given by its deadline alone starts with the campaign window the text states, else on
each unit's enrolment (``starts: on_enrolment``, a guess).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from campaignflow.dates import parse_window
from campaignflow.draft import extract
from campaignflow.draft.commented_yaml import Path
from campaignflow.draft.finding import Finding
from campaignflow.draft.headings import Heading, Line
from campaignflow.draft.outline import PhaseBlock
from campaignflow.draft.spotting import MASKED_YEAR, unmask
from campaignflow.errors import DatePhraseError

__all__ = ["PhaseDraft", "campaign_start", "later_phase_year", "read_windows"]


@dataclass
class PhaseDraft:
    """A phase found in the text: its block, what its heading says, and the window once it is read."""

    block: PhaseBlock
    heading: Heading
    window: str | None = None
    starts: str | None = None  # "on_enrolment" for a first phase given by its deadline alone

    @property
    def line(self) -> Line:
        """The heading line."""
        return self.block.line

    @property
    def masked(self) -> bool:
        """Whether the window phrase writes its year as 20xx."""
        return bool(self.heading.phrase and MASKED_YEAR.search(self.heading.phrase))

    def body(self) -> list[tuple[str, int]]:
        """The body as (text, original line) pairs, starting with the rest of the heading line."""
        first = [(self.heading.rest, self.line.source)] if self.heading.rest else []
        return first + [(line.text, line.source) for line in self.block.body]


def campaign_start(preamble: list[Line], year: int | None) -> datetime.date | None:
    """The first day of the campaign window the text states before the phases, if it reads with one."""
    found = extract.campaign_phrase(preamble)
    if found is None or year is None:
        return None
    try:
        return parse_window(found.value, year).start
    except DatePhraseError:
        return None


def later_phase_year(stated: extract.Found, phases: list[PhaseDraft]) -> bool:
    """Whether the first year in the text is a later phase's, the first phase's phrase having none.

    ``学习阶段(10月初至11月中旬)、整改阶段(2009年1月初至2月)``: 2009 is when the last phase falls, not
    the plan's year, so the year is left to the clerk rather than read as the campaign's.
    """
    if not phases or phases[0].heading.phrase is None or stated.line < phases[0].line.source:
        return False
    return any(stated.value in (p.heading.phrase or "") for p in phases[1:])


def read_windows(
    phases: list[PhaseDraft], year: int | None, campaign_start: datetime.date | None, findings: list[Finding]
) -> None:
    """Read each phase's phrase with dates.parse_window; a phase it cannot read keeps no window.

    A window is also left out when the plan would refuse it: one that starts before the phase above it
    (``1月—2月`` after ``11月—12月`` is, for a clerk, next year's: the text must say so), and a bare
    deadline after an undated phase. A first phase given by its deadline alone starts with the campaign
    window when the text states one, else on each unit's enrolment (``starts: on_enrolment``, a guess).
    """
    last_start: datetime.date | None = None  # of the last dated phase: the loader orders phases by it
    # of the phase right above, if dated: a bare deadline's start; for the first, the campaign's start
    end_above = campaign_start - datetime.timedelta(days=1) if campaign_start else None
    for i, phase in enumerate(phases):
        at: Path = ("phases", i, "window")
        phrase, problem = _phrase(phase, year)
        start: datetime.date | None = None
        if problem is None and phrase is not None and year is not None:
            try:
                window = parse_window(phrase, year)
            except DatePhraseError as exc:
                problem = f"window not read: {exc}"
            else:
                start = window.start or (end_above + datetime.timedelta(days=1) if end_above else None)
                if start is None and i == 0:  # "(2007年12月10日前)": each unit starts it when it enrolls
                    phase.starts, start = "on_enrolment", window.end
                    message = (
                        f"'{phrase}' gives only the end: each unit starts this phase the day it enrolls "
                        "(starts: on_enrolment); write the start if the document means another day"
                    )
                    findings.append(Finding(phase.line.source, "guess", message, ("phases", i, "starts")))
                if start is None:
                    problem = f"'{phrase}' is only a deadline and no dated phase is above it: add the start"
                elif last_start is not None and start < last_start:
                    problem = (
                        f"'{phrase}' reads as {start} – {window.end}, before the phase above it; "
                        "if it falls in the next year, write the year into the window"
                    )
        if problem is not None or phrase is None or start is None:
            findings.append(Finding(phase.line.source, "no-window", problem or "no window", at))
            end_above = None
            continue
        phase.window, last_start, end_above = phrase, start, window.end
        findings.extend(_window_guesses(phase, phrase, year, at))


def _phrase(phase: PhaseDraft, year: int | None) -> tuple[str | None, str | None]:
    """The phrase to read for a phase (a masked year dropped) and, if it cannot be read, why."""
    phrase = phase.heading.phrase
    if phrase is None:
        return None, f"the text gives no date for {phase.heading.name}"
    if phase.heading.phrase_from == "done-by":  # "已于8月上旬完成": done by 08-10
        phrase += "前"
    if phase.masked:
        if year is None:
            return phrase, f"'{phrase}' masks its year: rerun with --year"
        return unmask(phrase), None
    if year is None:
        return phrase, f"'{phrase}' needs the plan's year: rerun with --year"
    return phrase, None


def _window_guesses(phase: PhaseDraft, phrase: str, year: int | None, at: Path) -> list[Finding]:
    line = phase.line.source
    marker = phase.block.marker
    found: list[Finding] = []
    if phase.masked:
        message = f"masked year in '{phase.heading.phrase}' taken as --year {year}"
        found.append(Finding(line, "guess", message, at))
    if marker.style == "number" and marker.rest.startswith(phrase):
        message = f"'{marker.label}' read as the item number, so the window is '{phrase}' alone"
        found.append(Finding(line, "guess", message, at))
    if phase.heading.note:
        found.append(Finding(line, "guess", phase.heading.note, at))
    if phase.heading.phrase_from == "done-by":
        message = f"'{phase.heading.phrase}' says when the phase was done: read as its deadline, {phrase}"
        found.append(Finding(line, "guess", message, at))
    elif phase.heading.phrase_from != "bracket":
        message = f"window read from the {phase.heading.phrase_from}: {phrase}"
        found.append(Finding(line, "guess", message, at))
    return found
