"""Date phrases: the tables in tests/data/dates/, the seeds' own phrases, and hypothesis properties."""

from __future__ import annotations

import contextlib
import datetime
import re
import unicodedata
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaignflow import dates, festivals, numerals
from campaignflow.dates import Duration, Window, add_duration, parse_deadline, parse_duration, parse_window
from campaignflow.errors import CampaignflowError, DatePhraseError
from campaignflow.numerals import SIMPLIFIED, fold, t2s
from campaignflow.workdays import WorkCalendar
from tests.conftest import DATA, ROOT

D = datetime.date
TABLES = DATA / "dates"
SEEDS = DATA / "seeds"


def _rows(name: str) -> list[dict[str, Any]]:
    rows = yaml.safe_load((TABLES / name).read_text(encoding="utf-8"))
    assert isinstance(rows, list)
    return rows


WINDOWS = _rows("windows.yaml")
REFUSALS = _rows("refusals.yaml")
DURATIONS = _rows("durations.yaml")


def _id(row: dict[str, Any]) -> str:
    return f"{row['text']!r}@{row.get('year', '')}"


# ── the tables ──────────────────────────────────────────────────────────────────────────────────────


def test_tables_are_well_formed() -> None:
    assert len(WINDOWS) >= 80
    for row in WINDOWS:
        assert set(row) <= {"text", "year", "start", "end", "seed", "quote"}, row
        assert isinstance(row["text"], str) and type(row["year"]) is int, row
        assert row["start"] is None or type(row["start"]) is D, row
        assert type(row["end"]) is D, row
    for row in REFUSALS:
        assert set(row) <= {"text", "year", "unread", "seed", "quote"}, row
        assert isinstance(row["text"], str) and isinstance(row["unread"], str), row
    for row in DURATIONS:
        assert set(row) <= {"text", "months", "days", "workdays", "refused", "unread", "seed", "quote"}, row
        assert isinstance(row["text"], str), row


@pytest.mark.parametrize("row", [r for r in WINDOWS + REFUSALS + DURATIONS if "seed" in r], ids=_id)
def test_seed_rows_quote_their_seed(row: dict[str, Any]) -> None:
    (seed,) = SEEDS.glob(f"{row['seed']}_*.txt")
    assert row["quote"] in seed.read_text(encoding="utf-8")
    assert row["text"].strip("()（）。") in row["quote"]


SEED_PHRASES = {
    "000": ["2012年4月25日至5月15日", "2012年5月16日至7月15日", "2012年7月16日至10月31日",
            "2012年11月1日至12月31日", "2012年4月25日到12月31日", "12月10日前", "年底"],
    "001": ["2008年11月—2008年12月", "2008年12月—2009年2月", "今年11月份"],
    "002": ["9月", "10月", "(11月)", "從9月至11月底"],
    "003": ["2月份", "3-6月份", "7-9月份", "10-12月份", "2月初", "2012年", "全年"],
    "004": ["7月下旬—7月底", "8月初—9月上旬", "9月中旬—10月底", "從2011年7月下旬開始,至10月底結(jié)束"],
}  # fmt: skip


def test_every_seed_phrase_is_in_the_table() -> None:
    table = {(row.get("seed"), row["text"]) for row in WINDOWS}
    missing = [
        (seed, text) for seed, texts in SEED_PHRASES.items() for text in texts if (seed, text) not in table
    ]
    assert not missing


@pytest.mark.parametrize("row", WINDOWS, ids=_id)
def test_window_table(row: dict[str, Any]) -> None:
    window = parse_window(row["text"], row["year"])
    assert window == Window(row["text"], row["start"], row["end"])
    assert type(window.end) is D and (window.start is None or type(window.start) is D)


@pytest.mark.parametrize("row", REFUSALS, ids=_id)
def test_refusal_table(row: dict[str, Any]) -> None:
    with pytest.raises(DatePhraseError) as caught:
        parse_window(row["text"], row["year"])
    assert caught.value.unread == row["unread"]
    assert caught.value.text == row["text"]
    assert caught.value.reason
    assert isinstance(caught.value, CampaignflowError) and isinstance(caught.value, ValueError)


@pytest.mark.parametrize("row", DURATIONS, ids=_id)
def test_duration_table(row: dict[str, Any]) -> None:
    if row.get("refused"):
        with pytest.raises(DatePhraseError) as caught:
            parse_duration(row["text"])
        assert caught.value.unread == row["unread"]
    else:
        expected = Duration(row["text"], row.get("months", 0), row.get("days", 0), row.get("workdays", 0))
        assert parse_duration(row["text"]) == expected


