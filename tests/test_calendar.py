"""Phase calendars: goldens on seed 004's plan, the ICS read back with icalendar, each format's escaping.

The ICS checks parse the output with ``icalendar.Calendar.from_ical`` and look at ``.errors`` on every
component (the parser is lenient: a broken line becomes an error entry, not an exception), then compare
every date with the plan: phases are all-day events whose DTEND is the day after the last day.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import re
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaignflow import CampaignflowError, Plan, load_plan, parse_plan
from campaignflow.calendar import FORMATS, build_view, ics_uid, render
from campaignflow.engine import Campaign
from campaignflow.errors import UnknownUnit
from tests.conftest import DATA, DEFINITIONS

D = datetime.date
DAY = datetime.timedelta(days=1)
GOLDEN = DATA / "calendar"
PLAN_004 = DEFINITIONS / "004-youqu-liangpingyishu.yaml"
TODAY = D(2011, 8, 15)
SUFFIX = {"ics": "ics", "html": "html", "md": "md", "json": "json", "mermaid": "mmd"}


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(PLAN_004)


def check_golden(name: str, output: str | bytes, update: bool) -> None:
    """Compare ``output`` with ``tests/data/calendar/NAME`` byte for byte (--update-golden rewrites it)."""
    data = output if isinstance(output, bytes) else output.encode("utf-8")
    path = GOLDEN / name
    if update:
        path.write_bytes(data)
        return
    assert path.exists(), f"{path} is missing: run pytest --update-golden"
    assert data == path.read_bytes(), f"{path} differs from the output: review, then pytest --update-golden"


def parse_ics(data: bytes) -> icalendar.Calendar:
    """Parse and insist that no component carries a parse error."""
    calendar = icalendar.Calendar.from_ical(data)
    assert isinstance(calendar, icalendar.Calendar)
    for component in calendar.walk():
        assert component.errors == [], (component.name, component.errors)
    return calendar


def events(calendar: icalendar.Calendar) -> dict[str, icalendar.Component]:
    found: dict[str, icalendar.Component] = {}
    for event in calendar.walk("VEVENT"):
        uid = str(event["UID"])
        assert uid not in found, f"duplicate UID {uid}"
        found[uid] = event
    return found


def all_day(event: icalendar.Component) -> tuple[datetime.date, datetime.date]:
    """DTSTART and DTEND of an all-day event, insisting both are dates (VALUE=DATE), not datetimes."""
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert type(start) is datetime.date and type(end) is datetime.date, (start, end)
    return start, end


def assert_ics_matches(plan: Plan, data: bytes) -> None:
    """Every phase, deadline and milestone of ``plan`` is an all-day event with exactly its dates."""
    found = events(parse_ics(data))
    view = build_view(plan)
    expected = {ics_uid(view, "phase", p.id): (p.start, p.end + DAY) for p in plan.phases}
    expected |= {
        ics_uid(view, "artifact", a.id): (plan.due(p, a), plan.due(p, a) + DAY) for p, a in plan.artifacts()
    }
    expected |= {
        ics_uid(view, "milestone", m.id): (plan.days(m)[0], plan.days(m)[1] + DAY) for m in plan.milestones
    }
    assert {uid: all_day(event) for uid, event in found.items()} == expected


# ── golden files ──────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_004(plan: Plan, fmt: str, update_golden: bool) -> None:
    today = TODAY if fmt in ("html", "mermaid") else None
    check_golden(f"004.{SUFFIX[fmt]}", render(plan, fmt, today=today), update_golden)


@pytest.mark.parametrize("fmt", ["md", "json", "ics"])
def test_golden_004_for_a_unit(plan: Plan, fmt: str, update_golden: bool) -> None:
    with extended_campaign(plan) as campaign:
        output = render(plan, fmt, unit="张三", campaign=campaign)
    check_golden(f"004-unit.{SUFFIX[fmt]}", output, update_golden)


@pytest.mark.parametrize("fmt", FORMATS)
def test_rendering_twice_gives_identical_output(plan: Plan, fmt: str) -> None:
    assert render(plan, fmt, today=TODAY) == render(load_plan(PLAN_004), fmt, today=TODAY)


# ── every bundled definition ───────────────────────────────────────────────────────────────────────

DEFINITION_FILES = sorted(DEFINITIONS.glob("*.yaml"))


@pytest.mark.parametrize("path", DEFINITION_FILES, ids=[p.stem[:3] for p in DEFINITION_FILES])
def test_every_definition_renders_in_every_format(path: Path) -> None:
    plan = load_plan(path)
    for fmt in FORMATS:
        output = render(plan, fmt, today=plan.span[0])
        assert output, fmt
    assert_ics_matches(plan, render(plan, "ics"))
    data = json.loads(render(plan, "json"))
    assert [(p["start"], p["end"]) for p in data["phases"]] == [
        (p.start.isoformat(), p.end.isoformat()) for p in plan.phases
    ]


# ── ICS ───────────────────────────────────────────────────────────────────────────────────────────


def test_ics_phases_are_all_day_with_exclusive_end(plan: Plan) -> None:
    found = events(parse_ics(render(plan, "ics")))
    mobilize = found["phase-mobilize@youqu-liangpingyishu-2011.campaignflow"]
    assert all_day(mobilize) == (D(2011, 7, 21), D(2011, 8, 1))  # 7月下旬—7月底: DTEND is 8月1日
    assert str(mobilize["SUMMARY"]) == "宣传发动阶段"
    assert "7月下旬—7月底" in str(mobilize["DESCRIPTION"])
    assert "7个工作日" in str(mobilize["DESCRIPTION"])
    assert [str(c) for c in mobilize.decoded("CATEGORIES")] == ["阶段", "动员部署"]
    assert all_day(found["phase-appraise@youqu-liangpingyishu-2011.campaignflow"]) == (
        D(2011, 8, 1),
        D(2011, 9, 11),
    )
    assert all_day(found["phase-rectify@youqu-liangpingyishu-2011.campaignflow"]) == (
        D(2011, 9, 11),
        D(2011, 11, 1),
    )
    assert_ics_matches(plan, render(plan, "ics"))


def test_ics_calendar_properties(plan: Plan) -> None:
    calendar = parse_ics(render(plan, "ics"))
    assert str(calendar["X-WR-CALNAME"]) == "油区办两评一树工作方案"
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Shanghai"
    assert str(calendar["VERSION"]) == "2.0"
    assert "共69个工作日" in str(calendar["X-WR-CALDESC"])
    # DTSTAMP: the campaign's first day at 00:00 Beijing time, in UTC as RFC 5545 requires
    stamps = {event.decoded("DTSTAMP") for event in calendar.walk("VEVENT")}
    assert stamps == {datetime.datetime(2011, 7, 20, 16, 0, tzinfo=datetime.UTC)}


def test_ics_deadlines_have_a_reminder_three_days_before_at_nine(plan: Plan) -> None:
    found = events(parse_ics(render(plan, "ics")))
    report = found["artifact-leading_self_report@youqu-liangpingyishu-2011.campaignflow"]
    assert all_day(report) == (D(2011, 9, 10), D(2011, 9, 11))
    assert str(report["SUMMARY"]) == "截止：自查自评报告（领导班子、主要负责同志）"
    assert "审核把关：活动督导组" in str(report["DESCRIPTION"])
    [alarm] = report.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    trigger = alarm.decoded("TRIGGER")
    assert trigger == datetime.timedelta(days=-3, hours=9)  # 9月7日 09:00
    assert datetime.datetime(2011, 9, 10) + trigger == datetime.datetime(2011, 9, 7, 9, 0)
    assert len(list(parse_ics(render(plan, "ics")).walk("VALARM"))) == len(plan.artifacts())


def test_a_deadline_says_who_holds_attends_and_publishes_and_that_a_ledger_closes_item_by_item() -> None:
    zhujianju = load_plan(DEFINITIONS / "003-zhujianju-zhenggainian.yaml")
    found = events(parse_ics(render(zhujianju, "ics")))
    closeout = str(
        found["artifact-rectification_closeout@zhujianju-zhenggainian-2012.campaignflow"]["DESCRIPTION"]
    )
    assert "审核把关：局党委成员及单位班子成员\n台账：逐项销号" in closeout
    appraisal = str(found["artifact-unit_appraisal@zhujianju-zhenggainian-2012.campaignflow"]["DESCRIPTION"])
    assert "组织：局活动领导小组\n参加：服务对象、相关基层代表" in appraisal
    html = render(zhujianju, "html")
    assert "审核把关：局党委成员及单位班子成员；台账：逐项销号" in html
    assert "公示：公开栏、展板" in html
    deadlines = [d for p in json.loads(render(zhujianju, "json"))["phases"] for d in p["deadlines"]]
    closing = next(d for d in deadlines if d["artifact"] == "rectification_closeout")
    assert closing["items"] is True and "held_by" not in closing


def test_ics_alarm_days_is_configurable(plan: Plan) -> None:
    calendar = parse_ics(render(plan, "ics", alarm_days=7))
    assert {a.decoded("TRIGGER") for a in calendar.walk("VALARM")} == {datetime.timedelta(days=-7, hours=9)}
    calendar = parse_ics(render(plan, "ics", alarm_days=0))
    assert {a.decoded("TRIGGER") for a in calendar.walk("VALARM")} == {datetime.timedelta(hours=9)}
    with pytest.raises(CampaignflowError, match="alarm_days"):
        render(plan, "ics", alarm_days=-1)


def test_ics_lines_are_folded_at_75_octets_without_splitting_characters(plan: Plan) -> None:
    data = render(plan, "ics")
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines)
    for line in lines:
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold inside a multi-byte character would fail here
    assert any(line.startswith(b" ") for line in lines)  # long Chinese descriptions were folded


def test_ics_uids_are_stable_so_reimport_updates(plan: Plan, tmp_path: Path) -> None:
    """A revised plan (new dates) keeps every UID: a calendar app replaces the events, no duplicates."""
    text = PLAN_004.read_text(encoding="utf-8").replace("window: 9月中旬—10月底", "window: 9月中旬—11月底")
    revised = parse_plan(text, "revised.yaml")
    old, new = events(parse_ics(render(plan, "ics"))), events(parse_ics(render(revised, "ics")))
    assert set(old) == set(new)
    assert len(old) == len(plan.phases) + len(plan.artifacts())
    uid = "phase-rectify@youqu-liangpingyishu-2011.campaignflow"
    assert all_day(old[uid]) == (D(2011, 9, 11), D(2011, 11, 1))
    assert all_day(new[uid]) == (D(2011, 9, 11), D(2011, 12, 1))
    merged = {**old, **new}  # what an app holds after importing both: one event per UID
    assert len(merged) == len(old)


def test_ics_escapes_text_and_reads_it_back(tmp_path: Path) -> None:
    plan = load_plan(GOLDEN / "hostile.yaml")
    data = render(plan, "ics")
    found = events(parse_ics(data))
    study = found[f"phase-study@{plan.id}.campaignflow"]
    assert str(study["SUMMARY"]) == plan.phases[0].name
    assert plan.phases[0].goals in str(study["DESCRIPTION"])  # commas, semicolons, backslash intact
    assert_ics_matches(plan, data)


# ── working days and coverage notes ───────────────────────────────────────────────────────────────


def test_working_days_come_from_the_plan_calendar(plan: Plan) -> None:
    view = build_view(plan)
    assert [row.workdays for row in view.rows] == [
        plan.workcalendar.count_workdays(p.start, p.end) for p in plan.phases
    ]
    # 2011-09-12 was 中秋节 (a Monday off): the tables know it, a Monday–Friday count would not
    assert [row.workdays for row in view.rows] == [7, 30, 32]
    assert view.notes == ()


def test_a_year_outside_the_holiday_tables_is_noted_in_every_format() -> None:
    plan = load_plan(GOLDEN / "outside-tables.yaml")
    view = build_view(plan)
    assert [n.year for n in view.notes] == [2030]
    sentence = "2030年不在法定节假日和调休安排表内"
    calendar = parse_ics(render(plan, "ics"))
    assert sentence in str(calendar["X-WR-CALDESC"])
    assert all(sentence in str(e["DESCRIPTION"]) for e in calendar.walk("VEVENT"))
    assert f"> 注：{sentence}" in render(plan, "md")
    assert f'<p class="note">注：{sentence}' in render(plan, "html")
    assert [n["year"] for n in json.loads(render(plan, "json"))["notes"]] == [2030]
    mermaid = render(plan, "mermaid")
    assert f"%% 注：{sentence}" in mermaid
    assert "（21个工作日，按周一至周五估算）" in mermaid


def test_no_note_for_covered_years(plan: Plan) -> None:
    assert "注：" not in render(plan, "md")
    assert json.loads(render(plan, "json"))["notes"] == []
    assert "%%" not in render(plan, "mermaid")


# ── Markdown ──────────────────────────────────────────────────────────────────────────────────────


def table_rows(markdown: str) -> list[list[str]]:
    """The table's rows split on unescaped pipes."""
    return [
        [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        for line in markdown.splitlines()
        if line.startswith("|")
    ]


def test_markdown_table(plan: Plan) -> None:
    rows = table_rows(render(plan, "md"))
    assert rows[0] == ["阶段", "起止日期", "工作日数", "应交材料及截止日期"]
    assert rows[2] == [
        "宣传发动阶段",
        "7月下旬—7月底<br>2011-07-21 至 2011-07-31",
        "7",
        "7月31日：动员会议（单位）、具体实施方案（单位）、活动组织领导机构（单位）",
    ]
    assert [r[0] for r in rows[2:]] == [p.name for p in plan.phases]


def test_markdown_escapes_pipes_and_markup() -> None:
    plan = load_plan(GOLDEN / "hostile.yaml")
    text = render(plan, "md")
    rows = table_rows(text)
    assert all(len(row) == 4 for row in rows), rows
    assert not re.search(r"(?<!\\)<", text.replace("<br>", ""))  # every other '<' is escaped
    assert r"报告 \| 表格 \<i\>斜体\</i\>" in text


def test_markdown_lists_campaign_long_duties() -> None:
    plan = load_plan(DEFINITIONS / "003-zhujianju-zhenggainian.yaml")
    rows = [row for row in table_rows(render(plan, "md")) if len(row) == 4]  # the phase table
    assert rows[-1][0] == "全程"
    assert "投稿（局属单位，每周1次）" in rows[-1][3]
    assert "投稿（科室站办，每半月1次）" in rows[-1][3]


# ── JSON ──────────────────────────────────────────────────────────────────────────────────────────


def test_json_phases(plan: Plan) -> None:
    data = json.loads(render(plan, "json", today=TODAY))
    assert set(data) == {"plan", "unit", "today", "phases", "duties", "milestones", "notes"}
    assert data["plan"]["id"] == plan.id and data["today"] == "2011-08-15" and data["unit"] is None
    first = data["phases"][0]
    assert {k: v for k, v in first.items() if k != "deadlines"} == {
        "id": "mobilize",
        "name": "宣传发动阶段",
        "stage": "mobilize",
        "start": "2011-07-21",
        "end": "2011-07-31",
        "plan_end": "2011-07-31",
        "text": "7月下旬—7月底",
        "workdays": 7,
    }
    assert first["deadlines"][0] == {
        "artifact": "mobilization_meeting",
        "name": "动员会议",
        "kind": "meeting",
        "due": "2011-07-31",
        "owed_by": ["单位"],
    }
    assert sum(len(p["deadlines"]) for p in data["phases"]) == len(plan.artifacts())


# ── Mermaid ───────────────────────────────────────────────────────────────────────────────────────

TASK = re.compile(r"^ {4}[^:\n]+ :(?:milestone, )?[a-z][a-z0-9_]*, \d{4}-\d{2}-\d{2}, \d+d$")


def mermaid_tasks(text: str) -> list[str]:
    return [
        line
        for line in text.splitlines()
        if re.match(r"^ {4}(?!section |title |dateFormat |axisFormat |todayMarker |%%)", line)
    ]


def test_mermaid_gantt(plan: Plan) -> None:
    text = render(plan, "mermaid")
    assert text.startswith("gantt\n    title 油区办两评一树工作方案\n    dateFormat YYYY-MM-DD\n")
    tasks = mermaid_tasks(text)
    assert all(TASK.match(line) for line in tasks), tasks
    # bars are a start and a length in days (7月21日–7月31日 is 11 days), so no end-date ambiguity
    assert "    宣传发动阶段 7月下旬—7月底（7个工作日） :p_mobilize, 2011-07-21, 11d" in tasks
    assert "    组织评议阶段 8月初—9月上旬（30个工作日） :p_appraise, 2011-08-01, 41d" in tasks
    assert sum(":milestone, " in line for line in tasks) == len(plan.artifacts())
    assert [line.removeprefix("    section ") for line in text.splitlines() if "section" in line] == [
        p.name for p in plan.phases
    ]


def test_mermaid_escapes_its_syntax_characters() -> None:
    plan = load_plan(GOLDEN / "hostile.yaml")
    text = render(plan, "mermaid")
    tasks = mermaid_tasks(text)
    assert all(TASK.match(line) for line in tasks), tasks
    assert "    section 学习#60;img src=x onerror=alert(1)#62;阶段#58; 第#35;1#59; 部分 #37;#37; 注" in text
    assert "a#58;b#35;c#59;d" in text
    bare = re.sub(r"#\d+;", "", text)  # with the entity codes taken out, no syntax character is left
    assert not re.search(r"[<>&;#]", bare.replace("%% ", ""))
    assert all(line.count(":") == 1 for line in mermaid_tasks(bare))


def test_mermaid_today_is_a_milestone_not_the_viewers_clock(plan: Plan) -> None:
    text = render(plan, "mermaid", today=TODAY)
    assert "    todayMarker off" in text
    assert text.endswith("    section 今天\n    今天 :milestone, today, 2011-08-15, 1d\n")


# ── HTML (the page itself; the browser test renders it) ────────────────────────────────────────────


def test_html_is_self_contained(plan: Plan) -> None:
    page = render(plan, "html", today=TODAY)
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    for outside in ("<script", "<link", "<img", "@import", "url(", "http://", "https://", "@font-face"):
        assert outside not in page, outside
    assert "default-src 'none'" in page  # the Content-Security-Policy forbids fetching anything
    assert "@page { size: A4 landscape;" in page
    for phase in plan.phases:
        assert f'data-phase="{phase.id}"' in page and f"<b>{phase.name}</b>" in page
    assert page.count("data-artifact=") == len(plan.artifacts())
    assert 'id="today"' in page and "今天 8月15日" in page


def test_html_today_marker_is_optional(plan: Plan) -> None:
    page = render(plan, "html")
    assert 'id="today"' not in page and 'class="status"' not in page
    after = render(plan, "html", today=D(2012, 1, 1))
    assert 'id="today"' not in after  # outside the chart: no line, but the status says so
    assert "活动已结束" in after
    friday = render(plan, "html", today=D(2011, 7, 29))  # the first deadline, 7-31, is a Sunday
    assert "下一个截止：7月31日 动员会议、具体实施方案等3项（今天是最后一个工作日）" in friday


def test_html_escapes_all_plan_text() -> None:
    plan = load_plan(GOLDEN / "hostile.yaml")
    page = render(plan, "html")
    assert "<script>" not in page and "<img" not in page and "<b>办</b>" not in page and "<i>斜体" not in page
    assert "&lt;script&gt;alert(&quot;标题&quot;)&lt;/script&gt; &amp; 测试 | 方案" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "审核把关：督导组&quot;引号&quot;" in page


# ── per-unit calendars ────────────────────────────────────────────────────────────────────────────


@contextlib.contextmanager
def extended_campaign(plan: Plan) -> Iterator[Campaign]:
    """An in-memory campaign on ``plan`` with 张三 (主要负责同志, 整改提高 extended by 2个月) and 办公室."""
    campaign = Campaign(plan)
    at = datetime.datetime(2011, 7, 21, 9, 0)
    campaign.enroll("张三", kind="主要负责同志", at=at)
    campaign.enroll("办公室", kind="办公室", at=at)
    campaign.extend("张三", phase="rectify", by="2个月", at=at, actor="督导组", reason="评议结果特别差")
    try:
        yield campaign
    finally:
        campaign.close()


def test_unit_view_applies_extensions_and_shows_only_what_it_owes(plan: Plan) -> None:
    with extended_campaign(plan) as campaign:
        view = build_view(plan, unit="张三", campaign=campaign)
        office = build_view(plan, unit="办公室", campaign=campaign)
    rectify = view.rows[2]
    assert (rectify.start, rectify.end, rectify.extended) == (D(2011, 9, 11), D(2011, 12, 31), True)
    assert rectify.workdays == plan.workcalendar.count_workdays(D(2011, 9, 11), D(2011, 12, 31))
    assert [d.due for d in rectify.deadlines] == [D(2011, 12, 31), D(2011, 12, 31)]
    assert [d.artifact.id for d in view.rows[0].deadlines] == []  # 动员会议 … are owed by 单位
    assert [d.artifact.id for row in office.rows for d in row.deadlines] == ["rectification_measures"]
    assert office.rows[2].end == D(2011, 10, 31)
    assert view.last == D(2011, 12, 31)


def test_unit_ics_has_its_own_uids_and_dates(plan: Plan) -> None:
    with extended_campaign(plan) as campaign:
        data = render(plan, "ics", unit="张三", campaign=campaign)
    found = events(parse_ics(data))
    assert not set(found) & set(events(parse_ics(render(plan, "ics"))))  # never overwrites the plan's
    [rectify] = [e for uid, e in found.items() if uid.startswith("phase-rectify.u")]
    assert all_day(rectify) == (D(2011, 9, 11), D(2012, 1, 1))
    assert "已延期：原定10月31日结束，延至12月31日" in str(rectify["DESCRIPTION"])
    assert str(parse_ics(data)["X-WR-CALNAME"]) == "油区办两评一树工作方案 — 张三"


def test_unit_view_uses_a_deadline_set_for_the_unit(plan: Plan) -> None:
    with extended_campaign(plan) as campaign:
        campaign.set_deadline(
            "办公室",
            "rectification_measures",
            due=D(2011, 9, 5),
            at=datetime.datetime(2011, 8, 1),
            reason="提前",
        )
        data = json.loads(render(plan, "json", unit="办公室", campaign=campaign))
    assert data["unit"] == {"name": "办公室", "kind": "办公室"}
    assert [d["due"] for p in data["phases"] for d in p["deadlines"]] == ["2011-09-05"]


def test_unit_errors(plan: Plan) -> None:
    with extended_campaign(plan) as campaign:
        with pytest.raises(UnknownUnit, match="李四"):
            render(plan, "md", unit="李四", campaign=campaign)
        other = load_plan(DEFINITIONS / "000-jiedao-yongchuangyiliu.yaml")
        with pytest.raises(CampaignflowError, match="tracks plan"):
            render(other, "md", unit="张三", campaign=campaign)
    with pytest.raises(CampaignflowError, match="needs the campaign"):
        render(plan, "md", unit="张三")


# ── refusals ──────────────────────────────────────────────────────────────────────────────────────


def test_an_undated_draft_has_no_calendar() -> None:
    draft = parse_plan(
        "id: d\ntitle: 草稿\nyear: 2012\ncomplete: false\nnote: 缺日期\nunit_kinds: [{name: 单位}]\n"
        "phases:\n  - {id: a, name: 甲, stage: study, window: 2012年3月}\n"
        "  - {id: b, name: 乙, stage: inspect}\n"
    )
    with pytest.raises(
        CampaignflowError, match=r"a calendar needs every phase dated, and b \(乙\) has no window"
    ):
        render(draft, "md")


def test_an_unknown_format_is_refused(plan: Plan) -> None:
    with pytest.raises(CampaignflowError, match="unknown calendar format 'pdf'"):
        render(plan, "pdf")


# ── property: any valid windows round-trip through the ICS ─────────────────────────────────────────


@st.composite
def windows(draw: st.DrawFn) -> list[tuple[datetime.date, datetime.date]]:
    """1–5 phases in order: each starts after (or right after) the previous one ends."""
    start = draw(st.dates(D(1995, 1, 1), D(2040, 12, 31)))
    found = []
    for _ in range(draw(st.integers(1, 5))):
        end = start + datetime.timedelta(days=draw(st.integers(0, 200)))
        found.append((start, end))
        start = end + datetime.timedelta(days=draw(st.integers(1, 40)))
    return found


def plan_with(spans: list[tuple[datetime.date, datetime.date]], deadline_days: list[int]) -> Plan:
    lines = [
        "id: generated",
        "title: 生成的方案",
        f"year: {spans[0][0].year}",
        "unit_kinds: [{name: 单位}]",
        "phases:",
    ]
    for i, ((start, end), days) in enumerate(zip(spans, deadline_days, strict=False)):
        lines += [
            f"  - id: p{i}",
            f"    name: 第{i + 1}阶段",
            "    stage: study",
            f"    window: {{start: {start.isoformat()}, end: {end.isoformat()}}}",
            "    artifacts:",
            f"      - {{id: a{i}, name: 材料{i}}}",
            f"      - {{id: w{i}, name: 报告{i}, deadline: {{workdays_after_start: {days}}}}}",
        ]
    return parse_plan("\n".join(lines) + "\n", "generated.yaml")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spans=windows(), deadline_days=st.lists(st.integers(0, 30), min_size=5, max_size=5))
