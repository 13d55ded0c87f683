"""Every example in README.md and docs/*.md runs as written.

Each page's ``sh`` and ``python`` blocks run in document order in a scratch folder laid out like the
repository root (``definitions/``, ``tests/``, ``docs/`` and ``benchmarks/`` are there, read-only by
convention; whatever an example writes lands in the scratch folder). ``python`` blocks of one page share one
namespace, as if typed into one session. A shell command expected to fail says so in its comment:
``campaignflow track advance … # exits 1: refused``. A block that cannot run (it starts a server, or takes
minutes) is preceded by ``<!-- not run: reason -->``; other fences say what they show (``text``, ``yaml``,
``json``, ``mermaid``) and are not run. A fence without a language is an error: the reader cannot tell an
example from output.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
RUN = {"sh": "sh", "bash": "sh", "python": "python"}
SHOWN = {"text", "yaml", "json", "mermaid", "ics", "csv", "ini", "toml", "html", "diff", "jsonc"}
LINKED = ("definitions", "tests", "docs", "benchmarks")
NOT_RUN = re.compile(r"<!--\s*not run:\s*(?P<reason>.*?)\s*-->")
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,})(?P<info>[^`]*)$")
EXITS = re.compile(r"^(?P<cmd>.*\S)\s+#\s*exits (?P<code>\d+)\b.*$")


@dataclass(frozen=True)
class Block:
    """One fenced block of a page: its language, its first line number, its text, and why it is not run."""

    page: Path
    line: int
    lang: str
    text: str
    not_run: str | None

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    """The fenced blocks of ``page`` in document order."""
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if opening is None:
            i += 1
            continue
        fence, indent = opening["fence"], len(opening["indent"])
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(fence):
            body.append(lines[j][indent:] if lines[j][:indent].strip() == "" else lines[j])
            j += 1
        before = next((lines[k] for k in range(i - 1, -1, -1) if lines[k].strip()), "")
        marked = NOT_RUN.search(before)
        lang = opening["info"].strip().split(" ")[0].lower()
        found.append(Block(page, i + 1, lang, "\n".join(body) + "\n", marked["reason"] if marked else None))
        i = j + 1
    return found


def shell_script(text: str) -> str:
    """The block as a bash script: stop at the first failure; ``# exits N`` commands must exit with N."""
    out = ["set -euo pipefail"]
    for line in text.splitlines():
        expected = EXITS.match(line)
        if expected is None or line.rstrip().endswith("\\"):
            out.append(line)
            continue
        cmd, code = expected["cmd"], expected["code"]
        quoted = cmd.replace("'", "'\\''")
        out.append(
            f"set +e; {cmd}; __rc=$?; set -e; "
            f'[ "$__rc" -eq {code} ] || '
            f"{{ echo 'expected exit {code}, got '$__rc': {quoted}' >&2; exit 1; }}"
        )
    return "\n".join(out) + "\n"


