"""Bounded fuzzing of the command line (issue #21): mutated plans, garbled arguments.

Two property tests, a few seconds each:

* the bundled definitions, mutated (lines dropped, doubled or cut, characters replaced by YAML
  syntax, tags, control characters, huge numbers and far dates), go through ``validate`` (text
  and JSON) and, when valid, ``calendar``: the exit status is 0, 1 or 2, JSON output parses,
  and every error about the file's content is located at a line ≥ 1;
* every command, from a working invocation, has its arguments dropped, doubled, swapped or
  replaced by hostile values (bytes that are not UTF-8, control characters, out-of-range dates,
  huge numbers, FIFOs and devices as files): the exit status is 0, 1 or 2, never 3 (a traceback).
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaignflow.cli import main
from tests.cli import ok
from tests.conftest import DEFINITIONS

PLANS = sorted(DEFINITIONS.glob("*.yaml"))
TEXTS = {path.name: path.read_text(encoding="utf-8") for path in PLANS}
#: What a mutation puts in: YAML syntax, explicit tags, controls, huge and far values, CJK text.
PIECES = [
    ":", "- ", "  ", "\t", "&a ", "*a", "<<: *a", "!!int abc", "!!bool maybe", "!!timestamp foo",
    "!!float x", "!!binary @", "!!python/object:os.system", "'", '"', "{", "[", "]", "}", "#", "\n",
    "\x01", "\x7f", "\u2028", "\ufeff", "9" * 4400, "0001-01-01", "9999-12-31", "2012-02-30",
    "99999999999", "-1", "null", "~", "yes", "9999年", "2月份", "上旬", "至", "前", "个工作日",
    "workdays_after_start: 99999999999", "id", "phases", "window", "deadline", "section x", "🙂",
]  # fmt: skip


@st.composite
def mutants(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.sampled_from(sorted(TEXTS)))
    lines = TEXTS[name].splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["drop", "double", "cut", "insert", "replace"]))
        if how == "drop":
            del lines[i]
        elif how == "double":
            lines.insert(i, lines[i])
        elif how == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        else:
            piece = draw(st.sampled_from(PIECES) | st.text(max_size=6))
            at = draw(st.integers(0, len(lines[i])))
            end = at if how == "insert" else min(len(lines[i]), at + draw(st.integers(1, 8)))
            lines[i] = lines[i][:at] + piece + lines[i][end:]
    return name, "".join(lines)


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="campaignflow-fuzz-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutants())
def test_mutated_plans_get_located_errors_and_no_traceback(workdir: Path, mutant: tuple[str, str]) -> None:
    name, text = mutant
    path = workdir / name
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    runner = CliRunner()
    result = runner.invoke(main, ["validate", str(path), "--format", "json"])
    assert result.exit_code in (0, 1, 2), result.output
    problems = json.loads(result.stdout)
    for problem in problems:
        if problem["severity"] == "error" and problem["code"] != "io":
            assert problem["line"] >= 1 and problem["column"] >= 1, problem
    text_run = runner.invoke(main, ["validate", str(path)])
    assert text_run.exit_code == result.exit_code, text_run.output
    if result.exit_code == 0:
        for fmt in ("ics", "mermaid", "json"):
            drawn = runner.invoke(main, ["calendar", str(path), "--format", fmt])
            assert drawn.exit_code in (0, 1), drawn.output
            if fmt == "json" and drawn.exit_code == 0:
                json.loads(drawn.stdout)


# ── garbled arguments ────────────────────────────────────────────────────────────────────────────

PLAN = DEFINITIONS / "004-youqu-liangpingyishu.yaml"
#: Working invocations, one per command family; {db} {plan} {doc} {csv} are filled in.
COMMANDS = [
    ["validate", "{plan}", "--format", "json"],
    ["dates", "7月下旬—7月底", "--year", "2011"],
    ["schema"],
    ["calendar", "{plan}", "--format", "mermaid", "--today", "2011-08-15"],
    ["draft", "{doc}", "--year", "2011", "--format", "json"],
    ["track", "status", "{db}", "--format", "json"],
    ["track", "history", "{db}", "甲", "--format", "json"],
    ["track", "enroll", "{db}", "乙", "--kind", "领导班子", "--at", "2011-07-22"],
    ["track", "enroll", "{db}", "--from", "{csv}", "--at", "2011-07-22"],
    [
        "track",
        "submit",
        "{db}",
        "甲",
        "specific_plan",
        "--by",
        "张三",
        "--ref",
        "a.docx",
        "--at",
        "2011-07-25",
    ],
    ["track", "finding", "{db}", "甲", "--severity", "较严重", "--note", "x", "--at", "2011-07-26"],
    ["track", "advance", "{db}", "甲", "--at", "2011-08-01"],
    ["track", "extend", "{db}", "甲", "--phase", "rectify", "--by", "2个月", "--at", "2011-08-02"],
    ["track", "sweep", "{db}", "--as-of", "2011-09-01"],
    ["track", "board", "{db}", "--as-of", "2011-09-01"],
    ["calendar", "--db", "{db}", "--unit", "甲", "--format", "ics"],
]
HOSTILE = [
    "", "-", "--", "--at", "--format", "xml", "甲", "不存在", "\x00", "a\nb", "\x1b[31m",
    "办公室".encode("gb18030").decode("utf-8", "surrogateescape"), "9999-12-31", "0001-01-01",
    "9999-12-31T23:59-10:00", "2011-02-30", "99999999999", "-5", "1e309", "nan", "9999年", "0个月",
    "/dev/zero", "/dev/null", "/", "{fifo}", "{db}", "{plan}", "--help", "-V",
]  # fmt: skip


@pytest.fixture(scope="module")
def files(workdir: Path) -> dict[str, str]:
    db = str(workdir / "t.db")
    fifo = workdir / "pipe"
    os.mkfifo(fifo)
    doc = workdir / "notice.txt"
    doc.write_text("油区办两评一树工作方案\n一、宣传发动阶段（7月下旬—7月底）\n", encoding="utf-8")
    csv = workdir / "units.csv"
    csv.write_text("name,kind\n丙,领导班子\n", encoding="utf-8")
    ok("init", db, PLAN, "--authority", "record")
    ok("enroll", db, "甲", "--kind", "领导班子", "--at", "2011-07-21")
    return {"{db}": db, "{plan}": str(PLAN), "{doc}": str(doc), "{csv}": str(csv), "{fifo}": str(fifo)}


@st.composite
def garbled(draw: st.DrawFn) -> list[str]:
    args = list(draw(st.sampled_from(COMMANDS)))
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["drop", "double", "swap", "replace", "insert"]))
        i = draw(st.integers(0, max(0, len(args) - 1)))
        if how == "drop" and args:
            del args[i]
        elif how == "double" and args:
            args.insert(i, args[i])
        elif how == "swap" and len(args) > 1:
            j = draw(st.integers(0, len(args) - 1))
            args[i], args[j] = args[j], args[i]
        else:
            value = draw(st.sampled_from(HOSTILE) | st.text(max_size=8))
            if how == "replace" and args:
                args[i] = value
            else:
                args.insert(i, value)
    return args


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(garbled())
def test_garbled_arguments_never_give_a_traceback(files: dict[str, str], args: list[str]) -> None:
    filled = [files.get(a, a) for a in args]
    result = CliRunner().invoke(main, filled)
    assert result.exit_code in (0, 1, 2), (filled, result.output, result.exception)
    assert "internal error" not in result.output, filled


def test_the_fuzzed_commands_work_before_they_are_garbled(files: dict[str, str]) -> None:
    """The starting points are real invocations: each one succeeds (or is refused by the engine)."""
    runner = CliRunner()
    for args in COMMANDS:
        result = runner.invoke(main, [files.get(a, a) for a in args])
        assert result.exit_code in (0, 1), (args, result.output)
    assert datetime.date(2011, 7, 21).year == 2011
