"""Campaigns sharing one MemoryStore: a failed batch takes back only its own events (issue #21 item 1)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaignflow import Campaign, Plan, parse_plan
from campaignflow.history import Event
from campaignflow.store import MemoryStore
from tests.conftest import DEFINITIONS

DAY = datetime.date(2012, 2, 1)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return parse_plan((DEFINITIONS / "003-zhujianju-zhenggainian.yaml").read_bytes())


def test_a_failed_batch_keeps_the_other_campaigns_events(plan: Plan) -> None:
    store = MemoryStore()
    a, b = Campaign(plan, store=store), Campaign(plan, store=store)
    a.enroll("甲", kind="局属单位", at=DAY)
    with pytest.raises(RuntimeError), a.batch():
        a.enroll("乙", kind="局属单位", at=DAY)
        acknowledged = b.enroll("丙", kind="局属单位", at=DAY)
        raise RuntimeError("A fails half way")
    kept = list(store.events())
    assert acknowledged in kept
    assert [e.unit for e in kept] == ["甲", "丙"]
    after = b.enroll("丁", kind="局属单位", at=DAY)
    assert after.seq > acknowledged.seq  # no number is given twice
    replayed = Campaign.replay(plan, store.events())  # raised on a reused number before
    b.refresh()
    a.refresh()
    assert replayed.snapshot() == b.snapshot() == a.snapshot()


def test_a_batch_alone_still_numbers_on_from_what_was_kept(plan: Plan) -> None:
    store = MemoryStore()
    a = Campaign(plan, store=store)
    a.enroll("甲", kind="局属单位", at=DAY)
    with pytest.raises(RuntimeError), a.batch():
        a.enroll("乙", kind="局属单位", at=DAY)
        raise RuntimeError
    assert a.enroll("丙", kind="局属单位", at=DAY).seq == 2


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.sampled_from("ab"), st.booleans(), st.lists(st.sampled_from("ab"), min_size=1, max_size=4)
        ),
        min_size=1,
        max_size=8,
    )
)
def test_no_acknowledged_event_is_lost_whatever_fails(
    plan: Plan, rounds: list[tuple[str, bool, list[str]]]
) -> None:
    """Random rounds: one campaign opens a batch, both write inside it, the batch fails or not."""
    store = MemoryStore()
    writers = {"a": Campaign(plan, store=store), "b": Campaign(plan, store=store)}
    kept: list[Event] = []
    names = iter(range(10_000))
    for owner, fails, writes in rounds:
        inside: list[Event] = []
        try:
            with writers[owner].batch():
                for who in writes:
                    event = writers[who].enroll(f"单位{next(names)}", kind="局属单位", at=DAY)
                    (inside if who == owner else kept).append(event)
                if fails:
                    raise RuntimeError
        except RuntimeError:
            inside = []
        kept += inside
    events = list(store.events())
    assert sorted(kept) == sorted(events)
    assert len({e.seq for e in events}) == len(events)
    replayed = Campaign.replay(plan, events)
    for writer in writers.values():
        writer.refresh()
        assert writer.snapshot() == replayed.snapshot()