# ── refusals that matter most, spelled out ──────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "unread", "reason"),
    [
        ("9:00-18:30", "9:00", "clock"),
        ("9：00—18：30", "9:00", "clock"),
        ("3、4月份", "3、", "list item number"),
        ("6个月左右", "左右", "approximate"),
        ("12月10日前后", "前后", "approximate"),
    ],
)
def test_non_dates_are_named(text: str, unread: str, reason: str) -> None:
    with pytest.raises(DatePhraseError, match=re.escape(repr(unread))) as caught:
        parse_window(text, 2012)
    assert caught.value.unread == unread
    assert reason in caught.value.reason


# ── deadlines ───────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12月10日前", D(2012, 12, 10)),
        ("11月底前", D(2012, 11, 30)),
        ("年底前", D(2012, 12, 31)),
        ("年底", D(2012, 12, 31)),
        ("年内", D(2012, 12, 31)),
        ("2012-12-10", D(2012, 12, 10)),
        ("12月10日", D(2012, 12, 10)),
        ("2月底", D(2012, 2, 29)),
        ("截至2013年1月5日", D(2013, 1, 5)),
    ],
)
def test_parse_deadline(text: str, expected: datetime.date) -> None:
    assert parse_deadline(text, 2012) == expected
    assert type(parse_deadline(text, 2012)) is D


@pytest.mark.parametrize("text", ["12月", "3-6月份", "2012年4月25日至5月15日", "6月前", "下旬前"])
def test_a_deadline_names_one_day(text: str) -> None:
    with pytest.raises(DatePhraseError):
        parse_deadline(text, 2012)


# ── durations and month arithmetic ──────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("start", "phrase", "expected"),
    [
        (D(2011, 10, 31), "2个月", D(2011, 12, 31)),  # 延期2个月 from a phase ending 10-31
        (D(2012, 11, 30), "2个月", D(2013, 1, 31)),  # pendulum alone gives 01-30
        (D(2012, 2, 29), "12个月", D(2013, 2, 28)),
        (D(2012, 2, 29), "一年", D(2013, 2, 28)),
        (D(2012, 1, 31), "1个月", D(2012, 2, 29)),
        (D(2013, 1, 31), "1个月", D(2013, 2, 28)),
        (D(2012, 1, 30), "1个月", D(2012, 2, 29)),  # not a month end: clamped
        (D(2012, 1, 15), "1个月", D(2012, 2, 15)),
        (D(2013, 2, 28), "1个月", D(2013, 3, 31)),  # 02-28 is a month end in 2013
        (D(2012, 2, 28), "1个月", D(2012, 3, 28)),  # … but not in 2012
        (D(2008, 10, 31), "为期半年", D(2009, 4, 30)),  # the day before 今年11月份 + 为期半年
        (D(2012, 4, 25), "三周", D(2012, 5, 16)),
        (D(2012, 12, 25), "10天", D(2013, 1, 4)),
        (D(2012, 9, 28), "5个工作日", D(2012, 10, 11)),  # 9-29 worked, 10-01..07 off
    ],
)
def test_add_duration(start: datetime.date, phrase: str, expected: datetime.date) -> None:
    result = add_duration(start, parse_duration(phrase))
    assert result == expected
    assert type(result) is D


def test_add_duration_uses_the_given_calendar() -> None:
    calendar = WorkCalendar(holidays=[D(2012, 10, 8)])
    assert add_duration(D(2012, 9, 28), Duration("5个工作日", workdays=5), calendar) == D(2012, 10, 12)


# ── hypothesis: generated phrases round-trip ───────────────────────────────────────────────────────

CN = "〇一二三四五六七八九"
WIDE = str.maketrans("0123456789", "０１２３４５６７８９")
SEPARATORS = ["至", "到", "—", "——", "–", "-", "~", "～", "－", "一直到"]
DAYS = st.dates(min_value=D(1990, 1, 1), max_value=D(2040, 12, 31))
YEARS = st.integers(1990, 2040)


def _cn(n: int) -> str:
    """1..31 in Chinese numerals: 十一, 二十五, 三十."""
    tens, units = divmod(n, 10)
    return (("" if tens == 1 else CN[tens]) + "十" if tens else "") + (CN[units] if units or not tens else "")


def _day(d: datetime.date, notation: str, *, year: bool = True, month: bool = True) -> str:
    """``d`` written in one of several notations; year and month may be left out (Chinese notations only)."""
    if notation == "iso":
        return d.isoformat()
    if notation in ("dot", "slash"):
        sep = "." if notation == "dot" else "/"
        return f"{d.year}{sep}{d.month}{sep}{d.day}"
    if notation == "chinese":
        y = "".join(CN[int(c)] for c in str(d.year)) + "年" if year else ""
        return y + (f"{_cn(d.month)}月" if month else "") + f"{_cn(d.day)}日"
    y = f"{d.year}年" if year else ""
    text = y + (f"{d.month}月" if month else "") + f"{d.day}{'号' if notation == 'hao' else '日'}"
    return text.translate(WIDE) if notation == "wide" else text


