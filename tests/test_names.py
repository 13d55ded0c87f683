"""Chinese names for ids, in the library resolver and on the command line."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignflow.cli import main
from campaignflow.engine import Campaign
from campaignflow.errors import AmbiguousName
from campaignflow.loader import load_plan
from campaignflow.names import named, resolve
from tests.cli import track
from tests.conftest import DEFINITIONS

PLAN_PATH = DEFINITIONS / "003-zhujianju-zhenggainian.yaml"
PLAN = load_plan(PLAN_PATH)


def test_ids_pass_and_names_become_their_ids() -> None:
    assert resolve(PLAN, "artifact", "public_pledge") == "public_pledge"
    assert resolve(PLAN, "artifact", "公开承诺") == "public_pledge"
    assert resolve(PLAN, "phase", "查摆问题阶段") == "inspect"
    assert resolve(PLAN, "rule", "避重就轻、敷衍应付") == "superficial_analysis"
    assert resolve(PLAN, "unit_kind", "科室站办") == "科室站办"
    assert resolve(PLAN, "artifact", "公开承诺 ") == "公开承诺 "  # exact match only: left to the engine
    assert resolve(PLAN, "phase", "公开承诺") == "公开承诺"  # a name of another sort is not a phase


def test_an_ambiguous_name_lists_its_candidates() -> None:
    with pytest.raises(AmbiguousName) as caught:
        resolve(PLAN, "artifact", "投稿")
    assert caught.value.candidates == (("weekly_article", "投稿"), ("half_monthly_article", "投稿"))
    assert "weekly_article (投稿)、half_monthly_article (投稿)" in str(caught.value)


@given(st.sampled_from(["artifact", "phase", "rule", "unit_kind"]), st.data())
def test_every_unique_name_resolves_to_the_one_id_it_names(what: str, data: st.DataObject) -> None:
    pairs = list(named(PLAN, what))  # type: ignore[arg-type]
    ident, name = data.draw(st.sampled_from(pairs))
    assert resolve(PLAN, what, ident) == ident  # type: ignore[arg-type]
    if [n for _, n in pairs].count(name) == 1:
        assert resolve(PLAN, what, name) == ident  # type: ignore[arg-type]


def test_the_cli_takes_chinese_names_wherever_it_takes_ids(tmp_path: Path) -> None:
    db = tmp_path / "track.db"
    assert track("init", db, PLAN_PATH, "--authority", "record")[0] == 0
    assert track("enroll", db, "办公室", "--kind", "科室站办", "--at", "2012-02-01")[0] == 0
    code, out, err = track("submit", db, "办公室", "公开承诺", "--at", "2012-02-06")
    assert (code, err) == (0, "")
    assert out.startswith("办公室: 2012-02-06 00:00 submitted artifact=public_pledge")  # record mode flags it
    code, _, err = track("submit", db, "办公室", "投稿", "--at", "2012-02-06")
    assert code == 1
    assert err == (
        "error: artifact '投稿' is ambiguous: the plan has weekly_article (投稿)、"
        "half_monthly_article (投稿); give the id\n"
    )
    assert track("submit", db, "办公室", "half_monthly_article", "--at", "2012-02-07")[0] == 0
    code, _, err = track("submit", db, "办公室", "无此材料", "--at", "2012-02-07")
    assert code == 1 and "无此材料" in err and "Traceback" not in err
    code, out, err = track("finding", db, "办公室", "--severity", "避重就轻", "--at", "2012-02-08")
    assert code == 0, err
    assert track("deadline", db, "办公室", "公开承诺", "--due", "2012-02-20", "--at", "2012-02-08")[0] == 0
    with Campaign.open(db) as campaign:
        assert campaign.deadline_of("办公室", "public_pledge").isoformat() == "2012-02-20"
    code, out, err = track("sweep", db, "--as-of", "2012-02-09")
    assert code == 0, err
    code, out, err = track("close", db, "办公室", "避重就轻、敷衍应付", "--at", "2012-02-10")
    assert code == 0, err
    with Campaign.open(db) as campaign:
        last = campaign.history("办公室")[-1]
    assert (last.kind, last.payload["rule"]) == ("resolved", "superficial_analysis")


def test_phase_names_in_send_back_and_extend(tmp_path: Path) -> None:
    db = tmp_path / "track.db"
    assert track("init", db, DEFINITIONS / "003-zhujianju-zhenggainian.yaml", "--authority", "record")[0] == 0
    assert track("enroll", db, "办公室", "--kind", "科室站办", "--at", "2012-02-01")[0] == 0
    code, _, err = track(
        "send-back", db, "办公室", "--to", "查摆问题阶段", "--reason", "重新查找", "--at", "2012-02-02"
    )
    assert (
        code == 1 and "inspect" in err and "unknown" not in err
    )  # resolved, then refused by the plan's moves from study
    code, _, err = track(
        "extend", db, "办公室", "--phase", "学习提高阶段", "--by", "半个月", "--at", "2012-02-02"
    )
    assert (
        code == 1 and "study" in err and "unknown" not in err
    )  # the plan allows no extension of study: refused by id


NAMED_PARAMS = {"artifact": "artifact", "rule": "rule", "to": "phase", "phase": "phase"}


def test_every_track_command_taking_an_id_resolves_names() -> None:
    track = main.commands["track"]
    assert isinstance(track, click.Group)
    checked = 0
    for name, command in track.commands.items():
        for param in command.params:
            what = NAMED_PARAMS.get(param.name or "")
            if what is None or not isinstance(param, click.Argument | click.Option):
                continue
            resolved = getattr(command.callback, "plan_names", {})
            assert resolved.get(param.name) == what, f"track {name} {param.name}: no plan_names"
            checked += 1
    assert checked >= 14
