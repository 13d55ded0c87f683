"""Date phrases: every phrase in the seeds and every listed form reads exactly; the rest is refused."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignflow.dates import Duration, Window, add_duration, parse_deadline, parse_duration, parse_window
from campaignflow.errors import CampaignflowError, DatePhraseError
from tests.conftest import DATA

D = datetime.date


def rows(name: str) -> list[list[str]]:
    lines = (DATA / "dates" / name).read_text(encoding="utf-8").splitlines()
    return [
        line.split("#")[0].rstrip("\t ").split("\t") for line in lines if line and not line.startswith("#")
    ]


PHRASES = rows("phrases.tsv")
REFUSALS = rows("refusals.tsv")


def test_the_table_is_large_and_covers_the_seeds() -> None:
    assert len(PHRASES) >= 80
    seeds = [
        line
        for line in (DATA / "dates" / "phrases.tsv").read_text(encoding="utf-8").splitlines()
        if "# 00" in line
    ]
    assert len(seeds) >= 25


@pytest.mark.parametrize(("phrase", "year", "start", "end"), PHRASES, ids=[r[0] for r in PHRASES])
def test_phrase_reads_exactly(phrase: str, year: str, start: str, end: str) -> None:
    window = parse_window(phrase, int(year))
    expected_start = None if start == "-" else D.fromisoformat(start)
    assert (window.start, window.end) == (expected_start, D.fromisoformat(end))
    assert window.text == phrase
    assert type(window.end) is datetime.date  # plain dates, not pendulum subclasses


@pytest.mark.parametrize(("phrase", "year", "unread"), [r + [""] * (3 - len(r)) for r in REFUSALS])
def test_uncertain_phrase_is_refused_naming_the_unread_part(phrase: str, year: str, unread: str) -> None:
    with pytest.raises(DatePhraseError) as caught:
        parse_window(phrase, int(year))
    assert caught.value.unread == unread
    assert isinstance(caught.value, CampaignflowError)
    assert repr(phrase) in str(caught.value)


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("12月10日前", D(2012, 12, 10)),
        ("11月底前", D(2012, 11, 30)),
        ("年底前", D(2012, 12, 31)),
        ("年底", D(2012, 12, 31)),
        ("2012-12-10", D(2012, 12, 10)),
        ("12月10日", D(2012, 12, 10)),
        ("2月底", D(2012, 2, 29)),
    ],
)
def test_deadlines(phrase: str, due: datetime.date) -> None:
    assert parse_deadline(phrase, 2012) == due


@pytest.mark.parametrize("phrase", ["6月", "3-6月份", "二季度", "6月前"])
def test_a_deadline_must_name_one_day(phrase: str) -> None:
    with pytest.raises(DatePhraseError):
        parse_deadline(phrase, 2012)


@pytest.mark.parametrize(
    ("phrase", "months", "days", "workdays"),
    [
        ("2个月", 2, 0, 0),
        ("两个月", 2, 0, 0),
        ("三个月", 3, 0, 0),
        ("半年", 6, 0, 0),
        ("为期半年", 6, 0, 0),
        ("一年", 12, 0, 0),
        ("三周", 0, 21, 0),
        ("2个星期", 0, 14, 0),
        ("10天", 0, 10, 0),
        ("半个月", 0, 15, 0),
        ("5个工作日", 0, 0, 5),
        ("十个工作日", 0, 0, 10),
        ("2個月", 2, 0, 0),
    ],
)
def test_durations(phrase: str, months: int, days: int, workdays: int) -> None:
    assert parse_duration(phrase) == Duration(phrase, months, days, workdays)


@pytest.mark.parametrize("phrase", ["6个月左右", "大约两周", "2", "0个月", "几个月", ""])
def test_uncertain_durations_are_refused(phrase: str) -> None:
    with pytest.raises(DatePhraseError):
        parse_duration(phrase)


@pytest.mark.parametrize(
    ("start", "duration", "end"),
    [
        (D(2012, 10, 31), "2个月", D(2012, 12, 31)),  # 延期2个月 from a phase ending 10-31 ends 12-31
        (D(2012, 11, 30), "2个月", D(2013, 1, 31)),  # pendulum alone gives 01-30
        (D(2012, 2, 29), "一年", D(2013, 2, 28)),
        (D(2013, 1, 31), "1个月", D(2013, 2, 28)),  # clamped
        (D(2013, 1, 30), "1个月", D(2013, 2, 28)),
        (D(2013, 1, 15), "1个月", D(2013, 2, 15)),
        (D(2011, 10, 31), "2个月", D(2011, 12, 31)),  # 004: 活动延期2个月
        (D(2012, 9, 28), "3个工作日", D(2012, 10, 9)),  # 09-29 (Sat) worked, 10-01..07 off
        (D(2012, 5, 1), "三周", D(2012, 5, 22)),
    ],
)
def test_add_duration_resnaps_month_ends(start: datetime.date, duration: str, end: datetime.date) -> None:
    assert add_duration(start, parse_duration(duration)) == end


@st.composite
def written_windows(draw: st.DrawFn) -> tuple[str, int, datetime.date, datetime.date]:
    """A window written in one of several notations, with the dates it was written from."""
    year = draw(st.integers(2004, 2030))
    start = draw(st.dates(D(year, 1, 1), D(year, 12, 31)))
    end = draw(st.dates(start, D(year, 12, 31)))
    form = draw(st.sampled_from(["full", "short", "iso", "dots", "mixed"]))
    sep = draw(st.sampled_from(["至", "到", "—", "-", "~", "～", "－", "–"]))
    if form == "full":
        text = f"{start.year}年{start.month}月{start.day}日{sep}{end.year}年{end.month}月{end.day}日"
    elif form == "short":
        text = f"{start.month}月{start.day}日{sep}{end.month}月{end.day}日"
    elif form == "iso":
        text = f"{start.isoformat()} 至 {end.isoformat()}"
    elif form == "dots":
        text = f"{start.year}.{start.month}.{start.day}至{end.year}.{end.month}.{end.day}"
    else:
        text = f"{start.year}年{start.month}月{start.day}号{sep}{end.month}月{end.day}号"
    return text, year, start, end


@given(written_windows())
def test_generated_phrases_round_trip(case: tuple[str, int, datetime.date, datetime.date]) -> None:
    text, year, start, end = case
    assert parse_window(text, year) == Window(text, start, end)


@given(st.integers(2004, 2030), st.integers(1, 12), st.integers(1, 12))
def test_month_ranges_cover_whole_months(year: int, first: int, last: int) -> None:
    window = parse_window(f"{first}-{last}月份", year)
    assert window.start == D(year, first, 1)
    assert window.end.day >= 28 and (window.end + datetime.timedelta(days=1)).day == 1
    assert window.end.year == (year if last >= first else year + 1)


ALPHABET = (
    "0123456789年月日号至到—-~前底末初中上下旬季度第全"
    + "今明一二三四五六七八九十〇个周天工作为期半左右、:：() .,"
)


@given(st.one_of(st.text(max_size=30), st.text(alphabet=ALPHABET, max_size=30)), st.integers(1949, 2100))
def test_arbitrary_text_never_raises_anything_but_date_phrase_error(text: str, year: int) -> None:
    for parse in (lambda t: parse_window(t, year), lambda t: parse_deadline(t, year), parse_duration):
        try:
            result = parse(text)
        except DatePhraseError:
            continue
        if isinstance(result, Window) and result.start is not None:
            assert result.start <= result.end


def test_phrases_in_the_seed_documents_are_all_in_the_table() -> None:
    seeds = Path(DATA / "seeds")
    assert len(list(seeds.glob("*.txt"))) == 5
    table = {r[0] for r in PHRASES}
    for phrase in ["7月下旬—7月底", "8月初—9月上旬", "9月中旬—10月底", "3-6月份", "2008年12月—2009年2月"]:
        assert phrase in table
