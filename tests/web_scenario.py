"""A seed-003 campaign of any size with a realistic spread of progress, for the web tests, the web
benchmark and the screenshots in docs/web.md (which import it from here).

Every unit is enrolled on 2012-02-01. Units 5g … 5g+4 (one of each kind) form group g mod 10; by
2012-07-16 (:data:`AS_OF`), groups 0–4 finished 学习提高 on time and 查摆问题 too and are in 整改落实;
groups 5 and 6 finished 学习提高 but not 查摆问题 (group 6 has until 7月18日 for its 书面剖析材料, so
its light is yellow); group 7 finished 学习提高 late (its deadlines show "逾期完成") and moved on;
groups 8 and 9 never handed anything in. One 局属单位 in four of those that handed in was graded
落实不好 in the 闭卷测试 (an escalation rule), and the sweep of 2012-07-16 recorded what that rule
and a 督导组 finding call for. A named 科室站办, 办公室, also keeps a 整改销号 台账 with one item
closed. Nothing here reads the clock.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Final

from campaignflow import Campaign, load_plan

ROOT: Final = Path(__file__).resolve().parent.parent
PLAN: Final = ROOT / "definitions" / "003-zhujianju-zhenggainian.yaml"
AS_OF: Final = datetime.date(2012, 7, 16)
KINDS: Final = ("局属单位", "科室站办", "领导干部", "中层干部", "一般干部")
D = datetime.date


def name(i: int) -> str:
    """The name of unit ``i``: ``单位00042``."""
    return f"单位{i:05d}"


def populate(path: Path, units: int, *, extra: tuple[tuple[str, str], ...] = ()) -> Campaign:
    """Create ``path`` (SQLite) tracking seed 003 with ``units`` units plus ``extra`` (name, kind) ones."""
    campaign = Campaign(load_plan(PLAN), store=path, authority="record")
    plan = campaign.plan
    owed = {
        (phase.id, kind): [a for a in phase.artifacts if a.required and not a.recurring and kind in a.owed_by]
        for phase in plan.phases
        for kind in KINDS
    }
    listed = [(name(i), KINDS[i % 5]) for i in range(units)]
    everyone = [*listed, ("办公室", "科室站办"), *extra]
    with campaign.batch():
        campaign.enroll_many(everyone, at=D(2012, 2, 1), by="领导小组办公室")
        for i, (unit, kind) in enumerate(everyone):
            group = (i // 5) % 10 if i < units else 0  # five units in a row share a group: one of each kind
            if group >= 8:
                continue  # nothing handed in
            late = group == 7
            _hand_in(campaign, unit, owed["study", kind], D(2012, 3, 10) if late else D(2012, 2, 20))
            if kind == "局属单位" and i % 20 == 0 and i < units:
                campaign.record_grade(unit, "closed_test", "落实不好", at=D(2012, 3, 5), by="局活动领导小组")
            campaign.advance(unit, at=D(2012, 3, 12) if late else D(2012, 3, 1))
            if group == 5:
                _hand_in(
                    campaign, unit, owed["inspect", kind][:1] if kind in KINDS[:2] else [], D(2012, 6, 1)
                )
                continue
            if group == 6:  # all but 书面剖析材料, which 督导组 gave until 7月18日 (限期整改)
                _hand_in(
                    campaign,
                    unit,
                    [a for a in owed["inspect", kind] if a.id != "self_analysis"],
                    D(2012, 6, 1),
                )
                campaign.set_deadline(
                    unit, "self_analysis", due=D(2012, 7, 18), at=D(2012, 7, 2), by="督导组"
                )
                continue
            _hand_in(campaign, unit, owed["inspect", kind], D(2012, 6, 20))
            campaign.advance(unit, at=D(2012, 7, 2))
        campaign.submit("办公室", "rectification_measures", at=D(2012, 7, 5), by="办公室")
        campaign.add_item(
            "办公室", "rectification_closeout", "窗口服务态度生硬", at=D(2012, 7, 6), by="办公室"
        )
        campaign.add_item("办公室", "rectification_closeout", "办件超时", at=D(2012, 7, 6), by="办公室")
        campaign.close_item("办公室", "rectification_closeout", "办件超时", at=D(2012, 7, 12), by="办公室")
        if units > 1:
            campaign.record_finding(
                name(1), severity="走过场", note="问题查找不具体", at=D(2012, 7, 10), by="督导组"
            )
        campaign.sweep(AS_OF)
    return campaign


def _hand_in(campaign: Campaign, unit: str, artifacts: list, day: datetime.date) -> None:  # type: ignore[type-arg]
    for spec in artifacts:
        if spec.kind == "test":
            campaign.record_score(unit, spec.id, 88, at=day, by=unit)
        elif spec.kind == "vote":
            continue
        else:
            campaign.submit(unit, spec.id, at=day, by=unit)
