"""The commands that record what units do: enrolment, hand-ins and sign-offs, ledger items, scores,
votes, grades, findings, deadlines and the sweep's log.

:class:`Recording` is a base of :class:`~campaignflow.engine.Campaign`. Each command checks its input
against the plan (:mod:`campaignflow.gates`) and commits one event through
:meth:`~campaignflow.tracking.Tracking._commit`; phase moves (advance, send back, extend) stay in
:mod:`campaignflow.engine`, next to the state machine.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any, Final

from campaignflow import designation, findings, logbatch
from campaignflow import periods as cycles
from campaignflow.authority import backdating as _late
from campaignflow.daterange import check_day
from campaignflow.dates import Duration
from campaignflow.errors import CampaignflowError, MoveNotAllowed
from campaignflow.gates import label
from campaignflow.history import (
    CAMPAIGN_KINDS,
    LOG_KINDS,
    Event,
    UnitRecord,
    check_json,
    counts,
    moment,
    paused_gc,
)
from campaignflow.states import append_folded
from campaignflow.tracking import Moment, Payload, Tracking, text_arg

_ALL_KINDS: Final = ("document", "meeting", "test", "vote")


class Recording(Tracking):
    """The commands that record units' acts (see :class:`~campaignflow.engine.Campaign`)."""

    def enroll(self, unit: str, *, kind: str, at: Moment, by: str = "") -> Event:
        """Enroll ``unit`` of ``kind`` (a unit kind of the plan); it starts in the first phase."""
        return self.enroll_many([(unit, kind)], at=at, by=by)[0]

    def enroll_many(
        self,
        units: Iterable[tuple[str, str]],
        *,
        at: Moment,
        by: str = "",
        details: Mapping[str, Mapping[str, str]] | None = None,
    ) -> list[Event]:
        """Enroll ``(name, kind)`` pairs in one transaction: all of them, or none if one is bad.

        ``details`` (unit → e.g. ``{"head": "王五", "contact": "…"}``) is recorded with a unit's enrolment.
        """
        when, by = self._moment(at)[0], text_arg(by, "by")
        payloads = self._authority.enrolling(self._gates.enrolled, by)
        if details:
            check_json(details, "details")
            if any("kind" in extra for extra in details.values()):
                raise CampaignflowError("details may not change a unit's kind")
        units = self._probe(units)
        first, table = self._ledger.first, self._units
        # A unit's real record goes into the table as soon as its name is checked, at version 0
        # (not committed yet; a committed record has version ≥ 1). It reserves the name against a
        # duplicate later in the batch, and the unit's event is then folded straight into it: one
        # lookup per unit in the big table, one batch-sized list. If anything fails, the records
        # still at version 0 are taken out again.
        fresh: list[UnitRecord] = []
        try:
            with paused_gc():
                for i, (name, kind) in enumerate(units, 1):
                    if (
                        not isinstance(name, str)
                        or not name
                        or name != name.strip()
                        or not name.isprintable()
                    ):
                        raise CampaignflowError(f"unit {i}: {name!r} is not a unit name ({_unnamed(name)})")
                    payload = payloads.get(kind)
                    if payload is None:
                        raise CampaignflowError(
                            f"{name}: unknown unit kind {kind!r} (the plan has {self._gates.kinds})"
                        )
                    record = UnitRecord(name, payload["kind"], first, when)
                    found = table.setdefault(name, record)
                    if found is not record:
                        raise MoveNotAllowed(
                            name,
                            "listed twice"
                            if found.version == 0
                            else f"already enrolled as {found.kind}; to change its kind from a given day, "
                            "use designate (track designate)",
                        )
                    fresh.append(record)
                made = self._append(
                    ((r.name, 0) for r in fresh),
                    (
                        (r.name, "enrolled", when, by, _details(payloads[r.kind], details, r.name))
                        for r in fresh
                    ),
                    fresh,
                )
        except BaseException:
            for record in fresh:
                if record.version == 0:
                    del table[record.name]
            raise
        return made

    def designate(self, unit: str, *, kind: str, at: Moment, by: str = "", reason: str = "") -> Event:
        """Change ``unit``'s kind from ``at`` on (确定为整改责任单位): from then it owes what ``kind`` owes.

        Its phase, evidence and history stay; what the new kind owes that fell due before ``at``
        shows as late unless a new term is set (``set_deadline``).
        """
        record = self.record(unit)
        payload = designation.payload(record, kind, self._gates.enrolled, text_arg(reason, "reason"))
        return self._commit(record, "designated", at, by, payload)

    def submit(
        self, unit: str, artifact: str, *, at: Moment, by: str = "", ref: str = "",
        period: datetime.date | None = None,
        backdated: bool | str = False, reason: str = "",
    ) -> Event:  # fmt: skip
        """Hand in a document, or record a meeting as held; ``ref`` points at the file or minutes.

        A recurring report on fixed days (每月10日、20日前) covers one period: ``period`` (its due day), or
        by default the earliest period not handed in yet."""
        record, spec = self._owed(unit, artifact, ("document", "meeting"), at)
        item = (record.items or {}).get(artifact)
        if item is not None and item.status == "approved" and spec.recurring is None:
            raise MoveNotAllowed(unit, f"{label(spec)} is already approved; nothing to resubmit")
        payload = (
            self._gates.submitted[artifact]
            if not ref
            else {"artifact": artifact, "ref": text_arg(ref, "ref")}
        )
        days = self._gates.due_days.get(artifact)
        if days is not None or period is not None:
            chosen = cycles.choose(spec, days or (), item.periods if item else None, period)
            payload = {**payload, "period": chosen}
        return self._commit(record, "submitted", at, by, payload, late=_late(backdated, reason))

    def approve(
        self,
        unit: str,
        artifact: str,
        *,
        at: Moment,
        by: str = "",
        backdated: bool | str = False,
        reason: str = "",
    ) -> Event:
        """Sign off a submitted artifact (审核通过); only artifacts with a ``reviewer`` take it.

        With a chain of reviewers, each approval is one level's; the artifact is in after the last."""
        record, spec = self._owed(unit, artifact, ("document", "meeting"), at)
        if spec.reviewer is None:
            raise MoveNotAllowed(unit, f"{label(spec)} needs no sign-off (the plan names no reviewer)")
        payload = self._gates.pending(record, spec)
        return self._commit(record, "approved", at, by, payload, late=_late(backdated, reason))

    def reject(
        self,
        unit: str,
        artifact: str,
        *,
        at: Moment,
        reason: str,
        by: str = "",
        backdated: bool | str = False,
    ) -> Event:
        """Send a submitted artifact back (退回重办), at any level of a reviewer chain: it must be
        resubmitted (and reviewed from the first level again) before the unit advances."""
        record, spec = self._owed(unit, artifact, ("document", "meeting"), at)
        review = self._gates.pending(record, spec)
        payload = {
            "artifact": artifact,
            "reason": text_arg(reason, "reason", required=True),
            "reviewer": review["reviewer"],
        }
        return self._commit(record, "rejected", at, by, payload, late=_late(backdated, reason, own=True))

    def add_item(
        self, unit: str, artifact: str, item: str, *, at: Moment, by: str = "", ref: str = "",
        backdated: bool | str = False, reason: str = "",
    ) -> Event:  # fmt: skip
        """Add an item (a problem, a measure) to a ledger artifact (挂账); adding a closed one reopens it."""
        record, spec = self._owed(unit, artifact, ("document",), at)
        self._gates.entry(record, spec, item, closing=False)
        payload = {"artifact": artifact, "item": item, "ref": text_arg(ref, "ref")}
        return self._commit(record, "item_added", at, by, payload, late=_late(backdated, reason))

    def close_item(
        self, unit: str, artifact: str, item: str, *, at: Moment, by: str = "",
        backdated: bool | str = False, reason: str = "",
    ) -> Event:  # fmt: skip
        """Close an open item of a ledger artifact (销号: 完成一件销号一件)."""
        record, spec = self._owed(unit, artifact, ("document",), at)
        self._gates.entry(record, spec, item, closing=True)
        payload = {"artifact": artifact, "item": item}
        return self._commit(record, "item_closed", at, by, payload, late=_late(backdated, reason))

    def record_score(
        self, unit: str, artifact: str, score: float, *, at: Moment, by: str = "",
        backdated: bool | str = False, reason: str = "",
    ) -> Event:  # fmt: skip
        """Record a test score (闭卷测试成绩); the latest score counts."""
        record, _ = self._owed(unit, artifact, ("test",), at)
        if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score < float("inf"):
            raise CampaignflowError(f"{unit}: a score is a number ≥ 0, not {score!r}")
        payload = {"artifact": artifact, "score": score}
        return self._commit(record, "scored", at, by, payload, late=_late(backdated, reason))

    def record_vote(
        self, unit: str, artifact: str, votes: Mapping[str, int], *,
        respondents: Mapping[str, int] | None = None, at: Moment, by: str = "",
        backdated: bool | str = False, reason: str = "",
    ) -> Event:  # fmt: skip
        """Record a vote (票数 per option) and who took part (人数 per respondent group, for min_share)."""
        record, spec = self._owed(unit, artifact, ("vote",), at)
        tally = counts(votes, "votes", spec.vote.options if spec.vote else ())
        payload = {
            "artifact": artifact,
            "votes": tally,
            "respondents": counts(respondents or {}, "respondents"),
        }
        return self._commit(record, "voted", at, by, payload, late=_late(backdated, reason))

    def record_grade(
        self, unit: str, artifact: str, grade: str, *, at: Moment, by: str = "",
        backdated: bool | str = False, reason: str = "",
    ) -> Event:  # fmt: skip
        """Record the grade a result was put into (one of the artifact's ``grades``, e.g. 较差)."""
        record, spec = self._owed(unit, artifact, _ALL_KINDS, at)
        self._gates.grade(spec, grade)
        payload = {"artifact": artifact, "grade": grade}
        return self._commit(record, "graded", at, by, payload, late=_late(backdated, reason))

    def record_finding(
        self, unit: str, *, severity: str, note: str = "", at: Moment, by: str = "",
        due: datetime.date | None = None, within: str | Duration | None = None,
        backdated: bool | str = False, reason: str = "",
    ) -> Event:  # fmt: skip
        """Record a supervisor's finding (督查发现的问题) and its severity (轻微、较严重、严重 …).

        When the plan declares ``severities``, the severity must be one of them: a mistyped one would
        otherwise match no rule and nobody would be told. 限期整改: ``due`` (a date) or ``within`` (a
        duration from ``at``, e.g. "10个工作日") gives the term it must be rectified (and closed) by.
        """
        record = self.record(unit)
        self._gates.severity(record, text_arg(severity, "severity", required=True))
        payload = {"severity": severity, "note": text_arg(note, "note")}
        term = findings.term(self._moment(at)[1], due, within, self._plan.workcalendar)
        if term is not None:
            payload["due"] = term.isoformat()
        return self._commit(record, "finding", at, by, payload, late=_late(backdated, reason))

    def close_finding(
        self, unit: str, finding: int, *, at: Moment, by: str = "", note: str = "",
        backdated: bool | str = False, reason: str = "",
    ) -> Event:  # fmt: skip
        """Close (销号) a finding once rectified; ``finding`` is the seq of the event that recorded it."""
        record = self.record(unit)
        findings.closable(record, finding)
        payload = {"finding": finding, "note": text_arg(note, "note")}
        return self._commit(record, "finding_closed", at, by, payload, late=_late(backdated, reason))

    def set_deadline(
        self, unit: str, artifact: str, *, due: datetime.date, at: Moment, by: str = "", reason: str = "",
        backdated: bool | str = False,
    ) -> Event:  # fmt: skip
        """Give ``unit`` its own deadline for ``artifact`` (限期整改), which ``deadline_of`` then returns."""
        record, _ = self._owed(unit, artifact, _ALL_KINDS, reached=False)
        if not isinstance(due, datetime.date):
            raise CampaignflowError(f"{unit}: due= must be a date, not {type(due).__name__}")
        day = moment(due).date() if isinstance(due, datetime.datetime) else check_day(due, "due")
        payload = {"artifact": artifact, "due": day.isoformat(), "reason": text_arg(reason, "reason")}
        return self._commit(record, "deadline_set", at, by, payload, late=_late(backdated, reason, own=True))

    def log(self, unit: str, kind: str, *, at: Moment, by: str = "", **payload: Any) -> Event:
        """Append an ``escalated`` or ``resolved`` event whose payload (JSON data) the sweep defines.

        With ``unit=""`` it appends a campaign-level ``notified`` event instead: the delivery log of
        :mod:`campaignflow.notify`, kept in the history so that every store backend keeps it.
        """
        if unit == "" and kind in CAMPAIGN_KINDS:
            check_json(payload, f"{kind} payload")
            return self._general(kind, at, by, payload)
        if kind not in LOG_KINDS:
            raise CampaignflowError(f"log() records only {' and '.join(LOG_KINDS)} events, not {kind!r}")
        check_json(payload, f"{kind} payload")
        return self._commit(self.record(unit), kind, at, by, payload)

    def log_many(self, entries: Iterable[logbatch.Entry], *, at: Moment, by: str = "") -> list[Event]:
        """Append many log events in one store append: all are kept, or none (a sweep records this way).

        Each entry is ``(unit, kind, template, fill)``, its payload ``{**template, **fill}``; a template
        shared by many entries is checked once. Each event is checked and admitted as :meth:`log`
        would (authority and time order included).
        """
        late = self._authority.backdate
        drafts = logbatch.drafts_of(entries, moment(at), text_arg(by, "by"))
        if not drafts:
            return []
        record = self._ledger.record
        records = [record(draft[0]) for draft in drafts]
        if late or self._authority.mode is not None:
            admit = self._authority.admit
            drafts = [
                (u, k, w, b, admit(r, k, w, b, p, backdated=late))
                for (u, k, w, b, p), r in zip(drafts, records, strict=True)
            ]
        expected = {r.name: r.version for r in records}  # each unit as it was before the batch
        return append_folded(self._store, self._ledger, expected.items(), drafts, records, reload=self._load)


def _details(payload: Payload, details: Mapping[str, Mapping[str, str]] | None, unit: str) -> Payload:
    """An enrolment's payload: the kind's shared one, or a copy with the unit's own details added."""
    extra = details.get(unit) if details else None
    return {**payload, **extra} if extra else payload


def _unnamed(name: object) -> str:
    """Why ``name`` is not a unit name, in the clerk's terms."""
    if not isinstance(name, str) or not name:
        return "a unit name is non-empty text"
    if name != name.strip():
        return "no surrounding spaces"
    if any("\ud800" <= c <= "\udfff" for c in name):
        return "it holds bytes that are not UTF-8; type it again in UTF-8"
    return "it holds a line break or a control character"
