"""Assemble a draft's plan data, in plan-language field order, from what the readers found.

The readers (:mod:`campaignflow.draft.extract`, :mod:`campaignflow.draft.outline`,
:mod:`campaignflow.draft.obligations`) say what the text states; this module turns that into the mapping
a plan file holds — ids, unit kinds, roles, artifacts, duties, rules, ``complete``/``note`` — and
reports, through the caller's ``report`` callback, every value that involved a guess and every deadline
it could not read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Final

from campaignflow.dates import parse_deadline, parse_window
from campaignflow.draft import extract
from campaignflow.draft.commented_yaml import Path
from campaignflow.draft.headings import Line
from campaignflow.draft.obligations import (
    ACCOUNTABLE,
    ArtifactFound,
    RuleFound,
    Sentence,
    artifacts_in,
    rules_in,
    sentences,
)
from campaignflow.errors import DatePhraseError

__all__ = ["INCOMPLETE", "PLACEHOLDER_KINDS", "Parts", "Report", "assemble", "plan_id"]

#: The ``note:`` of a draft whose text is incomplete, written around its gaps (``… (line N); …``).
INCOMPLETE: Final = ("The source text is incomplete: ", ". Nothing was filled in.")
#: The description of the placeholder unit kind of a text that addresses none.
PLACEHOLDER_KINDS: Final = "the unit kinds this plan applies to"

Report = Callable[[int, str, str, Path], None]
#: Meetings the organisers hold for everyone (全市…动员大会, 市政府全会), or that the text reports as held.
_ORGANISERS = re.compile(r"^(?:全(?:市|县|区|省|国|州|盟|系统)|了)|全会")
_FIELDS = ("title", "issuer", "doc_number", "based_on", "year")


@dataclass(frozen=True)
class Parts:
    """What the readers found, ready to assemble: metadata, phases and their bodies, the rest of the text."""

    meta: dict[str, Any]
    phases: list[dict[str, Any]]
    bodies: list[list[tuple[str, int]]]  # per phase: (text, original line)
    outside: list[Sentence]  # sentences outside every phase
    content: list[Line]  # every line that is not web-page noise
    preamble: list[Line]  # the lines before the first phase
    source: str | None
    gaps: list[str]  # what is missing from the text (missing phases, cut-off)


def plan_id(source: str | None, year: int | None) -> str:
    """An ASCII plan id from the document's file name and the year (``000_4727cc8daa934615-2012``)."""
    stem = PurePath(source).stem.lower() if source else ""
    stem = re.sub(r"[^a-z0-9_-]+", "-", stem).strip("-_")[:80] or "draft"
    return f"{stem}-{year}" if year is not None else stem


def assemble(parts: Parts, report: Report) -> dict[str, Any]:
    """The plan data: metadata, unit kinds, roles, phases with artifacts, duties, rules."""
    meta = parts.meta
    year: int | None = meta.get("year")
    data: dict[str, Any] = {"format": 1, "id": plan_id(parts.source, year)}
    data.update((k, meta[k]) for k in _FIELDS if k in meta)
    if parts.source:
        data["source"] = parts.source
    if parts.gaps:
        data["complete"] = False
        data["note"] = INCOMPLETE[0] + "; ".join(parts.gaps) + INCOMPLETE[1]
    window = _campaign_window(parts.preamble, year, report)
    if window is not None:
        data["window"] = window
    data["unit_kinds"] = _unit_kinds(parts.content, report)
    builder = _Artifacts(year, [k["name"] for k in data["unit_kinds"]], report)
    per_phase = [sentences(body) for body in parts.bodies]
    for i, phase in enumerate(parts.phases):
        items = builder.build(per_phase[i], phase["id"], ("phases", i, "artifacts"))
        if items:
            pairs = list(phase.items())
            at = next(n for n, (k, _) in enumerate(pairs) if k == "basis")
            phase.clear()
            phase.update([*pairs[:at], ("artifacts", items), *pairs[at:]])
    duties = builder.build(parts.outside, "duty", ("duties",), duties=True)
    if builder.roles:
        data["roles"] = [{"name": name} for name in builder.roles]
    data["phases"] = parts.phases
    if duties:
        data["duties"] = duties
    all_sentences = [s for found in per_phase for s in found] + parts.outside
    rules, notes = rules_in(sorted(all_sentences, key=lambda s: s.line))
    if rules:  # each rule's case is a finding's severity, so the plan declares them
        data["severities"] = list(dict.fromkeys(rule.case[:200] for rule in rules))
        data["rules"] = [_rule(n, rule, report) for n, rule in enumerate(rules, start=1)]
    for note in notes:
        report(note.line, "rule-as-note", f"not read as a rule: {_excerpt(note.text)}", ("rules",))
    return data


def _excerpt(text: str) -> str:
    """About 60 characters of ``text`` around its first accountability word."""
    match = ACCOUNTABLE.search(text)
    at = match.start() if match else 0
    start = max(0, at - 30)
    return ("…" if start else "") + text[start : start + 60] + ("…" if start + 60 < len(text) else "")


def _campaign_window(preamble: list[Line], year: int | None, report: Report) -> str | None:
    found = extract.campaign_phrase(preamble)
    if found is None or year is None:
        return None
    try:
        parse_window(found.value, year)
    except DatePhraseError:
        return None
    report(found.line, "guess", f"campaign window read as {found.value}", ("window",))
    return found.value