def test_ics_round_trips_any_valid_windows(
    spans: list[tuple[datetime.date, datetime.date]], deadline_days: list[int]
) -> None:
    plan = plan_with(spans, deadline_days)
    assert [(p.start, p.end) for p in plan.phases] == spans
    assert_ics_matches(plan, render(plan, "ics"))


def test_helpers_cover_their_own_failure_modes() -> None:
    """The checks above would notice a datetime DTSTART or a duplicate UID."""
    event = icalendar.Event()
    event.add("dtstart", datetime.datetime(2011, 7, 21, 9))
    event.add("dtend", datetime.datetime(2011, 7, 22, 9))
    with pytest.raises(AssertionError):
        all_day(event)
    calendar = icalendar.Calendar()
    for _ in range(2):
        twin = icalendar.Event()
        twin.add("uid", "same")
        calendar.add_component(twin)
    with pytest.raises(AssertionError, match="duplicate UID"):
        events(calendar)


# ── milestones: the organisers' own steps, in every format ─────────────────────────────────────────


def test_milestones_are_drawn_in_every_format() -> None:
    plan = load_plan(DATA / "calendar" / "milestones.yaml")
    view = build_view(plan)
    assert [(m.milestone.id, m.start, m.end) for m in view.milestones] == [
        ("rally", D(2012, 2, 1), D(2012, 2, 10)),
        ("apply", D(2012, 6, 1), D(2012, 6, 30)),
        ("award", D(2012, 12, 31), D(2012, 12, 31)),  # 年底: a deadline alone is that day
        ("review", D(2012, 3, 1), D(2012, 12, 31)),  # no date of its own: its phase's
    ]
    ics = icalendar.Calendar.from_ical(render(plan, "ics"))
    events = {str(e["uid"]): e for e in ics.walk("VEVENT")}
    rally = events["milestone-rally@milestones.campaignflow"]
    assert str(rally["summary"]) == "动员大会（局党委）"
    assert (rally.decoded("dtstart"), rally.decoded("dtend")) == (D(2012, 2, 1), D(2012, 2, 11))
    assert "时间：2月初（2012-02-01 至 2012-02-10）" in str(rally["description"])
    markdown = render(plan, "md")
    assert "| 动员大会 | 2月初<br>2012-02-01 至 2012-02-10 | 局党委 |" in markdown
    assert "| 总结表彰大会 | 整改落实阶段<br>2012-03-01 至 2012-12-31 | — |" in markdown
    data = json.loads(render(plan, "json"))
    assert data["milestones"][2] == {
        "id": "award", "name": "制度创新评选", "start": "2012-12-31", "end": "2012-12-31",
        "text": "年底", "held_by": "局活动领导小组",
    }  # fmt: skip
    assert "    动员大会（局党委） :m_rally, 2012-02-01, 10d" in render(plan, "mermaid")
    page = render(plan, "html")
    assert page.count('data-milestone="rally"') == 2  # its bar on the chart and its row in the table
    assert "<h2>组织工作</h2>" in page and 'title="动员大会（局党委）：2月1日—2月10日（2月初）"' in page
    assert '<i class="org" style="background:#a04000"></i>组织工作' in page  # the legend names the colour


