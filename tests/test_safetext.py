"""Recorded text is one printable line; arguments are UTF-8 (issue #21 items 4, 8 and 16)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from campaignflow import Campaign, CampaignflowError, parse_plan
from campaignflow.cli import main
from campaignflow.history import Event, moment
from campaignflow.safetext import UNSAFE, check_text, visible
from tests.cli import ok
from tests.conftest import DEFINITIONS

PLAN = DEFINITIONS / "003-zhujianju-zhenggainian.yaml"
AT = datetime.date(2012, 3, 1)
FORGED = "x\n     99  2012-07-01 00:00 advanced from=study to=done"
GBK = "办公室".encode("gb18030").decode("utf-8", "surrogateescape")  # as Python hands such argv over


@pytest.fixture
def campaign() -> Campaign:
    made = Campaign(parse_plan(PLAN.read_bytes()))
    made.enroll("办公室", kind="局属单位", at=AT)
    return made


ACTS: dict[str, Callable[[Campaign, str], Any]] = {
    "note": lambda c, t: c.record_finding("办公室", severity="走过场", note=t, at=AT),
    "by": lambda c, t: c.record_finding("办公室", severity="走过场", by=t, at=AT),
    "ref": lambda c, t: c.submit("办公室", "unit_plan", ref=t, at=AT),
    "reason": lambda c, t: c.log("办公室", "resolved", at=AT, reason=t),
    "payload key": lambda c, t: c.log("办公室", "escalated", at=AT, **{t: 1}),
    "log": lambda c, t: c.log("办公室", "escalated", at=AT, rule="r", note=t),
    "enroll by": lambda c, t: c.enroll("科室", kind="科室站办", by=t, at=AT),
}


@pytest.mark.parametrize("what", sorted(ACTS))
@pytest.mark.parametrize("text", [FORGED, "a\rb", "a\x1b[31mb", "a\u202eb", "a\u2028b", "a\x00b", GBK])
def test_recorded_text_with_a_control_character_is_refused(campaign: Campaign, what: str, text: str) -> None:
    before = len(campaign.events())
    with pytest.raises(CampaignflowError, match=r"recorded text is one line|not a unit name"):
        ACTS[what](campaign, text)
    assert len(campaign.events()) == before


def test_ordinary_text_is_recorded(campaign: Campaign) -> None:
    event = ACTS["note"](campaign, "上班时间玩游戏 (第3条)\u3000全角空格")
    assert event.payload["note"] == "上班时间玩游戏 (第3条)\u3000全角空格"


def test_a_unit_name_in_gbk_bytes_says_so(campaign: Campaign) -> None:
    with pytest.raises(CampaignflowError, match="not UTF-8"):
        campaign.enroll(GBK, kind="科室站办", at=AT)


def test_history_shows_stored_control_characters_visibly() -> None:
    """A file written before the guard may hold them: describe() still prints one line."""
    event = Event("办公室", "finding", moment(AT), "张\n三", {"severity": "走过场", "note": FORGED})
    line = event.describe()
    assert "\n" not in line and "\\u000a" in line
    assert visible("正常") == "正常"


def test_check_text_names_the_character() -> None:
    with pytest.raises(CampaignflowError, match=r"U\+000A at position 2"):
        check_text("a\nb", "note")
    assert UNSAFE.search("全角\u3000空格") is None


def test_the_cli_refuses_a_forged_note(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    runner = CliRunner()
    ok("init", db, PLAN, "--authority", "record")
    ok("enroll", db, "办公室", "--kind", "局属单位", "--at", "2012-03-01")
    args = ["track", "finding", db, "办公室", "--severity", "走过场", "--at", "2012-03-02"]
    result = runner.invoke(main, [*args, "--note", FORGED])
    assert result.exit_code == 1 and "control character" in result.output
    history = runner.invoke(main, ["track", "history", db, "办公室"])
    assert history.exit_code == 0 and "advanced" not in history.output


@pytest.mark.parametrize(
    "args",
    [
        ["dates", "7" + "月".encode("gbk").decode("utf-8", "surrogateescape"), "--year", "2012"],
        ["track", "finding", "t.db", "办公室", "--severity", "走过场", "--note", GBK],
        ["track", "enroll", "t.db", GBK, "--kind", "局属单位"],
        ["draft", GBK + ".txt"],
        ["validate", GBK + ".yaml", "--format", "json"],
    ],
)
def test_an_argument_that_is_not_utf8_is_refused_with_exit_2(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "is not UTF-8 text" in result.output
    assert "办公室" in result.output or "月" in result.output
    assert "internal error" not in result.output


def test_every_unsafe_character_is_one_isprintable_refuses() -> None:
    """The check's fast path: text ``str.isprintable`` accepts holds no unsafe character."""
    unsafe = [chr(c) for c in range(0x110000) if UNSAFE.match(chr(c))]
    assert len(unsafe) > 2000
    assert not [c for c in unsafe if c.isprintable()]


TWO_PHASES = """\
id: two
title: 两阶段测试方案
year: 2024
unit_kinds: [{name: 科室}]
phases:
  - {id: study, name: 学习阶段, stage: study, window: {start: 2024-03-01, end: 2024-03-31}}
  - {id: rectify, name: 整改阶段, stage: rectify, window: {start: 2024-04-01, end: 2024-05-31}}
"""


@pytest.mark.parametrize("text", [FORGED, "a\u202eb", GBK])
def test_an_advance_checks_its_by_and_its_reason(text: str) -> None:
    """An advance's payload is the plan's phase ids and skips the payload check; what it is given is not."""
    campaign = Campaign(parse_plan(TWO_PHASES))
    campaign.enroll("办公室", kind="科室", at=datetime.date(2024, 3, 1))
    at = datetime.date(2024, 4, 2)
    with pytest.raises(CampaignflowError, match="recorded text is one line"):
        campaign.advance("办公室", at=at, by=text)
    with pytest.raises(CampaignflowError, match="recorded text is one line"):
        campaign.advance("办公室", at=at, backdated=True, reason=text)
    assert campaign.record("办公室").phase == "study" and len(campaign.events()) == 1
    assert campaign.advance("办公室", at=at, by="办公室主任").payload == {"from": "study", "to": "rectify"}