def _unit_kinds(content: list[Line], report: Report) -> list[dict[str, Any]]:
    kinds = extract.unit_kinds(content)
    if not kinds:
        report(
            0,
            "no-unit-kinds",
            "the text addresses no unit kind (各科室, 局属单位 …): name them",
            ("unit_kinds",),
        )
        return [{"name": "TODO", "description": PLACEHOLDER_KINDS}]
    for kind in kinds:
        report(kind.line, "guess", f"unit kind {kind.name} from '{kind.words}'", ("unit_kinds",))
    return [{"name": kind.name} for kind in kinds]


class _Artifacts:
    """Turns artifacts as read into plan data: fresh ids, readable deadlines, declared roles."""

    def __init__(self, year: int | None, kinds: list[str], report: Report) -> None:
        self.year = year
        self.kinds = kinds
        self.report = report
        self.roles: list[str] = []
        self.taken: set[str] = set()

    def build(
        self, found: list[Sentence], prefix: str, at: Path, *, duties: bool = False
    ) -> list[dict[str, Any]]:
        """The artifacts of these sentences; for ``duties``, only recurring ones or ones with a deadline."""
        items: list[dict[str, Any]] = []
        seen: set[tuple[object, ...]] = set()
        for artifact in artifacts_in(found, self.kinds):
            key = (artifact.kind, artifact.name, artifact.deadline, artifact.every, *artifact.owed_by)
            if key in seen or (duties and not (artifact.every or artifact.deadline)):
                continue
            if artifact.kind in ("meeting", "vote") and _ORGANISERS.search(artifact.name):
                message = (
                    f"'{artifact.name.removeprefix('了')}' is the organisers' meeting (or one already held), "
                    "not one each unit owes: not drafted; add it under milestones if it should be shown"
                )
                self.report(artifact.line, "note", message, at)
                continue
            seen.add(key)
            aid = self._fresh(f"{prefix}_{artifact.kind}_{len(items) + 1}")
            items.append(self._item(artifact, aid, (*at, len(items))))
            for role in (artifact.reviewer, artifact.submit_to):
                if role and role not in self.roles:
                    self.roles.append(role)
        return items

    def _fresh(self, name: str) -> str:
        candidate, n = name, 1
        while candidate in self.taken:
            n += 1
            candidate = f"{name}_{n}"
        self.taken.add(candidate)
        return candidate

    def _deadline(self, found: ArtifactFound, at: Path) -> str | None:
        if not found.deadline or found.every:
            return None
        if self.year is None:
            message = f"deadline '{found.deadline}' needs the year: rerun with --year"
            self.report(found.line, "no-deadline", message, at)
            return None
        try:
            parse_deadline(found.deadline, self.year)
        except DatePhraseError as exc:
            self.report(found.line, "no-deadline", f"deadline not read: {exc}", at)
            return None
        return found.deadline

    def _item(self, found: ArtifactFound, aid: str, at: Path) -> dict[str, Any]:
        item: dict[str, Any] = {"id": aid, "name": found.name[:200]}
        if found.kind != "document":
            item["kind"] = found.kind
        if found.owed_by:
            item["owed_by"] = found.owed_by
        deadline = self._deadline(found, at)
        if deadline:
            item["deadline"] = deadline
        for name in ("reviewer", "submit_to"):
            value = getattr(found, name)
            if value:
                item[name] = value[:200]
        if found.every:
            item["recurring"] = {"every": found.every, "count": found.count}
        if found.pass_mark is not None:
            item["pass_mark"] = found.pass_mark
        if found.options or found.min_share:
            item["vote"] = {"options": found.options} | (
                {"min_share": found.min_share} if found.min_share else {}
            )
        if found.publish:
            item["publish"] = [place[:200] for place in found.publish]
        if found.kind in ("meeting", "vote"):  # a document or a test is not held (kind-mismatch)
            if found.held_by:
                item["held_by"] = found.held_by[:200]
            if found.attended_by:
                item["attended_by"] = [who[:200] for who in found.attended_by]
        item["basis"] = found.basis
        self.report(found.line, "guess", f"{found.kind} '{found.name}' read from this sentence", at)
        for note in found.notes:
            self.report(found.line, "note", note, at)
        return item


def _rule(n: int, rule: RuleFound, report: Report) -> dict[str, Any]:
    def measure(name: str) -> str | dict[str, str]:
        who = rule.held_by.get(name)
        return {"action": name, "held_by": who[:200]} if who else name

    step: dict[str, Any] = {}
    if rule.actions:
        step["actions"] = [measure(name) for name in rule.actions]
    if rule.one_of:
        step["one_of"] = [measure(name) for name in rule.one_of]
    at: Path = ("rules", n - 1)
    measures = "、".join(rule.actions + (["或".join(rule.one_of)] if rule.one_of else []))
    report(rule.line, "guess", f"rule: a finding '{rule.case}' leads to {measures}", at)
    for note in rule.notes:
        report(rule.line, "note", note, at)
    return {
        "id": f"rule_{n}",
        "name": rule.case[:200],
        "when": {"finding": {"severity": [rule.case[:200]]}},
        "ladder": [step],
        "basis": rule.basis,
    }
