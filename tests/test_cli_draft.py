"""``campaignflow draft DOC``: a plan on stdout (or -o), findings on stderr as ``DOC:line: kind: message``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from campaignflow.cli.draft import read_document
from campaignflow.loader import check_plan_text
from tests.cli import run
from tests.conftest import DATA

SEED = DATA / "seeds" / "000_4727cc8daa934615.txt"
MASKED = DATA / "draft" / "masked-year.txt"


def test_yaml_on_stdout_findings_on_stderr() -> None:
    code, out, err = run("draft", str(SEED))
    assert code == 0
    plan = check_plan_text(out).plan
    assert plan is not None and plan.phases[0].name == "宣传动员阶段"
    lines = err.splitlines()
    assert f"{SEED}:37: guess: stage mobilize guessed from '宣传动员' in the name" in lines
    assert f"{SEED}:3: skipped: web-page text ignored on line(s) 3" in lines
    assert lines[-1].startswith(f"{SEED}: 4 phase(s), 0 TODO(s), ")


def test_output_file_validates(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    code, out, err = run("draft", str(SEED), "-o", str(target))
    assert code == 0 and out == ""
    assert err.splitlines()[-1].endswith(f"→ {target}")
    code, out, _ = run("validate", str(target))
    assert code == 0, out
    assert "ok — 街道勇创一流活动方案, 4 phases, 2012-04-25 – 2012-12-31" in out


def test_json_holds_the_plan_and_the_findings() -> None:
    code, out, err = run("draft", str(MASKED), "--format", "json")
    assert code == 0 and err == ""
    found = json.loads(out)
    assert set(found) == {"plan", "findings"}
    assert found["plan"]["title"] == "20xx年作风建设实施方案"
    assert "year" not in found["plan"]
    assert found["findings"][0] == {
        "line": 1,
        "kind": "year-unknown",
        "message": "the text masks its year (20xx年): rerun with --year",
    }
    assert all(set(f) == {"line", "kind", "message"} for f in found["findings"])


def test_year_option_resolves_a_masked_year() -> None:
    code, out, err = run("draft", str(MASKED), "--year", "2013")
    assert code == 0
    plan = check_plan_text(out).plan
    assert plan is not None and plan.year == 2013 and plan.phases[0].start.isoformat() == "2013-03-01"
    assert "year-unknown" not in err


def test_yaml_and_json_describe_the_same_plan() -> None:
    _, as_yaml, _ = run("draft", str(SEED))
    _, as_json, _ = run("draft", str(SEED), "--format", "json")
    assert yaml.safe_load(as_yaml) == json.loads(as_json)["plan"]


def test_gbk_file_is_read_with_a_note(tmp_path: Path) -> None:
    doc = tmp_path / "gbk.txt"
    doc.write_bytes(SEED.read_text(encoding="utf-8").encode("gbk"))
    code, out, err = run("draft", str(doc))
    assert code == 0
    assert (
        f"{doc}:0: encoding: the file is not UTF-8; it was read as GB18030 (GBK): check the characters" in err
    )
    assert "title: 街道勇创一流活动方案" in out


def test_utf8_bom_and_utf16_are_read() -> None:
    text = "方案\n一、方法步骤\n(一)动员阶段(2012年3月)\n"
    assert read_document(b"\xef\xbb\xbf" + text.encode()) == (text, None)
    assert read_document(text.encode("utf-16")) == (text, None)


def test_empty_document_gives_a_draft_that_says_what_is_missing(tmp_path: Path) -> None:
    doc = tmp_path / "empty.txt"
    doc.write_text("", encoding="utf-8")
    code, out, err = run("draft", str(doc))
    assert code == 0
    assert f"{doc}:0: no-phases: no phases found: add them by hand" in err
    assert "phases: []" in out


@pytest.mark.parametrize(
    "args", [("missing.txt",), (".",), (str(SEED), "--format", "xml"), (str(SEED), "--year", "20")]
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    code, _, err = run("draft", *args)
    assert code == 2, err


def test_unwritable_output_exits_2(tmp_path: Path) -> None:
    code, _, err = run("draft", str(SEED), "-o", str(tmp_path / "no" / "such" / "dir.yaml"))
    assert code == 2
    assert "cannot write" in err


def test_source_is_the_file_name(tmp_path: Path) -> None:
    doc = tmp_path / "通知.txt"
    shutil.copy(SEED, doc)
    _, out, _ = run("draft", str(doc))
    assert "source: 通知.txt" in out
    assert "id: draft-2012" in out  # no ASCII in the name: a neutral id


def test_holders_attendees_and_publication_validate(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    code, _, _ = run("draft", str(DATA / "draft" / "parties.txt"), "-o", str(target))
    assert code == 0
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    vote = data["phases"][2]["artifacts"][0]
    assert (vote["name"], vote["held_by"], vote["attended_by"]) == (
        "内部评议会议",
        "办党组",
        ["全体干部职工"],
    )
    assert data["phases"][1]["artifacts"][2]["publish"] == ["公开栏", "网站", "新闻媒体"]
    assert data["rules"][1]["ladder"] == [{"actions": [{"action": "诫勉谈话", "held_by": "区委"}]}]
    code, out, err = run("validate", str(target))
    assert code == 0, out
    assert "ok — 局机关作风评议实施方案, 3 phases" in out and "kind-mismatch" not in out + err
