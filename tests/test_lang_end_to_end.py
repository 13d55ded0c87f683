"""End to end through the command line: a plan whose first phase is dated by its deadline alone, with a
report due twice a month and a review in two levels, validates, tracks, sweeps (lateness per period)
and renders (ICS with an RRULE)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli import run
from tests.conftest import DATA

PLAN = DATA / "lang" / "twice_monthly.yaml"
UNIT = "市城管局"


def test_deadline_only_twice_monthly_two_level_review_from_validate_to_ics(tmp_path: Path) -> None:
    code, out, _ = run("validate", "--strict", PLAN)
    assert code == 0 and "ok — 某市违法建设专项整治实施方案（测试）, 2 phases, 2013-06-15 – 2013-09-30" in out
    db = tmp_path / "t.db"

    def track(*args: str) -> str:
        code, out, err = run("track", args[0], db, *args[1:])
        assert code == 0, out + err
        return out

    assert run("track", "init", db, PLAN, "--authority", "record")[0] == 0
    track("enroll", UNIT, "--kind", "责任单位", "--at", "2013-05-20")
    track("enroll", "市水务局", "--kind", "责任单位", "--at", "2013-05-20")
    # the two-level review of the 整改方案, for both units
    for unit in (UNIT, "市水务局"):
        track("submit", unit, "rectification_plan", "--at", "2013-06-05")
        assert "level=1 of=2" in track(
            "approve", unit, "rectification_plan", "--at", "2013-06-06", "--by", "市整治办"
        )
        assert "level=2 of=2" in track(
            "approve", unit, "rectification_plan", "--at", "2013-06-08", "--by", "联席会议"
        )
    assert "2 unit(s) moved on" in run("track", "advance", db, "--ready", "--at", "2013-06-16")[2]
    # 市城管局 reports for 6月20日 and 7月10日, misses 7月20日; 市水务局 misses 6月20日, reports 7月10日
    track("submit", UNIT, "progress_report", "--at", "2013-06-19")
    track("submit", UNIT, "progress_report", "--at", "2013-07-09")
    track("submit", "市水务局", "progress_report", "--at", "2013-07-09", "--period", "2013-07-10")
    found = json.loads(track("sweep", "--as-of", "2013-07-22", "--format", "json"))["escalations"]
    assert sorted((e["unit"], e["due"]) for e in found) == [
        ("市城管局", "2013-07-20"),
        ("市水务局", "2013-06-20"),
    ]
    rows = json.loads(
        track("periods", "市水务局", "progress_report", "--as-of", "2013-07-22", "--format", "json")
    )
    assert [(r["due"], r["late"]) for r in rows["periods"]] == [
        ("2013-06-20", True),
        ("2013-07-10", False),
        ("2013-07-20", True),
    ]
    code, ics, _ = run("calendar", PLAN, "--format", "ics")
    assert code == 0 and "RRULE:FREQ=MONTHLY;COUNT=7;BYMONTHDAY=10,20" in ics
    code, ics, _ = run("calendar", "--db", db, "--unit", UNIT, "--format", "ics")
    assert code == 0 and "RRULE:FREQ=MONTHLY;COUNT=7;BYMONTHDAY=10,20" in ics
