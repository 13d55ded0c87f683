"""The CLI imports a command only when it runs: summaries stand in for the commands in ``--help``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from campaignflow.cli import TRACK, main
from campaignflow.cli.lazy import LazyGroup, first_paragraph, shorten
from campaignflow.cli.track import group as track_group


def lazy_entries() -> list[tuple[LazyGroup, str, str]]:
    main.get_command(click.Context(main), "track")  # offers the escalation commands in the group
    assert isinstance(track_group, LazyGroup)
    return [(g, name, summary) for g in (main, track_group) for name, (_, summary) in g.lazy.items()]


def test_the_commands_of_other_modules_are_offered_in_track() -> None:
    assert set(TRACK) <= {name for _, name, _ in lazy_entries()}


@pytest.mark.parametrize("limit", [20, 45, 66, 94])
def test_each_summary_is_what_click_shows_for_the_command(limit: int) -> None:
    for group, name, summary in lazy_entries():
        command = group.get_command(click.Context(group), name)
        assert command is not None
        assert summary == first_paragraph(command), name  # the catalog's key for its translation too
        assert shorten(summary, limit) == command.get_short_help_str(limit), name


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in ("validate", "schema", "dates", "calendar", "track", "draft"):
        assert f"\n  {name} " in result.output


HEAVY = ("campaignflow.engine", "campaignflow.escalation", "campaignflow.calendar", "transitions", "rich")


def loaded_by(args: list[str]) -> set[str]:
    """The modules a fresh process has imported after running ``campaignflow ARGS``."""
    code = (
        "import sys\nfrom campaignflow.cli import main\n"
        f"main({args!r}, standalone_mode=False)\n"
        "print(' '.join(sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.splitlines()[-1].split())


def test_help_imports_no_command() -> None:
    modules = loaded_by(["--help"])
    assert not {m for m in modules if m.startswith((*HEAVY, "pydantic.main", "campaignflow.plan"))}


def test_validate_imports_neither_the_engine_nor_the_sweep() -> None:
    plan = Path(__file__).parents[1] / "definitions" / "003-zhujianju-zhenggainian.yaml"
    modules = loaded_by(["validate", str(plan)])
    assert "campaignflow.plan" in modules
    assert not {m for m in modules if m.startswith((*HEAVY, "pendulum"))}
    # the seeds' phrases are written in simplified characters and need no working-day count
    assert not {m for m in modules if m.startswith(("opencc", "chinese_calendar"))}


def test_a_one_unit_track_command_draws_no_table_and_imports_no_sweep(tmp_path: Path) -> None:
    plan = Path(__file__).parents[1] / "definitions" / "003-zhujianju-zhenggainian.yaml"
    db = str(tmp_path / "t.db")
    at = ["--at", "2012-02-01"]
    main(["track", "init", db, str(plan), "--authority", "record"], standalone_mode=False)
    main(["track", "enroll", db, "规划所", "--kind", "局属单位", *at], standalone_mode=False)
    modules = loaded_by(["track", "submit", db, "规划所", "unit_plan", "--at", "2012-02-20"])
    assert "campaignflow.engine" in modules
    # nor pendulum: times from 1992 on are converted by arithmetic, the clock read by the stdlib
    drawing = ("rich", "campaignflow.escalation", "campaignflow.calendar", "pendulum")
    assert not {m for m in modules if m.startswith(drawing)}
    assert "campaignflow.cli.showing" not in modules  # status, history, items load when they run
    assert "pendulum" not in loaded_by(["track", "submit", db, "规划所", "self_analysis"])  # --at: now


def test_the_parts_of_track_import_alone_and_track_still_offers_their_names() -> None:
    """cli/track.py is split by concept (acting, showing); each part imports first without a circle."""
    modules = ("campaignflow.cli.acting", "campaignflow.cli.showing", "campaignflow.cli.track")
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    for loaded in [m for m in sys.modules if m.startswith('campaignflow')]:\n"
        "        del sys.modules[loaded]\n"
        "    importlib.import_module(name)\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)
    from campaignflow.cli import acting, showing, track  # noqa: PLC0415 - after the fresh process

    for name in ("DB", "UNIT", "ARTIFACT", "FORMAT", "AT", "BACKDATE", "acting", "acting_on", "act_on"):
        assert getattr(track, name) is getattr(acting, name), name
    assert track.refuse is acting.refuse and track.table_console is acting.table_console
    assert (track.status, track.history, track.items) == (showing.status, showing.history, showing.items)
    with pytest.raises(AttributeError):
        track.nothing_of_that_name  # noqa: B018 - the attribute lookup is the test


SETTINGS = [(None, "__all__", True), ("1", "1", True), ("", "", False), ("logfire", "logfire", False)]


@pytest.mark.parametrize(("setting", "seen", "stand_in"), SETTINGS)
def test_a_command_skips_pydantics_plugin_lookup_unless_the_user_asks_for_it(
    setting: str | None, seen: str, stand_in: bool
) -> None:
    """The CLI sets PYDANTIC_DISABLE_PLUGINS for its own process (a value the user set is kept); with
    every plugin off it stands in for pydantic's loader, which imports importlib.metadata (20–40 ms)
    before it reads the setting; otherwise pydantic's own loader runs."""
    plan = Path(__file__).parents[1] / "definitions" / "003-zhujianju-zhenggainian.yaml"
    code = (
        "import sys\nfrom campaignflow.cli import main\n"
        f"main(['validate', {str(plan)!r}], standalone_mode=False)\n"
        "from pydantic.plugin._loader import get_plugins\n"
        "import os\nprint(os.environ['PYDANTIC_DISABLE_PLUGINS'], 'importlib.metadata' in sys.modules)\n"
        "print(list(get_plugins()))"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if setting is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = setting
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert "0 error(s)" in run.stderr
    assert run.stdout.splitlines()[-2:] == [f"{seen} {not stand_in}", "[]"]


def test_pydantic_uses_nothing_of_its_plugin_loader_but_get_plugins() -> None:
    """The stand-in offers ``get_plugins`` only: a pydantic that reaches for more must fail here first."""
    import pydantic  # noqa: PLC0415 - only this test reads its files

    package = Path(pydantic.__file__).parent
    uses = {
        f"{path.relative_to(package)}: {line.strip()}"
        for path in package.rglob("*.py")
        if path.name != "_loader.py"
        for line in path.read_text(encoding="utf-8").splitlines()
        if "_loader" in line
    }
    assert uses == {"plugin/_schema_validator.py: from ._loader import get_plugins"}
