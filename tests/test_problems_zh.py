"""``validate`` in Chinese: every problem a plan check reports reads in the clerk's language.

The library's messages stay English (``Problem.message``, ``validate --format json``); the CLI reads
them by the catalog's templates (:mod:`campaignflow.problemtexts`) under ``--lang zh`` or a Chinese
locale, keeping ``path:line:col`` and ``[code]`` for editors and CI.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from campaignflow import messages
from campaignflow.errors import PlanError, Problem
from campaignflow.loader import MAX_BYTES, check_plan_file, check_plan_text
from tests.cli import run
from tests.conftest import DATA, DEFINITIONS, ROOT

PROBLEMS = DATA / "problems"
CJK = re.compile(r"[\u4e00-\u9fff]")
LINE = re.compile(
    r"^(?P<where>.+?:\d+:\d+): (?P<severity>\S+?)[:：] ?(?P<message>.*) \[(?P<code>[a-z0-9-]+)\]$"
)


@pytest.fixture(autouse=True)
def _locale_decides() -> Iterator[None]:
    yield
    messages.set_language(None)


def fixtures() -> list[Path]:
    return sorted(PROBLEMS.glob("*.yaml")) + sorted((DATA / "invalid").glob("*.yaml"))


def test_validate_under_lang_zh_prints_each_problem_in_chinese() -> None:
    paths = fixtures()
    zh = run("--lang", "zh", "validate", *paths)
    en = run("validate", *paths)
    assert zh.exit_code == en.exit_code == 1
    zh_lines, en_lines = zh.stdout.splitlines(), en.stdout.splitlines()
    assert len(zh_lines) == len(en_lines) > 80
    for chinese, english in zip(zh_lines, en_lines, strict=True):
        shown, original = LINE.match(chinese), LINE.match(english)
        assert shown and original, (chinese, english)
        assert shown["where"] == original["where"] and shown["code"] == original["code"]  # kept for editors
        assert shown["severity"] == {"error": "错误", "warning": "警告"}[original["severity"]], chinese
        assert shown["message"] != original["message"], chinese
    assert zh.stderr.splitlines()[-1].startswith(f"已检查 {len(paths)} 个文件：")
    lines = set(zh_lines)
    for name, expected in SHOWN:
        path = PROBLEMS / f"{name}.yaml"
        if not path.exists():
            path = DATA / "invalid" / f"{name}.yaml"
        assert f"{path}:{expected}" in lines, expected


#: Some of the lines ``validate --lang zh`` prints for the fixtures: file, then line:col and the rest.
SHOWN = [
    ("semantic", "3:8: 警告：'TODO' 是尚待填写的占位内容 [todo]"),
    ("semantic", "9:11: 错误：单位类别 '科室' 声明了两次（首次出现在第 8 行） [duplicate-id]"),
    ("semantic", "21:19: 错误：单位类别 '社区' 未声明（已声明：科室） [unknown-ref]"),
    (
        "semantic",
        "32:13: 警告：阶段 study（2012-03-20 – 2012-04-30）与 mobilize（2012-03-01 – 2012-03-31）"
        "时间重叠 [phase-overlap]",
    ),
    ("semantic", "47:5: 警告：阶段 rectify 尚无时间窗口（window）；跟踪和日历都需要它 [no-window]"),
    ("semantic", "81:19: 错误：自动执行的限期整改需要 'within' [missing-field]"),
    ("semantic", "100:3: 错误：2012-04-04 同时被列为节假日和工作日 [calendar-conflict]"),
    (
        "semantic-more",
        "22:13: 错误：学习阶段的结束日期（2012-07-01）早于开始日期（2012-07-31） [window-order]",
    ),
    (
        "semantic-more",
        "59:7: 错误：send_back 只能退回到前面的阶段，但 study 排在 mobilize 之后 [forward-send-back]",
    ),
    ("schema", "9:5: 错误：unit_kinds[1] 缺少必填字段 'name' [missing-field]"),
    ("schema", "28:10: 错误：'name' 应为文本，而不是空值 None（请加引号） [wrong-type]"),
    ("schema", "5:11: 错误：'complete' 应为布尔值（true 或 false），而不是文本 '否' [wrong-type]"),
    (
        "schema",
        "18:19: 错误：无法读取日期短语 '6月中'（在 '6月中' 处）：截止期限须是某一天（如 6月15日前），"
        "而不是一段时间 [date-phrase]",
    ),
    (
        "schema",
        "26:20: 错误：'recurring'：31 不是每月的报送日：请用 1–28 日，或用 末 表示月末 [bad-recurrence]",
    ),
    (
        "year-waits",
        "11:13: 错误：方案有有效的 'year' 之前，无法读取日期短语（共 2 个日期短语都在等待年份，第一个在此） "
        "[date-phrase]",
    ),
    (
        "yaml-level",
        "12:5: 错误：重复的键 'name'（首次出现在第 11 行）；YAML 只会保留最后一个 [duplicate-key]",
    ),
    ("syntax", "3:16: 错误：YAML 语法错误：此上下文中不能出现映射值（检查冒号和缩进） [yaml-syntax]"),
    ("tab-indent", "8:1: 错误：缩进中用了制表符（Tab）；YAML 只允许用空格缩进 [yaml-syntax]"),
    ("unknown-key", "10:5: 错误：phases[0] 中有未知字段 'widnow'（是否应为 'window'？） [unknown-field]"),
    ("deep-nesting", "2:72: 错误：嵌套超过 64 层 [too-deep]"),
    (
        "bad-phrase",
        "10:13: 错误：无法读取日期短语 '9:00-18:30'（在 '9:00' 处）：这是钟点时间，不是日期 [date-phrase]",
    ),
]


def test_a_chinese_locale_reads_the_same_and_english_is_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    path = PROBLEMS / "semantic-more.yaml"
    english = run("validate", path).stdout.splitlines()
    assert english == [p.format() for p in check_plan_file(path).problems]  # byte for byte, as before
    forced = run("--lang", "zh", "validate", path).stdout
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert run("validate", path).stdout == forced
    assert run("--lang", "en", "validate", path).stdout.splitlines() == english


def test_json_stays_english_in_every_language() -> None:
    path = PROBLEMS / "schema.yaml"
    zh = run("--lang", "zh", "validate", "--format", "json", path)
    en = run("validate", "--format", "json", path)
    assert zh.stdout == en.stdout
    shown = json.loads(zh.stdout)
    assert [p["message"] for p in shown] == [p.message for p in check_plan_file(path).problems]
    assert all(p["severity"] in ("error", "warning") for p in shown)


def test_an_unreadable_file_and_a_message_no_template_reads(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-plan.yaml"
    result = run("--lang", "zh", "validate", missing)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{missing}:0:0: 错误：无法读取文件：")
    messages.set_language("zh")
    odd = Problem("p.yaml", 3, 1, "warning", "new-code", "a message the catalog has never seen")
    assert messages.problem_line(odd) == "p.yaml:3:1: 警告：a message the catalog has never seen [new-code]"
    assert messages.translate(odd.message) == odd.message  # English, as it is: never an error


#: Problem codes whose Chinese the fixtures cannot show, and why.
EXCEPTIONS = {
    "invalid": "pydantic's catch-all for an error kind diagnostics.py does not word; no plan the tests know "
    "reaches it, and its message is pydantic's own English after the field's name",
}


def every_problem() -> Iterator[Problem]:
    """Every problem the plan fixtures and the definitions give, and a file too large to read."""
    for path in [*sorted(DATA.rglob("*.yaml")), *sorted(DEFINITIONS.glob("*.yaml"))]:
        yield from check_plan_file(path).problems
    yield from check_plan_text(b"#" * (MAX_BYTES + 1), "huge.yaml").problems


def library_codes() -> set[str]:
    """The codes the plan checks can report, as their sources spell them."""
    source = "".join(
        (ROOT / "campaignflow" / f"{name}.py").read_text(encoding="utf-8")
        for name in ("checks", "loader", "planyaml", "diagnostics", "fields", "plan", "rules", "recurrence")
    )
    codes = set(re.findall(r'"(?:error|warning)",\s*"([a-z0-9-]+)"', source))
    codes |= set(re.findall(r'PydanticCustomError\(\s*"([a-z0-9-]+)"', source))
    return codes | set(re.findall(r'return\s*\(?\s*"([a-z0-9-]+)",', source))


def test_every_problem_the_fixtures_produce_reads_in_chinese() -> None:
    found: dict[str, list[Problem]] = {}
    for problem in every_problem():
        found.setdefault(problem.code, []).append(problem)
    codes = library_codes()
    assert len(codes) > 40 and codes - set(found) <= set(EXCEPTIONS), sorted(codes - set(found))
    messages.set_language("zh")
    unread = []
    for code, problems in sorted(found.items()):
        for problem in problems:
            chinese = messages.translate(problem.message)
            if chinese == problem.message or len(CJK.findall(chinese)) <= len(CJK.findall(problem.message)):
                unread.append((code, problem.message))
            assert messages.problem_line(problem) != problem.format()
    assert unread == [], unread


def test_a_plan_error_elsewhere_reads_as_its_first_problem_and_a_count(tmp_path: Path) -> None:
    """Commands that load a plan (track init, calendar …) show PlanError's text: the first error and how
    many more. It is read by the same templates, and none reads it astray (a field swallowing the rest)."""
    messages.set_language("zh")
    for path in fixtures():
        error = PlanError(check_plan_file(path).problems)
        shown = error.errors or error.problems
        more = f"（另有 {len(shown) - 1} 个）" if len(shown) > 1 else ""
        assert messages.translate(str(error)) == messages.problem_line(shown[0]) + more, path
    plan = DATA / "invalid" / "dangling-reference.yaml"
    result = run("--lang", "zh", "track", "init", tmp_path / "t.db", plan)
    assert result.exit_code != 0
    assert (
        result.stderr
        == f"错误：{plan}:14:23: 错误：单位类别 '社区' 未声明（已声明：科室） [unknown-ref]（另有 2 个）\n"
    )