NOTATIONS = st.sampled_from(["plain", "hao", "wide", "chinese", "iso", "dot", "slash"])
CHINESE_NOTATIONS = st.sampled_from(["plain", "hao", "wide", "chinese"])


@st.composite
def day_phrases(draw: st.DrawFn) -> tuple[str, int, datetime.date, datetime.date]:
    d = draw(DAYS)
    notation = draw(NOTATIONS)
    if notation in ("plain", "hao", "wide", "chinese") and draw(st.booleans()):
        return _day(d, notation, year=False), d.year, d, d
    return _day(d, notation), draw(YEARS), d, d


@st.composite
def range_phrases(draw: st.DrawFn) -> tuple[str, int, datetime.date, datetime.date]:
    first = draw(DAYS)
    last = first + datetime.timedelta(days=draw(st.integers(0, 800)))
    left_notation, right_notation = draw(NOTATIONS), draw(NOTATIONS)
    omissible = right_notation in ("plain", "hao", "wide", "chinese") and (
        last.year == first.year or (last.year == first.year + 1 and last.month < first.month)
    )
    right_year = not omissible or draw(st.booleans())
    right_month = right_year or last.month != first.month or last.year != first.year or draw(st.booleans())
    right = _day(last, right_notation, year=right_year, month=right_month)
    # a start without a year takes the plan's year, or the end's written year (a year earlier if it rolls)
    carried = last.year - (1 if first.month > last.month else 0)
    left_may_omit = left_notation in ("plain", "hao", "wide", "chinese") and (
        not right_year or carried == first.year
    )
    left_has_year = not left_may_omit or draw(st.booleans())
    left = _day(first, left_notation, year=left_has_year)
    year = draw(YEARS) if left_has_year or right_year else first.year
    prefix = draw(st.sampled_from(["", "从", "自", "由"]))
    marker = draw(st.sampled_from(["", "起", "开始", "开始,"])) if prefix else ""
    suffix = draw(st.sampled_from(["", "止", "为止", "结束"]))
    text = f"{prefix}{left}{marker}{draw(st.sampled_from(SEPARATORS))}{right}{suffix}"
    return draw(st.sampled_from(["{}", " {} ", "({})", "（{}）。", "{}，"])).format(text), year, first, last