def run_page(page: Path, scratch: Path) -> str:
    """Run the page's examples in ``scratch`` and return what they printed; fail at the first error."""
    for name in LINKED:
        (scratch / name).symlink_to(ROOT / name, target_is_directory=True)
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": str(ROOT),
        "HOME": str(scratch),
        "COLUMNS": "200",
    }
    env.pop("CAMPAIGNFLOW_DEBUG", None)
    namespace: dict[str, object] = {"__name__": "__main__"}
    here, printed = Path.cwd(), io.StringIO()
    for block in blocks(page):
        if block.not_run is not None or block.lang not in RUN:
            continue
        if RUN[block.lang] == "sh":
            done = subprocess.run(
                ["bash", "-c", shell_script(block.text)],
                cwd=scratch,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            assert done.returncode == 0, (
                f"{block.where}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
            )
            printed.write(done.stdout)
            continue
        os.chdir(scratch)
        try:
            with contextlib.redirect_stdout(printed):
                exec(compile(block.text, block.where, "exec"), namespace)
        except Exception as exc:
            raise AssertionError(f"{block.where}: {type(exc).__name__}: {exc}\n{printed.getvalue()}") from exc
        finally:
            os.chdir(here)
    return printed.getvalue()


#: What some pages' examples say they print, checked against what they do print.
PRINTS = {
    "README.md": ["2011-07-21 2011-07-31"],
    "docs/library.md": [
        "False ('public_pledge',)",
        "('rectification_closeout',)",
        "办公室: done",
        "2011-12-31",
    ],
    "docs/escalation.md": ["[新] 办公室 学习心得逾期：学习心得逾期 3 个工作日 → 催办（办公室）\n"],
    "docs/dates.md": ["2011-07-21 2011-07-31", '"end": "2012-06-30"'],
    "docs/office.md": [
        "public_pledge rectify",
        "台账-已填.xlsx: 2 act(s) recorded, 2 row(s) unchanged\n"
        "台账-已填.xlsx: 0 act(s) recorded, 4 row(s) unchanged",
        "办公室 整改销号: 2 item(s), 0 open",
        "1 质监站 走过场,问题不具体、不细化 全局通报",
        "dangling-reference.yaml:14:23: 错误：单位类别 '社区' 未声明（已声明：科室） [unknown-ref]",
        "6 ⚠ 2012-02-10 00:00 提交 材料=public_pledge 越权=submit 须写明经办人（by=…；命令行 --by）；",
        "督办 (自动督办) 规则=perfunctory_inspection 名称=走过场,问题不具体、不细化 步骤=1 次数=1",
        "office.db：3 个单位，核对了 3 个存储状态，0 处问题",
    ],
}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_on_the_page_runs(page: Path, tmp_path: Path) -> None:
    out = run_page(page, tmp_path)
    for expected in PRINTS.get(str(page.relative_to(ROOT)), []):
        assert expected in out, f"{page.relative_to(ROOT)} does not print {expected!r}:\n{out}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_fence_says_what_it_is(page: Path) -> None:
    for block in blocks(page):
        assert block.lang, (
            f"{block.where}: say what this block is (```sh or ```python to run, ```text to show)"
        )
        assert block.lang in RUN or block.lang in SHOWN, (
            f"{block.where}: unknown block language {block.lang!r}"
        )
        if block.not_run is not None:
            assert block.lang in RUN, f"{block.where}: only sh/python blocks can be marked 'not run'"
            assert block.not_run, f"{block.where}: say why the block is not run"


def test_few_blocks_are_left_out() -> None:
    runnable = [b for page in PAGES for b in blocks(page) if b.lang in RUN]
    left_out = [b for b in runnable if b.not_run is not None]
    assert len(runnable) >= 20
    assert len(left_out) <= len(runnable) // 4, [f"{b.where}: {b.not_run}" for b in left_out]


def test_the_runner_checks_exit_codes(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "```sh\nfalse  # exits 1: expected\ntrue\n```\n\n```sh\ntrue  # exits 1\n```\n", encoding="utf-8"
    )
    first, second = blocks(page)
    assert subprocess.run(["bash", "-c", shell_script(first.text)], check=False).returncode == 0
    assert (
        subprocess.run(["bash", "-c", shell_script(second.text)], capture_output=True, check=False).returncode
        == 1
    )


def test_the_runner_finds_marks_and_languages(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "<!-- not run: starts a server -->\n```sh\nserve\n```\n\n"
        "```\nplain\n```\n\n  ```python\n  x = 1\n  ```\n",
        encoding="utf-8",
    )
    marked, plain, indented = blocks(page)
    assert (marked.lang, marked.not_run, marked.line) == ("sh", "starts a server", 2)
    assert (plain.lang, plain.not_run) == ("", None)
    assert (indented.lang, indented.text) == ("python", "x = 1\n")


def test_the_pictures_in_docs_show_the_pages_as_rendered_now() -> None:
    spec = importlib.util.spec_from_file_location("make_images", ROOT / "docs" / "make_images.py")
    assert spec is not None and spec.loader is not None
    make_images = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_images)
    assert make_images.stale(ROOT / "docs") == [], "run: python docs/make_images.py"
    png = (ROOT / "docs" / "calendar-004.png").read_bytes()
    assert make_images.stamped(make_images.stamp(png, "x" * 64)) is not None
