"""Normalisation: pinyin noise out, traditional → simplified, full-width → half-width, lines mapped back."""

from __future__ import annotations

import re

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from campaignflow.draft.normalize import normalize, normalize_line, simplify, strip_pinyin, to_halfwidth
from tests.conftest import DATA

SEEDS = DATA / "seeds"
T2S = opencc.OpenCC("t2s")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("關(guān)於", "關於"),
        ("時(shí)間", "時間"),
        ("結(jié)合我局實(shí)際", "結合我局實際"),
        ("關(guān)(guān)於", "關於"),  # consecutive annotations go together
        ("的(de)", "的(de)"),  # no tone mark: not known to be pinyin
        ("(1)自查自評", "(1)自查自評"),
        ("辦法(試行)", "辦法(試行)"),
        ("關 (guān)", "關 (guān)"),  # not right after the character
        ("abc(guān)", "abc(guān)"),  # not after a CJK character
        ("關(Guān)", "關(Guān)"),  # pinyin annotations are lower case
        ("嗯(ń)", "嗯"),
        ("綠(lǜ)", "綠"),
    ],
)
def test_strip_pinyin(raw: str, expected: str) -> None:
    assert strip_pinyin(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("１２月１０日", "12月10日"),
        ("（一）宣传动员", "(一)宣传动员"),
        ("时间安排：３月", "时间安排:3月"),
        ("甲，乙；丙！", "甲,乙;丙!"),
        ("甲\u3000乙", "甲 乙"),
        ("㈠动员", "(一)动员"),
        ("㈩", "(十)"),
        ("３－６月～７月", "3-6月~7月"),
    ],
)
def test_to_halfwidth(raw: str, expected: str) -> None:
    assert to_halfwidth(raw) == expected


def test_chinese_punctuation_without_an_ascii_twin_is_kept() -> None:
    assert to_halfwidth("。、“”《》〔〕【】") == "。、“”《》〔〕【】"


def test_simplify_uses_opencc_t2s() -> None:
    assert simplify("實施方案、評議、確保、號") == "实施方案、评议、确保、号"
    assert simplify("已是简体") == "已是简体"


def test_normalize_line_runs_every_step() -> None:
    assert (
        normalize_line("  第一階段（２０１２年４月）：關(guān)於評(píng)議\t ")
        == "第一阶段(2012年4月):关于评议"
    )
    assert normalize_line("a\x00b\u200bc\ufeffd") == "abcd"  # control and zero-width characters dropped
    assert normalize_line("甲   乙") == "甲 乙"


def test_lines_map_back_to_the_original_line_numbers() -> None:
    text = "\ufeff标题\r\n\r\n  \n第一行\r第二行\n\n\n第三行"
    norm = normalize(text)
    assert norm.lines == ("标题", "第一行", "第二行", "第三行")
    assert norm.origin == (1, 4, 5, 8)
    assert [norm.source_line(i) for i in range(4)] == [1, 4, 5, 8]
    assert norm.source_line(99) == 0
    assert norm.text == "标题\n第一行\n第二行\n第三行"


def test_other_line_separators_do_not_split_a_line() -> None:
    norm = normalize("甲\u2028乙\x85丙\n丁")
    assert norm.lines == ("甲 乙丙", "丁")
    assert norm.origin == (1, 2)


@pytest.mark.parametrize("seed", ["002_de5a8e2f1029ebba.txt", "004_c3ab7ca450a57233.txt"])
def test_traditional_seeds_come_out_simplified_without_pinyin(seed: str) -> None:
    raw = (SEEDS / seed).read_text(encoding="utf-8")
    assert re.search(r"[\u4e00-\u9fff]\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]", raw)
    norm = normalize(raw)
    for line in norm.lines:
        assert not re.search(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)", line), line
        assert T2S.convert(line) == line
    assert norm.origin == tuple(n for n, line in enumerate(raw.split("\n"), start=1) if line.strip())


def test_seed_004_phase_heading_normalised() -> None:
    norm = normalize((SEEDS / "004_c3ab7ca450a57233.txt").read_text(encoding="utf-8"))
    index = norm.origin.index(49)
    assert norm.lines[index].startswith("1、宣传发动阶段(7月下旬—7月底)。召开动员会议")


PINYINISH = st.text(
    alphabet="關時間(guān)(shí)（）１２ａ　\t\r\n，。：abāǖ𠀀\x00\u200b\ufeff\u2028", max_size=60
)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), PINYINISH))
def test_normalize_never_raises_and_is_idempotent(text: str) -> None:
    norm = normalize(text)
    again = normalize(norm.text)
    assert again.lines == norm.lines
    assert all(line and line == line.strip() and "\n" not in line and "\r" not in line for line in norm.lines)
    assert list(norm.origin) == sorted(set(norm.origin))
    assert all(1 <= n <= len(re.split(r"\r\n|\r|\n", text)) for n in norm.origin)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_each_step_is_idempotent(text: str) -> None:
    for step in (to_halfwidth, strip_pinyin, normalize_line):
        once = step(text)
        assert step(once) == once
