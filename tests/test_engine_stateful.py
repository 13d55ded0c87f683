"""Replaying the history rebuilds exactly the live state, after any sequence of commands (hypothesis).

A :class:`RuleBasedStateMachine` drives random enroll / submit / approve / reject / add and close a
ledger item / score / vote / advance / send_back / extend / deadline sequences, roster grants and
revocations, by actors with and without authority and at dates in and out of order (some
back-dated), refused ones included, and batches of them that succeed or fail as a whole, against a
campaign in memory and one in SQLite, both enforcing authority. A refused command changes nothing;
after every step, ``Campaign.replay(plan, events)`` must equal the live state and roster, and so must
a fresh ``Campaign.open`` of the SQLite file.
"""

from __future__ import annotations

import contextlib
import datetime
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from campaignflow import load_plan
from campaignflow.engine import Campaign
from campaignflow.errors import CampaignflowError, MoveNotAllowed, NotAuthorized
from tests.conftest import DATA

PLAN = load_plan(DATA / "engine" / "zhengainian.yaml")
UNITS = st.sampled_from(["办公室", "城建监察大队", "规划站", "质监站"])
KINDS = st.sampled_from(["局属单位", "科室站办"])
DOCUMENTS = st.sampled_from(["unit_plan", "mobilization", "pledge", "self_analysis", "problem_ledger",
                             "rectification", "mechanism", "weekly_article"])  # fmt: skip
PHASES = st.sampled_from([p.id for p in PLAN.phases])
ITEMS = st.sampled_from(["空岗问题", "办事推诿", "刁难服务对象"])
LEDGERS = st.sampled_from(["problem_ledger", "problem_ledger", "problem_ledger", "self_analysis"])
MOMENTS = sorted({d for p in PLAN.phases for d in (p.start, p.start + datetime.timedelta(days=9), p.end)})
DAYS = st.sampled_from(MOMENTS) | st.dates(datetime.date(2012, 1, 1), datetime.date(2013, 2, 1))
#: 张三 acts for the units; 督导组 and 领导小组 hold roles; 路人 is on no roster; "" names nobody.
ACTORS = st.sampled_from(["张三", "张三", "督导组", "领导小组", "路人", ""])
#: Supervisors' acts are mostly tried by a role holder.
SUPERVISORS = st.sampled_from(["督导组", "领导小组", "领导小组", "张三", "路人", ""])
ROLES = {"督导组": "督导组", "领导小组": "局活动领导小组"}
LATE = st.sampled_from([False, False, False, "补录纸质材料"])


def state(campaign: Campaign) -> tuple[object, ...]:
    """Everything a command may change: units, history, roster and mode."""
    authority = campaign.authority
    return campaign.snapshot(), campaign.events(), authority.roster.as_dict(), authority.mode


