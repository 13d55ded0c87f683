"""The loader on hostile files (issue #21 items 5, 13, 16): every problem located, never a traceback."""

from __future__ import annotations

import pytest
import yaml

from campaignflow import planyaml
from campaignflow.errors import ProblemList
from campaignflow.loader import MAX_NODES, _Loader, check_plan_text
from tests.conftest import DEFINITIONS

HEAD = "id: x\ntitle: y\n"


def only(text: str, line: int) -> list[tuple[int, int, str, str]]:
    """The problems reported on ``line``, as (line, column, code, message)."""
    result = check_plan_text(text, "p.yaml")
    assert not result.ok
    for problem in result.problems:
        assert problem.line >= 1 and problem.column >= 1, problem
    return [(p.line, p.column, p.code, p.message) for p in result.problems if p.line == line]


@pytest.mark.parametrize(
    ("value", "code", "says"),
    [
        ("!!int abc", "bad-value", "'abc' is not a valid int value"),
        ("!!int 0b2", "bad-value", "'0b2' is not a valid int value"),
        ("!!float abc", "bad-value", "'abc' is not a valid float value"),
        ("!!bool maybe", "bad-value", "'maybe' is not a valid bool value"),
        ("!!timestamp foo", "bad-date", "'foo' is not a date"),
        ("2012-02-30", "bad-date", "2012-02-30 is not a real date"),
        ("9" * 4301, "bad-value", "a number with 4301 digits is too large"),
        ("-" + "1" * 5000, "bad-value", "a number with 5001 digits is too large"),
    ],
)
def test_a_scalar_that_cannot_be_built_is_located(value: str, code: str, says: str) -> None:
    ((line, column, found, message),) = only(HEAD + f"year: {value}\n", 3)
    assert (line, column, found) == (3, 7, code)
    assert says in message


def test_every_yaml_scalar_type_is_guarded() -> None:
    """The guard is per constructor, not per input: every standard scalar tag is wrapped."""
    for tag in ("bool", "int", "float", "timestamp", "null", "binary", "str"):
        constructor = _Loader.yaml_constructors[f"tag:yaml.org,2002:{tag}"]
        assert constructor.__name__ == "construct_or_report", tag


def test_a_bad_scalar_does_not_hide_other_problems() -> None:
    text = HEAD + "year: !!int abc\nunit_kinds: !!bool maybe\n"
    result = check_plan_text(text, "p.yaml")
    assert {(p.line, p.code) for p in result.problems} >= {(3, "bad-value"), (4, "bad-value")}


@pytest.mark.parametrize("char", ["\x01", "\x07", "\x1b", "\x7f", "\x9f", "\ufffe"])
def test_a_raw_control_character_is_located(char: str) -> None:
    text = HEAD + f"year: 2012\nnote: ab{char}cd\n"
    ((line, column, code, message),) = only(text, 4)
    assert (line, column, code) == (4, 9, "control-char")
    assert f"U+{ord(char):04X}" in message
    assert "<unicode string>" not in message


def test_an_escaped_control_character_is_located() -> None:
    ((line, column, code, _),) = only(HEAD.replace("title: y", 'title: "a\\x01b"') + "year: 2012\n", 2)
    assert (line, column, code) == (2, 8, "control-char")


def test_a_utf32_file_is_called_utf32() -> None:
    data = (DEFINITIONS / "003-zhujianju-zhenggainian.yaml").read_text(encoding="utf-8").encode("utf-32")
    (problem,) = check_plan_text(data, "p.yaml").problems
    assert problem.message == "file is UTF-32; save it as UTF-8"
    data16 = "id: x\n".encode("utf-16")
    assert "UTF-16" in check_plan_text(data16, "p.yaml").problems[0].message


def test_a_long_plain_list_is_not_called_an_alias_bomb() -> None:
    text = HEAD + "year: 2012\nnote:\n" + "- 1\n" * (MAX_NODES + 10)
    codes = {p.code for p in check_plan_text(text, "p.yaml").problems}
    assert codes == {"too-large"}


def test_an_alias_bomb_is_still_called_one() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 7):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    codes = {p.code for p in check_plan_text("\n".join(lines) + "\n", "p.yaml").problems}
    assert codes == {"alias-bomb"}


NESTED = (
    ["id: d\nphases: " + "[" * n + "]" * n for n in (62, 63, 64, 65, 300)]
    + ["a:\n" + "".join("  " * i + "- b:\n" for i in range(n)) for n in (31, 32, 33, 40)]
    + ["a:\n" + "".join(" " * i + "- \n" for i in range(n)) for n in (63, 64, 65)]
    + ["x: &a [1]\ny: [*a, [*a]]", "x: &a [*a]", "- - - - x", "a:\r\n  - b\r\n", "a:\u2028- b", "a: [b"]
)


@pytest.mark.parametrize("text", NESTED)
def test_composing_first_gives_what_scanning_first_gives(text: str) -> None:
    """planyaml.compose skips the token scan when the text bounds its depth; the verdict is the scan's."""
    fast, scanned = ProblemList("x"), ProblemList("x")
    root = planyaml.compose(text, fast)
    expected = planyaml._scan_and_compose(text, scanned)
    assert fast.items == scanned.items
    assert (root is None) == (expected is None)
    if root is not None and expected is not None:
        assert yaml.serialize(root) == yaml.serialize(expected)
