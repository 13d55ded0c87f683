"""Draft a plan from a plan document (实施方案): the data a clerk would type, and what could not be read.

:func:`draft_plan` normalises the text (:mod:`campaignflow.draft.normalize`), finds the phases
(:mod:`campaignflow.draft.outline`), the metadata (:mod:`campaignflow.draft.extract`), the obligations
and rules (:mod:`campaignflow.draft.obligations`), and hands every date phrase to
:mod:`campaignflow.dates`. It never invents: a phase whose date the text does not give has no window;
a year the text does not state stays unset; numbered gaps and a cut-off end are reported as missing
phases and make the plan ``complete: false``. Every guess and every gap is a :class:`Finding` carrying
the original line it comes from; :meth:`Draft.to_yaml` writes each next to the field it concerns, as
``# TODO:`` (to fill in) or ``# guess:``/``# note:`` (to check).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from campaignflow.draft import extract
from campaignflow.draft.assembly import Parts, assemble
from campaignflow.draft.commented_yaml import Path, render
from campaignflow.draft.finding import TODO_KINDS, Finding
from campaignflow.draft.headings import Line, read_heading, read_marker
from campaignflow.draft.normalize import normalize
from campaignflow.draft.obligations import sentences
from campaignflow.draft.outline import Outline, read_outline
from campaignflow.draft.phases import PhaseDraft, campaign_start, later_phase_year, read_windows
from campaignflow.draft.repair import repair_dates
from campaignflow.draft.segment import segment
from campaignflow.draft.stages import stage_of

__all__ = ["TODO_KINDS", "Draft", "Finding", "draft_plan"]

_STAGE_BY_POSITION = ("mobilize", "inspect", "summarize")
_GAP_KINDS = ("missing-phase", "missing-text", "cut-off")


@dataclass
class Draft:
    """A drafted plan: ``data`` in plan-language field order, and every finding in document order."""

    data: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)

    def to_yaml(self) -> str:
        """The plan as YAML, with ``# TODO:`` and ``# guess:`` comments where the findings belong."""
        placed: dict[Path, list[str]] = {}
        header = [
            "yaml-language-server: $schema=plan.schema.json",
            "(for completion in an editor: campaignflow schema > plan.schema.json beside this file)",
            f"Drafted by `campaignflow draft` from {self.data.get('source') or 'a document'}.",
            "Fill in every TODO and check every guess, then run: campaignflow validate FILE",
        ]
        loose: list[str] = []
        for finding in self.findings:
            where = f" [line {finding.line}]" if finding.line else ""
            text = f"{'TODO' if finding.todo else finding.kind}: {finding.message}{where}"
            anchor = _anchor(self.data, finding.at)
            (loose if anchor is None else placed.setdefault(anchor, [])).append(text)
        return render(self.data, placed, [*header, *(["", *loose] if loose else [])])


def _anchor(data: dict[str, Any], at: Path) -> Path | None:
    """The deepest existing path along ``at``: a comment about a missing key goes above its parent."""
    node: Any = data
    found: Path | None = None
    for i, part in enumerate(at):
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not in_list and not (isinstance(node, dict) and part in node):
            break
        node = node[part]
        found = at[: i + 1]
    return found


