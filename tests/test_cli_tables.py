"""Long tables: the line-by-line drawing looks like rich's, and listings show the worst rows first, cut."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

from click.testing import CliRunner
from rich.console import Console
from rich.table import Table
from rich.text import Text

from campaignflow import load_plan
from campaignflow.cli import main
from campaignflow.cli.tables import RICH_ROWS, _drawn, print_table
from campaignflow.engine import Campaign
from tests.test_escalation import LADDER

D = datetime.date
HEADERS = ("灯", "单位", "步骤", "说明")


def rows(n: int) -> list[tuple[Text | str, ...]]:
    return [
        (
            Text("● 红", style="bold red"),
            f"第{i:04d}科室",
            str(i % 7),
            "学习心得逾期 3 个工作日" if i % 2 else "ok",
        )
        for i in range(n)
    ]


def by_rich(found: list[tuple[Text | str, ...]]) -> str:
    out = io.StringIO()
    table = Table(title="红黄绿 2024-03-20")
    for i, header in enumerate(HEADERS):
        table.add_column(header, justify="right" if i == 2 else "left")
    for row in found:
        table.add_row(*row)
    Console(file=out, width=500, soft_wrap=False, markup=False, highlight=False).print(table)
    return out.getvalue()


def test_a_long_table_is_drawn_as_rich_draws_it() -> None:
    found = rows(RICH_ROWS + 50)
    console = Console(file=io.StringIO(), width=500)
    assert _drawn(console, "红黄绿 2024-03-20", HEADERS, found, frozenset({2})) == by_rich(found)


def test_print_table_switches_to_lines_past_the_limit_and_keeps_the_look() -> None:
    for n in (3, RICH_ROWS, RICH_ROWS + 1):
        out = io.StringIO()
        console = Console(file=out, width=500, soft_wrap=False, markup=False, highlight=False)
        print_table(console, "红黄绿 2024-03-20", HEADERS, rows(n), right=(2,))
        assert out.getvalue() == by_rich(rows(n))


def late_units(tmp_path: Path) -> Path:
    """Five units late with the report by different own deadlines, one on time."""
    path = tmp_path / "track.db"
    with Campaign(load_plan(LADDER), store=path, authority="record") as c:
        names = [f"科室{i}" for i in range(6)]
        c.enroll_many([(n, "科室") for n in names], at=D(2024, 3, 1))
        for i, name in enumerate(names[:5]):
            c.set_deadline(name, "report", due=D(2024, 3, 14 - i), at=D(2024, 3, 1))  # 科室4: the oldest
        c.submit(names[5], "report", at=D(2024, 3, 2))
    return path


def board(path: Path, *args: str) -> list[str]:
    result = CliRunner().invoke(main, ["track", "board", str(path), "--as-of", "2024-03-20", *args])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_the_board_lists_the_worst_first_and_says_what_it_left_out(tmp_path: Path) -> None:
    path = late_units(tmp_path)
    lines = board(path, "--limit", "2")
    listed = [line for line in lines if "● " in line]
    assert [line.split("│")[2].strip() for line in listed] == ["科室4", "科室3"]  # the longest overdue first
    assert "… 另有 3 个单位未列出（共 5；--limit N 或 --all 显示全部）" in lines
    every = board(path, "--all")
    assert sum("● " in line for line in every) == 6  # green too, nothing left out
    assert not any("未列出" in line for line in every)


def test_a_board_answers_one_unit_by_name(tmp_path: Path) -> None:
    with Campaign.open(late_units(tmp_path)) as c:
        view = c.board(D(2024, 3, 20))
    assert view.light("科室0") == "red" and view.light("科室5") == "green"
    assert view.row("科室4").due == D(2024, 3, 10)