class Replayable(RuleBasedStateMachine):
    """Both campaigns get the same commands; refusals must be the same and change nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        self.db = Path(self.folder.name) / "track.db"
        self.memory = Campaign(PLAN, authority="enforce")
        self.sqlite = Campaign(PLAN, store=self.db)  # a new file enforces authority by default
        assert self.sqlite.authority.mode == "enforce"

    def both(self, command: str, *args: object, **kwargs: object) -> None:
        outcomes = []
        for campaign in (self.memory, self.sqlite):
            before = state(campaign)
            try:
                getattr(campaign, command)(*args, **kwargs)
                outcomes.append("ok")
                continue
            except NotAuthorized as refused:
                who = kwargs.get("actor", "") if command == "extend" else kwargs.get("by", "")
                assert refused.act and refused.actor == who
                outcomes.append(f"not authorised: {refused.reason} {refused.allowed}")
            except MoveNotAllowed as refused:
                outcomes.append(f"refused: {refused.reason} {refused.missing}")
            except CampaignflowError as error:
                outcomes.append(f"error: {error}")
            assert state(campaign) == before  # a refused command changes nothing
        assert outcomes[0] == outcomes[1]

    def when(self, data: st.DataObject, unit: str, day: datetime.date) -> datetime.date:
        """Mostly in time order (:meth:`latest`), sometimes ``day`` as drawn."""
        return self.latest(unit, day) if data.draw(st.integers(0, 3)) else day

    def latest(self, unit: str, day: datetime.date) -> datetime.date:
        """``day``, or the unit's latest event's day if later (so that runs get somewhere)."""
        if unit not in self.memory:
            return day
        return max(day, *(e.at.date() for e in self.memory.history(unit)))

    def unit(self, data: st.DataObject) -> str:
        """Mostly an enrolled unit (so that commands get somewhere), sometimes any name."""
        enrolled = self.memory.units()
        mostly = bool(enrolled) and data.draw(st.integers(0, 9)) > 0
        return data.draw(st.sampled_from(enrolled) if mostly else UNITS)

    def artifact(self, data: st.DataObject, unit: str) -> str:
        """Mostly a document or meeting the unit owes in its current phase, sometimes any."""
        phase = self.memory.phase_of(unit) if unit in self.memory else "done"
        owed = [a.id for a in (PLAN.phase(phase).artifacts if phase != "done" else [])
                if a.kind in ("document", "meeting") and self.memory.owes(unit, a.id)]  # fmt: skip
        mostly = bool(owed) and data.draw(st.integers(0, 4)) > 0
        return data.draw(st.sampled_from(owed) if mostly else DOCUMENTS)

    @initialize(units=st.lists(st.tuples(UNITS, KINDS), min_size=1, max_size=4, unique_by=lambda u: u[0]))
    def start(self, units: list[tuple[str, str]]) -> None:
        first = PLAN.phases[0].start
        self.both("grant", "领导小组", role=ROLES["领导小组"], at=first, by="管理员")  # sets the roster up
        self.both("grant", "督导组", role=ROLES["督导组"], at=first, by="领导小组")
        self.both("enroll_many", units, at=first, by="领导小组")
        for unit, _ in units:
            self.both("grant", "张三", unit=unit, at=first, by="领导小组")

    @rule(data=st.data(), actor=ACTORS, day=DAYS, revoke=st.booleans(), role=st.booleans())
    def roster(self, data: st.DataObject, actor: str, day: datetime.date, revoke: bool, role: bool) -> None:
        """Grant or revoke a role or a unit, by an actor who may manage the roster or not; granting what is
        held (or revoking what is not, or the last manager's role) is refused."""
        target = {"role": data.draw(st.sampled_from(["督导组", "局活动领导小组", "无此角色"]))} if role else {
            "unit": self.unit(data)
        }  # fmt: skip
        by = data.draw(SUPERVISORS)
        self.both("revoke" if revoke else "grant", actor, at=day, by=by, **target)

    @rule(data=st.data(), day=DAYS)
    def catch_up(self, data: st.DataObject, day: datetime.date) -> None:
        """Hand in (and sign off) everything the unit's phase asks for, so that runs get past study."""
        unit = self.unit(data)
        day = self.latest(unit, day)
        phase = self.memory.phase_of(unit) if unit in self.memory else "done"
        for spec in PLAN.phase(phase).artifacts if phase != "done" else []:
            if not self.memory.owes(unit, spec.id):
                continue
            if spec.kind == "test":
                self.both("record_score", unit, spec.id, 75, at=day, by="张三")
            elif spec.kind == "vote":
                votes = {"满意": 9}
                self.both(
                    "record_vote",
                    unit,
                    spec.id,
                    votes,
                    respondents={"服务对象代表": 9},
                    at=day,
                    by="领导小组",
                )
            else:
                self.both("submit", unit, spec.id, at=day, by="张三")
                if spec.reviewer:
                    self.both("approve", unit, spec.id, at=day, by=spec.reviewer)
                found = self.memory.evidence(unit, spec.id) if spec.items else None
                for item in found.open_entries() if found else []:
                    self.both("close_item", unit, spec.id, item, at=day, by="张三")
        following = [p.start for p in PLAN.phases if p.start > day]
        if data.draw(st.booleans()):
            self.both("advance", unit, at=following[0] if following else day, by="张三")

    @rule(unit=UNITS, kind=KINDS, day=DAYS, by=ACTORS)
    def enroll(self, unit: str, kind: str, day: datetime.date, by: str) -> None:
        self.both("enroll", unit, kind=kind, at=day, by=by)

    @rule(units=st.lists(st.tuples(UNITS, KINDS), max_size=3), day=DAYS, by=ACTORS)
    def enroll_many(self, units: list[tuple[str, str]], day: datetime.date, by: str) -> None:
        self.both("enroll_many", units, at=day, by=by)

    @rule(data=st.data(), day=DAYS, ref=st.sampled_from(["", "第二稿", "http://例子"]), by=ACTORS, late=LATE)
    def submit(self, data: st.DataObject, day: datetime.date, ref: str, by: str, late: str | bool) -> None:
        unit = self.unit(data)
        self.both("submit", unit, self.artifact(data, unit), at=day, by=by, ref=ref, backdated=late)

    @rule(data=st.data(), day=DAYS, by=st.sampled_from(["督导组", "督导组", "张三", "领导小组", ""]))
    def approve(self, data: st.DataObject, day: datetime.date, by: str) -> None:
        """Mostly by the reviewer; by 张三, who acts for the unit, it is always refused."""
        unit = self.unit(data)
        self.both("approve", unit, self.artifact(data, unit), at=self.latest(unit, day), by=by)

    @rule(data=st.data(), day=DAYS, reason=st.sampled_from(["避重就轻", "敷衍应付"]), by=SUPERVISORS)
    def reject(self, data: st.DataObject, day: datetime.date, reason: str, by: str) -> None:
        unit = self.unit(data)
        at = self.when(data, unit, day)
        self.both("reject", unit, self.artifact(data, unit), at=at, by=by, reason=reason)

    @rule(data=st.data(), ledger=LEDGERS, item=ITEMS, day=DAYS, close=st.booleans())
    def ledger_item(
        self, data: st.DataObject, ledger: str, item: str, day: datetime.date, close: bool
    ) -> None:
        """Add an item to a ledger (挂账, reopening a closed one) or close it (销号); some are refused."""
        command = "close_item" if close else "add_item"
        unit = self.unit(data)
        self.both(command, unit, ledger, item, at=self.latest(unit, day), by=data.draw(ACTORS))

    @rule(
        data=st.data(), score=st.integers(min_value=0, max_value=100) | st.floats(0, 100), day=DAYS, by=ACTORS
    )
    def score(self, data: st.DataObject, score: float, day: datetime.date, by: str) -> None:
        self.both("record_score", self.unit(data), "closed_test", score, at=day, by=by)

    @rule(data=st.data(), clients=st.integers(0, 5), staff=st.integers(0, 5), day=DAYS, by=SUPERVISORS)
    def vote(self, data: st.DataObject, clients: int, staff: int, day: datetime.date, by: str) -> None:
        votes, groups = {"满意": clients + staff}, {"服务对象代表": clients, "干部职工": staff}
        unit = self.unit(data)
        at = self.when(data, unit, day)
        self.both("record_vote", unit, "team_vote", votes, respondents=groups, at=at, by=by)

    @rule(data=st.data(), day=DAYS, by=ACTORS)
    def advance(self, data: st.DataObject, day: datetime.date, by: str) -> None:
        unit = self.unit(data)
        if unit in self.memory and self.memory.phase_of(unit) != "done" and data.draw(st.integers(0, 3)):
            following = PLAN.phases.index(PLAN.phase(self.memory.phase_of(unit))) + 1
            if following < len(PLAN.phases):  # mostly try on a day the next phase is open
                day = PLAN.phases[following].start + datetime.timedelta(days=data.draw(st.integers(0, 20)))
        self.both("advance", unit, at=day, by=by)

    @rule(data=st.data(), to=PHASES, day=DAYS, by=SUPERVISORS, late=LATE)
    def send_back(self, data: st.DataObject, to: str, day: datetime.date, by: str, late: str | bool) -> None:
        unit = self.unit(data)
        at = self.when(data, unit, day)
        self.both("send_back", unit, to=to, at=at, reason="重新查找", by=by, backdated=late)

    @rule(
        data=st.data(),
        phase=PHASES,
        by=st.sampled_from(["2个月", "半个月", "10个工作日"]),
        day=DAYS,
        actor=SUPERVISORS,
    )
    def extend(self, data: st.DataObject, phase: str, by: str, day: datetime.date, actor: str) -> None:
        unit = self.unit(data)
        self.both("extend", unit, phase=phase, by=by, at=self.when(data, unit, day), actor=actor)

    @rule(data=st.data(), due=DAYS, day=DAYS, by=SUPERVISORS)
    def set_deadline(self, data: st.DataObject, due: datetime.date, day: datetime.date, by: str) -> None:
        unit = self.unit(data)
        at = self.when(data, unit, day)
        self.both("set_deadline", unit, self.artifact(data, unit), due=due, at=at, reason="限期整改", by=by)

    @rule(data=st.data(), grade=st.sampled_from(["落实好", "落实不好"]), day=DAYS, by=SUPERVISORS)
    def grade(self, data: st.DataObject, grade: str, day: datetime.date, by: str) -> None:
        unit = self.unit(data)
        self.both("record_grade", unit, "closed_test", grade, at=self.when(data, unit, day), by=by)

    @precondition(lambda self: len(self.memory) > 0)
    @rule(data=st.data(), day=DAYS)
    def log(self, data: st.DataObject, day: datetime.date) -> None:
        unit = self.unit(data)
        step = data.draw(st.integers(1, 3))
        self.both("log", unit, "escalated", at=self.when(data, unit, day), rule="r", step=step)

    @precondition(lambda self: len(self.memory) > 0)
    @rule(data=st.data(), day=DAYS, fail=st.booleans())
    def batch(self, data: st.DataObject, day: datetime.date, fail: bool) -> None:
        """A few commands in one batch, refused ones included; when the app fails at the end, none stays."""
        unit = self.unit(data)
        enrolled = data.draw(st.sampled_from(["规划站", "质监站", "新单位"]))
        kind = data.draw(KINDS)
        documents = [self.artifact(data, unit) for _ in range(data.draw(st.integers(1, 3)))]
        for campaign in (self.memory, self.sqlite):
            try:
                with campaign.batch():
                    for document in documents:
                        with contextlib.suppress(CampaignflowError):  # refused inside: the batch goes on
                            campaign.submit(unit, document, at=day, by="张三")
                    if enrolled not in campaign:
                        with contextlib.suppress(CampaignflowError):  # 领导小组 may have lost its role
                            campaign.enroll(enrolled, kind=kind, at=day, by="领导小组")
                            campaign.grant("张三", unit=enrolled, at=day, by="领导小组")
                    if fail:
                        raise LookupError("the app failed at the end of the batch")
            except LookupError:
                pass
        assert self.memory.snapshot() == self.sqlite.snapshot()

    @invariant()
    def replay_equals_live(self) -> None:
        live = state(self.memory)
        assert state(self.sqlite)[0::2] == live[0::2]  # the same units and roster (seq numbers differ)
        assert state(Campaign.replay(PLAN, self.memory.events())) == live
        assert state(Campaign.replay(PLAN, self.sqlite.events()))[0::2] == live[0::2]

    def teardown(self) -> None:
        with Campaign.open(self.db) as reopened:
            assert state(reopened) == state(self.sqlite)
            assert reopened.snapshot() == self.memory.snapshot()
            assert reopened.events() == self.memory.events()
        self.sqlite.close()
        self.folder.cleanup()


Replayable.TestCase.settings = settings(
    max_examples=50, stateful_step_count=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestReplay = Replayable.TestCase


LANG = load_plan(DATA / "lang" / "stateful.yaml")
LANG_UNITS = st.sampled_from(["区城管局", "区住建局", "区商务局"])
LANG_KINDS = st.sampled_from(["参与单位", "责任单位", "责任单位"])
LANG_DAYS = st.dates(datetime.date(2013, 5, 20), datetime.date(2013, 10, 10))
REPORT_DAYS = [d for d in (datetime.date(2013, m, n) for m in (6, 7, 8) for n in (10, 20))]


class LanguageReplayable(RuleBasedStateMachine):
    """The constructs of the plan language (#15) under random commands: deadline-only first phase,
    reports on fixed days (one period per submission), a two-level review, findings with a term and
    their closing, designation, advance_ready and sweeps that advance; replay must equal live state."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        self.db = Path(self.folder.name) / "track.db"
        # the constructs, not who may act, are under test here (Replayable enforces authority): both
        # campaigns record acts without authority, flagged alike
        self.memory = Campaign(LANG, authority="record")
        self.sqlite = Campaign(LANG, store=self.db, authority="record")

    both = Replayable.both

    def unit(self, data: st.DataObject) -> str:
        enrolled = self.memory.units()
        return data.draw(
            st.sampled_from(enrolled) if enrolled and data.draw(st.integers(0, 9)) else LANG_UNITS
        )

    @initialize(
        units=st.lists(st.tuples(LANG_UNITS, LANG_KINDS), min_size=1, max_size=3, unique_by=lambda u: u[0])
    )
    def start(self, units: list[tuple[str, str]]) -> None:
        self.both("enroll_many", units, at=datetime.date(2013, 5, 20))

    @rule(
        data=st.data(),
        day=LANG_DAYS,
        artifact=st.sampled_from(["unit_plan", "rectification_plan", "progress_report"]),
    )
    def submit(self, data: st.DataObject, day: datetime.date, artifact: str) -> None:
        period = (
            data.draw(st.none() | st.sampled_from(REPORT_DAYS)) if artifact == "progress_report" else None
        )
        self.both("submit", self.unit(data), artifact, at=day, period=period)

    @rule(data=st.data(), day=LANG_DAYS, fresh=st.booleans(), levels=st.lists(st.booleans(), max_size=3))
    def review(self, data: st.DataObject, day: datetime.date, fresh: bool, levels: list[bool]) -> None:
        """The two-level review: (re)submit, then each level approves or sends it back."""
        unit = self.unit(data)
        if fresh:
            self.both("submit", unit, "rectification_plan", at=day)
        for reject in levels:
            if reject:
                self.both("reject", unit, "rectification_plan", at=day, reason="措施不具体")
            else:
                self.both("approve", unit, "rectification_plan", at=day, by="市整治办")

    @rule(data=st.data(), day=LANG_DAYS, severity=st.sampled_from(["一般", "较严重"]),
          term=st.sampled_from([None, "5个工作日", "1个月"]))  # fmt: skip
    def finding(self, data: st.DataObject, day: datetime.date, severity: str, term: str | None) -> None:
        self.both("record_finding", self.unit(data), severity=severity, at=day, within=term)

    @rule(data=st.data(), day=LANG_DAYS)
    def close_finding(self, data: st.DataObject, day: datetime.date) -> None:
        unit = self.unit(data)
        found = list((self.memory.record(unit).findings or {}) if unit in self.memory else {}) or [0]
        self.both("close_finding", unit, data.draw(st.sampled_from(found)), at=day)

    @rule(data=st.data(), day=LANG_DAYS, kind=LANG_KINDS)
    def designate(self, data: st.DataObject, day: datetime.date, kind: str) -> None:
        self.both("designate", self.unit(data), kind=kind, at=day, reason="确定责任单位")

    @rule(data=st.data(), day=LANG_DAYS)
    def advance(self, data: st.DataObject, day: datetime.date) -> None:
        self.both("advance", self.unit(data), at=day)

    @rule(day=LANG_DAYS)
    def advance_ready(self, day: datetime.date) -> None:
        self.both("advance_ready", at=day)

    @rule(data=st.data(), day=LANG_DAYS)
    def send_back(self, data: st.DataObject, day: datetime.date) -> None:
        self.both("send_back", self.unit(data), to="rectify", at=day, reason="重新整改")

    @rule(day=LANG_DAYS)
    def sweep(self, day: datetime.date) -> None:
        """The sweep records escalations and (moves.advance: when_ready) moves ready units first."""
        found = [[e.as_dict() for e in c.sweep(day)] for c in (self.memory, self.sqlite)]
        assert found[0] == found[1]

    @invariant()
    def replay_equals_live(self) -> None:
        live = self.memory.snapshot()
        assert self.sqlite.snapshot() == live
        assert Campaign.replay(LANG, self.memory.events()).snapshot() == live
        assert Campaign.replay(LANG, self.sqlite.events()).snapshot() == live

    def teardown(self) -> None:
        with Campaign.open(self.db) as reopened:
            assert reopened.snapshot() == self.memory.snapshot()
        self.sqlite.close()
        self.folder.cleanup()


LanguageReplayable.TestCase.settings = settings(
    max_examples=30, stateful_step_count=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestLanguageReplay = LanguageReplayable.TestCase