# ── revisions: SEQUENCE and LAST-MODIFIED ─────────────────────────────────────────────────────────


def _events(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["uid"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def test_a_revised_plan_bumps_sequence_for_the_changed_events_only() -> None:
    text = PLAN_004.read_text(encoding="utf-8")
    assert text.count("window: 8月初—9月上旬") == 1
    old = render(load_plan(PLAN_004), "ics")
    revised = parse_plan(text.replace("window: 8月初—9月上旬", "window: 8月初—9月中旬"), "revised.yaml")
    new = render(revised, "ics", previous=old)
    before, after = _events(old), _events(new)
    assert before.keys() == after.keys()
    changed = {
        uid for uid in after if after[uid]["x-campaignflow-digest"] != before[uid]["x-campaignflow-digest"]
    }
    assert "phase-appraise@youqu-liangpingyishu-2011.campaignflow" in changed
    assert "artifact-leading_self_report@youqu-liangpingyishu-2011.campaignflow" in changed  # due 9-10 → 9-20
    assert "phase-mobilize@youqu-liangpingyishu-2011.campaignflow" not in changed
    for uid, event in after.items():
        was = before[uid]
        assert not event.errors
        if uid in changed:
            assert (int(was["sequence"]), int(event["sequence"])) == (0, 1)
            assert event["last-modified"].dt > was["last-modified"].dt
            assert event["dtstamp"].dt > was["dtstamp"].dt
        else:
            assert int(event["sequence"]) == int(was["sequence"]) == 0
            assert event["last-modified"].dt == was["last-modified"].dt
            assert event["dtstamp"].dt == was["dtstamp"].dt
    assert render(revised, "ics", previous=old) == new  # deterministic
    assert render(revised, "ics", previous=new) == new  # nothing changed since: nothing moves
    again = parse_plan(text.replace("window: 8月初—9月上旬", "window: 8月初—9月下旬"), "again.yaml")
    third = _events(render(again, "ics", previous=new))
    assert int(third["phase-appraise@youqu-liangpingyishu-2011.campaignflow"]["sequence"]) == 2
    assert int(third["phase-mobilize@youqu-liangpingyishu-2011.campaignflow"]["sequence"]) == 0


def test_a_previous_calendar_that_is_not_ics_is_refused() -> None:
    with pytest.raises(CampaignflowError, match="not an iCalendar file"):
        render(load_plan(PLAN_004), "ics", previous=b"not a calendar")


def test_calendars_cite_the_document_by_title_and_number() -> None:
    text = PLAN_004.read_text(encoding="utf-8")
    numbered = parse_plan(
        text.replace("issuer: 油区办\n", "issuer: 油区办\ndoc_number: 油区办发〔2011〕5号\n"), "n.yaml"
    )
    cited = "《油区办两评一树工作方案》（油区办发〔2011〕5号）"
    for fmt in ("md", "html"):
        out = str(render(numbered, fmt))
        assert cited in out and "004_c3ab7ca450a57233.txt" not in out
    ics = icalendar.Calendar.from_ical(render(numbered, "ics"))
    assert f"依据：{cited}" in str(ics["description"]) and "004_c3ab" not in str(ics["description"])
    assert json.loads(render(numbered, "json"))["plan"]["source"] == "004_c3ab7ca450a57233.txt"