def _month_end(year: int, month: int) -> datetime.date:
    return (D(year + month // 12, month % 12 + 1, 1)) - datetime.timedelta(days=1)


@st.composite
def month_phrases(draw: st.DrawFn) -> tuple[str, int, datetime.date, datetime.date]:
    year = draw(YEARS)
    m1 = draw(st.integers(1, 12))
    m2 = draw(st.integers(m1, 12))
    forms = [
        f"{m1}-{m2}月份",
        f"{m1}-{m2}月",
        f"{m1}月至{m2}月",
        f"{_cn(m1)}月至{_cn(m2)}月",
        f"{m1}月份—{m2}月份",
        f"{m1}月至{m2}月底",
        f"{m1}月初至{m2}月底",
    ]
    text = draw(st.sampled_from(forms))
    prefix = draw(st.sampled_from(["", "从", "自"]))
    if draw(st.booleans()):
        return f"{prefix}{year}年{text}", draw(YEARS), D(year, m1, 1), _month_end(year, m2)
    return prefix + text, year, D(year, m1, 1), _month_end(year, m2)


@st.composite
def part_phrases(draw: st.DrawFn) -> tuple[str, int, datetime.date, datetime.date]:
    year, month = draw(YEARS), draw(st.integers(1, 12))
    last = _month_end(year, month).day
    parts = {"上旬": (1, 10), "中旬": (11, 20), "下旬": (21, last), "中下旬": (11, last), "上中旬": (1, 20),
             "初": (1, 10), "中": (11, 20), "底": (last, last), "末": (last, last)}  # fmt: skip
    part = draw(st.sampled_from(sorted(parts)))
    low, high = parts[part]
    month_text = draw(st.sampled_from([f"{month}月", f"{_cn(month)}月", f"{month}月".translate(WIDE)]))
    return f"{year}年{month_text}{part}", draw(YEARS), D(year, month, low), D(year, month, high)


@st.composite
def quarter_phrases(draw: st.DrawFn) -> tuple[str, int, datetime.date, datetime.date]:
    year, quarter = draw(YEARS), draw(st.integers(1, 4))
    text = draw(st.sampled_from([f"{CN[quarter]}季度", f"第{CN[quarter]}季度", f"第{quarter}季度"]))
    return text, year, D(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter)


@st.composite
def festival_phrases(draw: st.DrawFn) -> tuple[str, int, datetime.date | None, datetime.date]:
    """A festival deadline, or a range from a month to a festival: the first one on or after the start."""
    name, year = draw(st.sampled_from(festivals.NAMES)), draw(st.integers(1990, 2039))
    if draw(st.booleans()):
        deadline = draw(st.sampled_from(["", "前", "以前", "之前"]))
        written = draw(st.booleans())
        text = f"{year}年{name}{deadline}" if written else f"{name}{deadline}"
        day = festivals.day_of(name, year)
        return text, draw(YEARS) if written else year, (None if deadline else day), day
    month = draw(st.integers(1, 12))
    end = festivals.day_of(name, year)
    if end < D(year, month, 1):
        end = festivals.day_of(name, year + 1)
    return f"{month}月至{name}{draw(st.sampled_from(['', '前']))}", year, D(year, month, 1), end


@given(
    st.one_of(
        day_phrases(), range_phrases(), month_phrases(), part_phrases(), quarter_phrases(), festival_phrases()
    )
)
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_generated_phrases_round_trip(case: tuple[str, int, datetime.date | None, datetime.date]) -> None:
    text, year, start, end = case
    assert parse_window(text, year) == Window(text, start, end)


# ── hypothesis: anything else is a DatePhraseError, never another exception ────────────────────────

ALPHABET = (
    "0123456789年月日号份至到从自起止前后底末初中上下旬季度第全半今明次内"
    "一二三四五六七八九十〇两、,.。:-—~～()（） 个周天工作为期左右"
)
TOKENS = [
    "2012年", "4月", "25日", "至", "—", "-", "从", "开始", ",", "结束", "前", "底", "上旬", "中下旬", "初",
    "季度", "第", "一", "十", "二〇一二年", "12", "3", "、", "9:00", "左右", "次年", "明年", "年底", "年内",
    "号", "份", "全年", "上半年", "31日", "2月", "29日", "0", "13月", "个月", "半年", "工作日", "(", ")",
    "春节", "国庆节", "中秋", "清明", "五一", "即日起", "以前", "后",
]  # fmt: skip
ANY_TEXT = st.one_of(
    st.text(),
    st.text(alphabet=ALPHABET, max_size=24),
    st.lists(st.sampled_from(TOKENS), max_size=8).map("".join),
)


@given(ANY_TEXT, st.integers(1900, 2100))
@settings(max_examples=600)
def test_anything_else_is_refused_cleanly(text: str, year: int) -> None:
    try:
        window = parse_window(text, year)
    except DatePhraseError as exc:
        assert exc.text == text
        assert isinstance(exc.unread, str)
    else:
        assert type(window.end) is D
        assert window.start is None or (type(window.start) is D and window.start <= window.end)
    with contextlib.suppress(DatePhraseError):
        parse_deadline(text, year)
    try:
        duration = parse_duration(text)
    except DatePhraseError:
        pass
    else:
        assert duration.months + duration.days + duration.workdays > 0


@given(st.integers(-(10**6), 10**6))
def test_any_year_is_refused_cleanly(year: int) -> None:
    with contextlib.suppress(DatePhraseError):
        parse_window("明年12月31日", year)


# ── hygiene ─────────────────────────────────────────────────────────────────────────────────────────


def test_the_grammar_characters_are_what_opencc_returns() -> None:
    """fold() skips OpenCC for ASCII and numerals.SIMPLIFIED: it must return each of them unchanged."""
    converter = t2s()
    for char in [*SIMPLIFIED, *map(chr, range(128))]:
        assert converter.convert(char) == char, char


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="從開結號週发至到年月日号前底末(（)）jiéü12345 -—ab一二十", max_size=30))
def test_fold_is_opencc_on_every_character(text: str) -> None:
    """fold()'s shortcuts (no OpenCC for characters it leaves alone; whether pinyin follows a Han
    character asked in code) change nothing: the same as OpenCC on every character and the look-behind."""
    behind = (
        r"(?<=[\u3400-\u9fff\uf900-\ufaff])[(（][a-zü\u00e0-\u00fc\u0101-\u01dc\u0300-\u036f]{1,8}[1-5]?[)）]"
    )
    with mock.patch.multiple(
        numerals,
        _simplified=lambda char: t2s().convert(unicodedata.normalize("NFKC", char)),
        _PINYIN=re.compile(behind),
        _after_han=lambda text, i: True,
    ):
        expected = fold(text)
    assert fold(text) == expected


def test_the_clock_is_never_read() -> None:
    for module in ("dates.py", "durations.py", "phrase.py", "festivals.py", "numerals.py", "workdays.py"):
        source = (ROOT / "campaignflow" / module).read_text(encoding="utf-8")
        assert not re.search(r"\b(today|now|utcnow|time)\(", source), module
    assert Path(dates.__file__).name == "dates.py"
