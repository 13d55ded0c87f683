"""Reports due on fixed days (``每月10日、20日前``, ``每周五前``, ``每季度末``): each period's deadline is
tracked, swept (late for one period is late even if the next is on time), and drawn in every calendar
(RRULE in ICS; every occurrence in HTML, Markdown and JSON)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from campaignflow import Campaign, CampaignflowError, PlanError, load_plan, parse_plan
from campaignflow.calendar import build_view, render_html, render_ics, render_json, render_markdown
from campaignflow.cli import main
from campaignflow.periods import occurrences, rrule
from campaignflow.plan import Recurrence
from tests.cli import on, track
from tests.conftest import DATA

PLAN = DATA / "lang" / "twice_monthly.yaml"
TEXT = PLAN.read_text(encoding="utf-8")
D = datetime.date
UNIT = "市城管局"


def days_of(**rec: object) -> tuple[D, ...]:
    return occurrences(Recurrence.model_validate(rec), D(2013, 1, 1), D(2013, 12, 31))


def test_due_days_per_period() -> None:
    assert days_of(every="month", days=[10, 20])[:3] == (D(2013, 1, 10), D(2013, 1, 20), D(2013, 2, 10))
    assert days_of(every="week", days=["周五"])[:2] == (D(2013, 1, 4), D(2013, 1, 11))  # 每周五前
    assert days_of(every="quarter", days=["末"]) == (
        D(2013, 3, 31),
        D(2013, 6, 30),
        D(2013, 9, 30),
        D(2013, 12, 31),
    )
    assert days_of(every="month", days=["末"])[1] == D(2013, 2, 28)
    assert days_of(every="half_month", days=["末"])[:3] == (D(2013, 1, 15), D(2013, 1, 31), D(2013, 2, 15))


@pytest.mark.parametrize(
    ("rec", "words"),
    [
        ("{every: month, days: [31]}", "days 1–28, or 末"),
        ("{every: week, days: [周八]}", ""),
        ("{every: quarter, days: [10]}", "末 (the period's last day)"),
        ("{every: month, days: [10], count: 2}", "leave count out"),
    ],
)
def test_due_days_that_do_not_fit_are_refused_where_written(rec: str, words: str) -> None:
    text = TEXT.replace("recurring: {every: month, days: [10, 20]}", f"recurring: {rec}")
    with pytest.raises(PlanError) as caught:
        parse_plan(text, "p.yaml")
    (problem,) = caught.value.problems
    assert problem.line == text.splitlines().index(f"        recurring: {rec}") + 1
    assert words in problem.message


def test_a_reviewer_on_a_report_due_on_fixed_days_is_refused() -> None:
    text = TEXT.replace(
        "        submit_to: 市整治办\n        recurring", "        reviewer: 市整治办\n        recurring"
    )
    with pytest.raises(PlanError, match="submit_to instead of reviewer"):
        parse_plan(text)


@pytest.fixture
def campaign() -> Campaign:
    c = Campaign(load_plan(PLAN))
    c.enroll(UNIT, kind="责任单位", at=D(2013, 6, 1))
    return c


def test_each_submission_covers_one_period(campaign: Campaign) -> None:
    first = campaign.submit(UNIT, "progress_report", at=D(2013, 7, 8))
    assert first.payload["period"] == "2013-06-20"  # the earliest period not handed in yet
    named = campaign.submit(UNIT, "progress_report", at=D(2013, 7, 9), period=D(2013, 7, 10))
    assert named.payload["period"] == "2013-07-10"
    with pytest.raises(CampaignflowError, match="not due on 2013-07-11; the next: 2013-07-20"):
        campaign.submit(UNIT, "progress_report", at=D(2013, 7, 9), period=D(2013, 7, 11))
    found = campaign.periods(UNIT, "progress_report")
    assert [o.due for o in found[:3]] == [D(2013, 6, 20), D(2013, 7, 10), D(2013, 7, 20)]
    assert [o.late(D(2013, 7, 25)) for o in found[:3]] == [True, False, True]
    assert campaign.deadline_of(UNIT, "progress_report") == D(2013, 7, 20)
    assert Campaign.replay(campaign.plan, campaign.events()).snapshot() == campaign.snapshot()


def test_the_sweep_sees_lateness_per_period(campaign: Campaign) -> None:
    (late,) = campaign.sweep(D(2013, 6, 21))
    assert (late.status, late.due, late.reason) == (
        "new",
        D(2013, 6, 20),
        "工作进展情况（6月20日一期）逾期 1 个工作日",
    )
    campaign.submit(UNIT, "progress_report", at=D(2013, 7, 8), period=D(2013, 7, 10))  # July on time …
    (still,) = campaign.sweep(D(2013, 7, 11))
    assert (still.status, still.due) == ("standing", D(2013, 6, 20))  # … June stays late
    campaign.submit(UNIT, "progress_report", at=D(2013, 7, 12))  # June, late
    found = campaign.sweep(D(2013, 7, 22))
    assert [(e.status, e.due) for e in found] == [("new", D(2013, 7, 20))]
    campaign.submit(UNIT, "rectification_plan", at=D(2013, 7, 22))
    campaign.approve(UNIT, "rectification_plan", at=D(2013, 7, 22), by="市整治办")
    campaign.approve(UNIT, "rectification_plan", at=D(2013, 7, 22), by="联席会议")
    campaign.advance(UNIT, at=D(2013, 7, 22))
    row = campaign.board(D(2013, 7, 22)).rows[0]
    assert (row.light, row.due, row.reason) == ("red", D(2013, 7, 20), "工作进展情况逾期 1 个工作日")


def test_calendars_draw_every_period() -> None:
    plan = load_plan(PLAN)
    view = build_view(plan)
    days = [d.due for d in view.deadlines if d.artifact.id == "progress_report"]
    assert days == list(occurrences(plan.phases[1].artifacts[0].recurring, D(2013, 6, 16), D(2013, 9, 30)))
    assert days[0] == D(2013, 6, 20) and days[-1] == D(2013, 9, 20) and len(days) == 7
    ics = icalendar.Calendar.from_ical(render_ics(view))
    (event,) = [e for e in ics.walk("VEVENT") if "progress_report" in str(e["uid"])]
    assert event["rrule"].to_ical() == b"FREQ=MONTHLY;COUNT=7;BYMONTHDAY=10,20"
    start = event["dtstart"].dt
    expanded = rrulestr(
        event["rrule"].to_ical().decode(), dtstart=datetime.datetime.combine(start, datetime.time())
    )
    assert [d.date() for d in expanded] == days
    md = render_markdown(view)
    assert "9月10日：工作进展情况（每月10日、20日）" in md and "6月20日：工作进展情况" in md
    data = json.loads(render_json(view))
    reports = [d for p in data["phases"] for d in p["deadlines"] if d["artifact"] == "progress_report"]
    assert [d["due"] for d in reports] == [d.isoformat() for d in days]
    assert reports[-1]["occurrence"] == 7 and reports[0]["recurring"]["days"] == [10, 20]
    html = render_html(view)
    assert all(d.isoformat() in html for d in days)


def test_periods_through_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "t.db"

    run = on(db)

    assert track("init", db, PLAN, "--authority", "record").exit_code == 0
    assert run("enroll", UNIT, "--kind", "责任单位", "--at", "2013-06-01")[0] == 0
    code, out, _ = run("submit", UNIT, "progress_report", "--at", "2013-07-08", "--period", "2013-07-10")
    assert code == 0 and "period=2013-07-10" in out
    code, out, _ = run("periods", UNIT, "progress_report", "--as-of", "2013-07-11", "--format", "json")
    rows = json.loads(out)["periods"]
    assert [(r["due"], r["late"]) for r in rows] == [("2013-06-20", True), ("2013-07-10", False)]
    code, out, _ = run("periods", UNIT, "progress_report", "--as-of", "2013-07-11")
    assert code == 0 and "逾期未报" in out and "按期" in out
    code, out, _ = run("sweep", "--as-of", "2013-07-11", "--format", "json")
    assert [e["due"] for e in json.loads(out)["escalations"]] == ["2013-06-20"]
    result = CliRunner().invoke(main, ["calendar", str(PLAN), "--format", "ics"])
    assert result.exit_code == 0
    assert "RRULE:FREQ=MONTHLY;COUNT=7;BYMONTHDAY=10,20" in result.stdout


WEEKDAY_WORDS = st.sampled_from(["周一", "周二", "周三", "周四", "周五", "周六", "周日", 1, 3, 5, 7])
RECURRENCES = st.one_of(
    st.builds(dict, every=st.just("week"), days=st.lists(WEEKDAY_WORDS, min_size=1, max_size=3, unique=True)),
    st.builds(
        dict,
        every=st.just("month"),
        days=st.lists(st.integers(1, 28) | st.just("末"), min_size=1, max_size=3, unique=True),
    ),
    st.builds(
        dict, every=st.sampled_from(["half_month", "quarter", "half_year", "year"]), days=st.just(["末"])
    ),
)


@settings(max_examples=150, deadline=None)
@given(rec=RECURRENCES, first=st.dates(D(2011, 1, 1), D(2014, 12, 31)), length=st.integers(0, 800))
def test_the_rrule_expands_to_exactly_the_due_days(rec: dict[str, object], first: D, length: int) -> None:
    """What a calendar app draws from the RRULE is what the sweep tracks, for any days and range."""
    recurrence = Recurrence.model_validate(rec)
    days = occurrences(recurrence, first, first + datetime.timedelta(days=length))
    assert list(days) == sorted(set(days)) and all(
        first <= d <= first + datetime.timedelta(days=length) for d in days
    )
    if not days:
        return
    text = icalendar.vRecur(rrule(recurrence, days)).to_ical().decode()
    start = datetime.datetime.combine(days[0], datetime.time())
    assert [d.date() for d in rrulestr(text, dtstart=start)] == list(days)