def draft_plan(text: str, year: int | None = None, *, source: str | None = None) -> Draft:
    """Draft a plan from a document's text; ``year`` (``--year``) overrides the year the text states.

    ``source`` is the document's file name, recorded in the plan. Any text gives a draft: what cannot
    be read becomes a finding, never an exception.
    """
    norm = normalize(text)
    lines = [Line(i, src, t) for i, (t, src) in enumerate(zip(norm.lines, norm.origin, strict=True))]
    content: list[Line] = []
    skipped: list[int] = []
    findings: list[Finding] = []
    for line in lines:
        if extract.is_boilerplate(line.text):
            skipped.append(line.source)
            continue
        repaired, repairs = repair_dates(line.text)
        if repairs:
            message = f"date written loosely, read as repaired ({'; '.join(repairs)})"
            findings.append(Finding(line.source, "guess", message))
        content.append(Line(line.index, line.source, repaired))
    content = segment(content)
    if skipped:
        listed = ", ".join(map(str, skipped))
        findings.append(Finding(skipped[0], "skipped", f"web-page text ignored on line(s) {listed}"))
    findings += [Finding(n, "garbled", "garbled characters (mojibake): check against the original")
                 for n in extract.garbled_lines(text)]  # fmt: skip
    outline = read_outline(content)
    phases = [
        PhaseDraft(b, read_heading(b.marker, b.body[0].text if b.body else None)) for b in outline.phases
    ]
    meta = _meta(content, phases, year, findings)
    first = outline.phases[0].line.index if outline.phases else None
    preamble = [line for line in content if first is None or line.index < first]
    read_windows(phases, meta.get("year"), campaign_start(preamble, meta.get("year")), findings)
    _gaps(outline, phases, content, findings)
    phase_data = [_phase_data(i, p, len(phases), findings) for i, p in enumerate(phases)]
    _unique_ids(phase_data)
    in_phases = {line.index for b in outline.phases for line in [b.line, *b.body]}
    outside = sentences([(line.text, line.source) for line in content if line.index not in in_phases])
    gaps = [f"{f.message} (line {f.line})" for f in findings if f.kind in _GAP_KINDS]

    def report(line: int, kind: str, message: str, at: Path) -> None:
        findings.append(Finding(line, kind, message, at))

    bodies = [p.body() for p in phases]
    data = assemble(Parts(meta, phase_data, bodies, outside, content, preamble, source, gaps), report)
    findings.sort(key=lambda f: (f.line == 0, f.line))
    return Draft(data, findings)


def _meta(
    content: list[Line], phases: list[PhaseDraft], year: int | None, findings: list[Finding]
) -> dict[str, Any]:
    """Title, issuer, 文号, cited documents and the plan year, in plan-language order, with findings."""
    meta: dict[str, Any] = {}
    title = extract.title(content)
    if title is None:
        findings.append(Finding(0, "no-title", "no title line found: write the plan's name", ("title",)))
    elif title.guess:
        findings.append(
            Finding(title.line, "guess", "no title line; title made from the purpose clause", ("title",))
        )
    meta["title"] = title.value if title else "TODO"
    issuer = extract.issuer(content, title.value if title else None)
    if issuer is not None:
        meta["issuer"] = issuer.value
        findings.append(Finding(issuer.line, "guess", f"issuer read as {issuer.value}", ("issuer",)))
    own, cited = extract.doc_numbers(content)
    if own is not None:
        meta["doc_number"] = own.value
    if cited:
        meta["based_on"] = [c.value for c in cited]
    plan_year = _year(content, phases, cited, year, findings)
    if plan_year is not None:
        meta["year"] = plan_year
    return meta


def _year(content: list[Line], phases: list[PhaseDraft], cited: list[extract.Found], given: int | None,
          findings: list[Finding]) -> int | None:  # fmt: skip
    """``--year``; else none if the text masks its year; else the year the first phase's window states,
    or the first year in the text; else the year of a cited 文号 (a guess); else unknown."""
    stated, masked = extract.year_in_text(content)
    read: tuple[int, int] | None = None
    digits = extract.YEAR_WRITTEN.search(phases[0].heading.phrase or "") if phases else None
    if digits is not None:  # the campaign starts in the year its first phase states
        read = (int(digits[1]), phases[0].line.source)
    elif stated is not None and not later_phase_year(stated, phases):
        read = (int(stated.value), stated.line)
    if given is not None:
        if read is not None and read[0] != given:
            message = f"--year {given} overrides the year {read[0]} the text states"
            findings.append(Finding(read[1], "year-override", message, ("year",)))
        return given
    if masked is not None:
        message = f"the text masks its year ({masked.value}): rerun with --year"
        findings.append(Finding(masked.line, "year-unknown", message, ("year",)))
        return None
    if read is not None:
        findings.append(Finding(read[1], "guess", f"year {read[0]} read from this line", ("year",)))
        return read[0]
    for doc in cited:
        number = extract.number_year(doc)
        if number is not None:
            message = f"no year in the text; {number[0]} taken from the cited 文号 {number[1]}"
            findings.append(Finding(doc.line, "guess", message, ("year",)))
            return number[0]
    findings.append(Finding(0, "year-unknown", "the text states no year: rerun with --year", ("year",)))
    return None


