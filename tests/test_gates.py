"""What gates a move: the guard that lets a unit advance and the verdict that explains it never disagree."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from campaignflow import Campaign, MoveNotAllowed, load_plan, parse_plan
from campaignflow.gates import DONE, Gates, label
from tests.conftest import DATA, DEFINITIONS

PLANS = {
    name: load_plan(DEFINITIONS / name)
    for name in ("003-zhujianju-zhenggainian.yaml", "004-youqu-liangpingyishu.yaml")
}
# what may happen to one artifact before the unit tries to move on; "complete" (whatever puts it in) is
# drawn most often, so that many runs get through every phase
ACTS = st.sampled_from(
    ["complete"] * 8 + ["nothing", "submit", "approve", "reject", "pass", "fail", "vote_ok", "vote_short"]
)


def _act(c: Campaign, unit: str, artifact: str, act: str, day: datetime.date) -> None:
    """Do ``act`` to ``artifact`` if it fits the artifact's kind; a refused act changes nothing."""
    spec = next(spec for _, spec in c.plan.artifacts() if spec.id == artifact)
    kind = spec.kind
    if act == "complete":
        act = {"test": "pass", "vote": "vote_ok"}.get(kind, "approve" if spec.reviewer else "submit")
    try:
        if kind in ("document", "meeting"):
            if act in ("submit", "approve", "reject"):
                c.submit(unit, artifact, at=day)
            if act == "approve":
                c.approve(unit, artifact, at=day, by="审核")
            if act == "reject":
                c.reject(unit, artifact, at=day, reason="避重就轻", by="审核")
        elif kind == "test" and act in ("pass", "fail"):
            c.record_score(unit, artifact, 90 if act == "pass" else 10, at=day)
        elif kind == "vote" and act in ("vote_ok", "vote_short"):
            groups = {"服务对象代表": 9, "干部职工": 1} if act == "vote_ok" else {"干部职工": 10}
            c.record_vote(unit, artifact, {"满意": 10}, respondents=groups, at=day)
    except MoveNotAllowed:
        pass  # e.g. approving what needs no sign-off


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), plan_name=st.sampled_from(sorted(PLANS)))
def test_advance_succeeds_exactly_when_the_verdict_says_ok(data: st.DataObject, plan_name: str) -> None:
    plan = PLANS[plan_name]
    kind = data.draw(st.sampled_from([k.name for k in plan.unit_kinds]), label="kind")
    c = Campaign(plan)
    c.enroll("单位", kind=kind, at=plan.phases[0].start)
    for phase, following in zip(plan.phases, [*plan.phases[1:], None], strict=True):
        for spec in phase.artifacts:
            if c.owes("单位", spec.id):
                _act(c, "单位", spec.id, data.draw(ACTS, label=spec.id), phase.start)
        day = following.start if following is not None else phase.end
        verdict = c.can_advance("单位", at=day)
        missing = [
            s.id for s in phase.artifacts if s.required and not s.recurring and c.owes("单位", s.id)
            and not c.is_in("单位", s.id)
        ]  # fmt: skip
        assert verdict.missing == tuple(missing)
        if not verdict.ok:
            event(f"refused in {phase.id}")
            with pytest.raises(MoveNotAllowed) as refused:
                c.advance("单位", at=day)
            assert refused.value.missing == verdict.missing
            for spec in phase.artifacts:
                assert (label(spec) in refused.value.reason) == (spec.id in missing)
            return
        assert c.advance("单位", at=day).payload == {"from": phase.id, "to": verdict.to}
    event("reached done")
    assert c.phase_of("单位") == DONE


def test_a_phase_that_has_not_opened_refuses_even_with_everything_in() -> None:
    plan = PLANS["003-zhujianju-zhenggainian.yaml"]
    gates = Gates(plan)
    c = Campaign(plan)
    c.enroll("办公室", kind="科室站办", at=plan.phases[0].start)
    for spec in gates.gates["study", "科室站办"]:
        c.submit("办公室", spec.id, at=plan.phases[0].start)
    early = plan.phases[1].start - datetime.timedelta(days=1)
    verdict = c.can_advance("办公室", at=early)
    assert not verdict.ok and verdict.missing == ()
    assert verdict.reason == f"查摆问题阶段 (inspect) opens on {plan.phases[1].start}, not on {early}"
    assert c.can_advance("办公室", at=plan.phases[1].start).ok


def test_a_document_approved_under_a_plan_that_later_drops_its_reviewer_counts_as_in() -> None:
    """The guard and the verdict share one table of accepted statuses: an ``approved`` document
    without a reviewer is in for both (a revised plan may drop a reviewer after sign-offs)."""
    text = (DATA / "engine" / "two-phases.yaml").read_text(encoding="utf-8")
    reviewed = parse_plan(text, "two-phases.yaml")
    c = Campaign(reviewed)
    c.enroll("A", kind="科室", at=datetime.date(2024, 3, 1))
    c.submit("A", "report", at=datetime.date(2024, 3, 2))
    c.advance("A", at=datetime.date(2024, 4, 1))
    c.submit("A", "summary", at=datetime.date(2024, 4, 2))
    c.approve("A", "summary", at=datetime.date(2024, 4, 3), by="领导小组")
    revised = parse_plan(text.replace("        reviewer: 领导小组\n", ""), "two-phases.yaml")
    assert revised.phase("second").artifacts[0].reviewer is None
    replayed = Campaign.replay(revised, c.events())
    assert replayed.is_in("A", "summary") and replayed.can_advance("A", at=datetime.date(2024, 5, 1)).ok
    replayed.advance("A", at=datetime.date(2024, 5, 1))
    assert replayed.phase_of("A") == DONE
