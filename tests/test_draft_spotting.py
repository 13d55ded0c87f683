"""Spotting date phrases in running text: what reaches the date reader, and what is left out."""

from __future__ import annotations

import pytest

from campaignflow.draft import draft_plan
from campaignflow.draft.spotting import spot


@pytest.mark.parametrize(
    ("text", "spotted"),
    [
        ("各科室于国庆节前报送整改报告", ["国庆节前"]),  # a festival as a deadline
        ("12月至春节前完成", ["12月至春节前"]),  # and as a range's end
        ("五一前完成自查", ["五一前"]),
        ("国庆节期间值班", []),  # a festival named in passing is no date
        ("建党节当天召开大会", []),
        ("各单位于12月10日前后报送总结", ["12月10日前后"]),  # kept whole, so the reader refuses it
        ("3月底左右报送", ["3月底左右"]),
        ("中秋节前后走访", ["中秋节前后"]),
        ("12月10日前报送", ["12月10日前"]),
        ("(2023.3.1-3.15)", ["2023.3.1-3.15"]),
        ("2023-03-16至2023-04-30", ["2023-03-16至2023-04-30"]),
        ("电话0771-1234-5678", []),
        ("增长3.5%", []),
    ],
)
def test_spotted_phrases(text: str, spotted: list[str]) -> None:
    assert [s.text for s in spot(text)] == spotted


def test_a_festival_deadline_is_an_artifacts_deadline_and_an_approximate_one_none() -> None:
    text = (
        "作风建设实施方案\n三、方法步骤\n(一)整改落实阶段(3月16日至11月30日)\n"
        "各科室于国庆节前报送整改报告,12月10日前后报送工作总结。\n"
    )
    (phase,) = draft_plan(text, 2023).data["phases"]
    assert [(a["name"], a["deadline"]) for a in phase["artifacts"]] == [("整改报告", "国庆节前")]