def _gaps(outline: Outline, phases: list[PhaseDraft], content: list[Line], findings: list[Finding]) -> None:
    """Numbered gaps, phases announced but absent, a text starting late or breaking off."""
    expected = 1
    for i, phase in enumerate(phases):
        label = phase.block.marker.label
        for missing in range(expected, phase.block.marker.ordinal):
            if missing in outline.numbered:
                continue  # an item of the same numbering that is not a phase (二、工作要求)
            message = f"phase {missing} is missing: the numbering jumps to {label}"
            findings.append(Finding(phase.line.source, "missing-phase", message, ("phases", i)))
        expected = max(expected, phase.block.marker.ordinal + 1)
    tail = read_marker(content[-1].text) if content and phases else None
    style = phases[0].block.marker.style if phases else None
    short = tail is not None and len(tail.rest.strip()) <= 3 and not re.search("[。.;;!?]", tail.rest)
    if tail is not None and short and tail.style == style and tail.ordinal == expected:
        message = f"phase {expected} is cut off at the end of the text: only '{content[-1].text}' remains"
        findings.append(Finding(content[-1].source, "missing-phase", message, ("phases",)))
        expected += 1
    if outline.declared is not None:
        count, said = outline.declared
        for missing in range(expected, count + 1):
            message = f"the text announces {count} phases, but phase {missing} is not in it"
            findings.append(Finding(said.source, "missing-phase", message, ("phases",)))
    if not phases:
        findings.append(Finding(0, "no-phases", "no phases found: add them by hand", ("phases",)))
    first = outline.first_section
    if first is not None and first.ordinal > 1 and content:
        message = f"the text starts at {first.label}: the sections before it are missing"
        findings.append(Finding(content[0].source, "missing-text", message, ("complete",)))
    last = extract.cut_off(content)
    if last is not None:
        message = f"the text breaks off mid-sentence: '…{last.text[-16:]}'"
        findings.append(Finding(last.source, "cut-off", message, ("complete",)))


def _phase_data(i: int, phase: PhaseDraft, count: int, findings: list[Finding]) -> dict[str, Any]:
    """One phase in plan-language field order; its stage is guessed from the name."""
    name = phase.heading.name
    guessed = stage_of(name)
    if guessed is None:
        stage = _STAGE_BY_POSITION[0 if i == 0 else 2 if i == count - 1 else 1]
        message = f"no stage word in '{name}': stage {stage} guessed from its position"
    else:
        stage, word = guessed
        message = f"stage {stage} guessed from '{word}' in the name"
    findings.append(Finding(phase.line.source, "guess", message, ("phases", i, "stage")))
    data: dict[str, Any] = {"id": stage, "name": name[:200], "stage": stage}
    if phase.window is not None:
        data["window"] = phase.window
    if phase.starts is not None:
        data["starts"] = phase.starts
    goals = "\n".join(text for text, _ in phase.body()).strip()
    if goals:
        data["goals"] = goals
    head = phase.line.text
    data["basis"] = head[: head.index("。") + 1] if "。" in head else head
    return data


def _unique_ids(phases: list[dict[str, Any]]) -> None:
    seen: dict[str, int] = {}
    for phase in phases:
        base = phase["id"]
        seen[base] = seen.get(base, 0) + 1
        if seen[base] > 1:
            phase["id"] = f"{base}_{seen[base]}"
