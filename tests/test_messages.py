"""Messages in Chinese: a complete catalog, compiled as shipped, and a CLI that speaks the locale."""

from __future__ import annotations

import contextlib
import datetime
import functools
import gettext
import io
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner

from campaignflow import Campaign, drafttexts, load_plan, messages, problemtexts
from campaignflow.cli import main
from tests.conftest import DATA, ROOT

PO = ROOT / "campaignflow" / "locale" / "zh_CN" / "LC_MESSAGES" / "campaignflow.po"
MO = PO.with_suffix(".mo")


def every_id() -> list[str]:
    """Every message id the modules mark: the CLI's, validate's problems, draft's findings, the summaries."""
    return [
        *messages.MESSAGES,
        *problemtexts.PROBLEMS,
        *drafttexts.FINDINGS,
        *drafttexts.LAYOUT,
        *messages.SUMMARIES,
    ]


def catalog() -> dict[str, str]:
    with PO.open("rb") as source:
        return {m.id: m.string for m in read_po(source) if m.id}


def test_every_message_id_has_both_english_and_chinese() -> None:
    extracted = {
        message
        for module in ("catalog.py", "problemtexts.py", "drafttexts.py")
        for _, message, _, _ in extract_from_file("python", ROOT / "campaignflow" / module, {"N_": None})
    }
    assert extracted == set(every_id())
    found = catalog()
    assert set(found) == extracted  # nothing missing from the .po, nothing stale in it
    for english, chinese in found.items():
        assert chinese and chinese != english, english
        assert re.search(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]", chinese), english  # Chinese
        assert sorted(re.findall(r"\{(\w+)\}", english)) == sorted(re.findall(r"\{(\w+)\}", chinese)), english


def test_the_compiled_catalog_is_the_po_file_compiled() -> None:
    with PO.open("rb") as source:
        compiled = io.BytesIO()
        write_mo(compiled, read_po(source))
    fresh = gettext.GNUTranslations(io.BytesIO(compiled.getvalue()))
    with MO.open("rb") as shipped:
        kept = gettext.GNUTranslations(shipped)
    every = every_id()
    assert {m: kept.gettext(m) for m in every} == {m: fresh.gettext(m) for m in every}


@pytest.fixture(autouse=True)
def _locale_decides() -> None:
    messages.set_language(None)


def test_library_messages_are_read_by_template_and_nested_parts_too(monkeypatch: pytest.MonkeyPatch) -> None:
    messages.set_language("zh")
    reason = (
        "学习提高阶段 (study) opens on 2012-03-01, not on 2012-02-02; 2 required artifact(s) of "
        "学习提高阶段 (study) not in — 书面 (x): rejected (避重就轻; 敷衍); resubmit; "
        "闭卷测试 (closed_test): no score recorded"
    )
    assert messages.translate(reason) == (
        "学习提高阶段 (study)自 2012-03-01 开始，2012-02-02 尚未开始；学习提高阶段 (study)有 2 项必交材料未齐"
        "——书面 (x)：已退回（避重就轻; 敷衍），需重新提交；闭卷测试 (closed_test)：未记录成绩"
    )
    assert messages.translate("something no template reads") == "something no template reads"
    messages.set_language("en")
    assert messages.translate(reason) == reason
    messages.set_language(None)
    monkeypatch.setenv("LANGUAGE", "")
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    assert messages.language() == "zh"
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert messages.language() == "en"
    with pytest.raises(ValueError, match="zh, en"):
        messages.set_language("fr")


def refused(tmp_path: Path, *options: str, env: dict[str, str]) -> tuple[int, str]:
    db = tmp_path / "track.db"
    runner = CliRunner()
    plan = DATA / "engine" / "zhengainian.yaml"
    if not db.exists():
        assert (
            runner.invoke(main, ["track", "init", str(db), str(plan), "--authority", "record"]).exit_code == 0
        )
        assert (
            runner.invoke(
                main, ["track", "enroll", str(db), "办公室", "--kind", "科室站办", "--at", "2012-02-01"]
            ).exit_code
            == 0
        )
    result = runner.invoke(
        main, [*options, "track", "advance", str(db), "办公室", "--at", "2012-03-01"], env=env
    )
    return result.exit_code, result.stderr


CHINESE = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"}
ENGLISH = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}


def test_with_a_chinese_locale_a_refused_advance_is_told_in_chinese(tmp_path: Path) -> None:
    code, err = refused(tmp_path, env=CHINESE)
    assert code == 1
    assert err.splitlines() == [
        "拒绝：办公室：学习提高阶段 (study)有 2 项必交材料未齐——公开承诺 (pledge)：未提交；"
        "闭卷测试 (closed_test)：未记录成绩",
        "缺少：pledge, closed_test",
    ]
    code, err = refused(tmp_path, env=ENGLISH)
    assert code == 1 and err.startswith(
        "refused: 办公室: 2 required artifact(s) of 学习提高阶段 (study) not in"
    )
    assert refused(tmp_path, "--lang", "en", env=CHINESE)[1].startswith("refused: 办公室: ")
    assert refused(tmp_path, "--lang", "zh", env=ENGLISH)[1].startswith("拒绝：办公室：")


def test_history_names_each_act_in_the_users_language(tmp_path: Path) -> None:
    refused(tmp_path, env=ENGLISH)  # makes the tracking file: 办公室 enrolled
    db = str(tmp_path / "track.db")
    runner = CliRunner()
    zh = runner.invoke(main, ["--lang", "zh", "track", "history", db, "办公室"], env=ENGLISH)
    en = runner.invoke(main, ["track", "history", db, "办公室"], env=ENGLISH)
    assert zh.exit_code == en.exit_code == 0
    assert "2012-02-01 00:00 纳入 类别=科室站办" in zh.stdout
    assert "2012-02-01 00:00 enrolled kind=科室站办" in en.stdout
    data = json.loads(
        runner.invoke(main, ["--lang", "zh", "track", "history", db, "办公室", "--format", "json"]).stdout
    )
    assert data[0]["kind"] == "enrolled"  # JSON keeps the ids, in every language


def test_validate_reports_in_the_users_language(tmp_path: Path) -> None:
    plans = sorted(str(p) for p in (ROOT / "definitions").glob("*.yaml"))
    runner = CliRunner()
    zh = runner.invoke(main, ["--lang", "zh", "validate", *plans], env=ENGLISH)
    assert zh.exit_code == 0
    assert zh.stderr.splitlines()[-1] == "已检查 5 个文件：0 个错误，1 个警告"
    assert "：通过 — 住建局作风建设实施方案，共 4 个阶段，2012-01-01 – 2012-12-31" in zh.stdout
    en = runner.invoke(main, ["validate", *plans], env=CHINESE | {"LANG": "C.UTF-8"})
    assert en.stderr.splitlines()[-1] == "5 file(s) checked: 0 error(s), 1 warning(s)"
    assert ": ok — 住建局作风建设实施方案, 4 phases, 2012-01-01 – 2012-12-31" in en.stdout
    undated = tmp_path / "undated.yaml"
    undated.write_text(
        "id: d\ntitle: 草稿\nyear: 2012\nunit_kinds: [{name: 科室}]\nphases:\n"
        "  - {id: a, name: 宣传动员, stage: mobilize, window: 3月}\n"
        "  - {id: b, name: 查摆问题, stage: inspect}\n",
        encoding="utf-8",
    )
    zh = runner.invoke(main, ["--lang", "zh", "validate", str(undated)], env=ENGLISH)
    assert (
        f"{undated}：通过 — 草稿，共 2 个阶段，已定日期的阶段为 2012-03-01 – 2012-03-31；未定日期：b"
        in zh.stdout
    )
    undated.write_text(undated.read_text(encoding="utf-8").replace(", window: 3月", ""), encoding="utf-8")
    zh = runner.invoke(main, ["--lang", "zh", "validate", str(undated)], env=ENGLISH)
    assert f"{undated}：通过 — 草稿，共 2 个阶段，尚未定日期" in zh.stdout


def test_errors_at_the_cli_boundary_follow_the_locale(tmp_path: Path) -> None:
    refused(tmp_path, env=ENGLISH)  # makes the tracking file
    db = str(tmp_path / "track.db")
    runner = CliRunner()
    result = runner.invoke(
        main, ["track", "submit", db, "无此单位", "pledge", "--at", "2012-02-01"], env=CHINESE
    )
    assert (result.exit_code, result.stderr) == (1, "错误：单位 '无此单位' 未纳入本次活动\n")
    result = runner.invoke(
        main, ["track", "submit", db, "无此单位", "pledge", "--at", "2012-02-01"], env=ENGLISH
    )
    assert (result.exit_code, result.stderr) == (1, "error: unit '无此单位' is not enrolled\n")


def test_help_lists_command_summaries_in_chinese(tmp_path: Path) -> None:
    runner = CliRunner()
    listing = runner.invoke(main, ["track", "--help"], env=CHINESE).stdout
    assert "命令:" in listing
    assert "记录 UNIT 已提交材料 ARTIFACT（文件，或已召开的会议）。" in listing
    assert "将 DB 导出为办公室工作簿" in listing
    assert "Record that UNIT handed in" not in listing
    english = runner.invoke(main, ["--lang", "en", "track", "--help"], env=CHINESE).stdout
    assert "Record that UNIT handed in ARTIFACT" in english and "命令:" not in english
    root = runner.invoke(main, ["--help"], env=CHINESE).stdout
    assert "检查方案文件，报告每个问题及其行列位置。" in root


def test_nearly_every_command_summary_has_its_chinese() -> None:
    from campaignflow.cli.app import help_summary  # noqa: PLC0415

    def commands(group: click.Group) -> list[click.Command]:
        found: list[click.Command] = []
        context = click.Context(group)
        for name in group.list_commands(context):  # every command, also those not imported yet
            command = group.get_command(context, name)
            assert command is not None
            found.append(command)
            if isinstance(command, click.Group):
                found += commands(command)
        return found

    every = commands(main)
    known = [c.name for c in every if help_summary(c) in messages.SUMMARIES]
    assert len(known) >= 0.9 * len(every), sorted({c.name for c in every} - set(known))  # type: ignore[type-var]


def test_every_catalog_entry_reads_in_every_language() -> None:
    every = every_id()
    try:
        for lang in messages.LANGUAGES:
            messages.set_language(lang)
            unread = [m for m in every if (messages.summary(m) == m) != (lang == "en")]
            assert unread == [], lang  # English is the ids themselves; any other, the compiled catalog
    finally:
        messages.set_language(None)


BOTH = (("zh", CHINESE), ("en", ENGLISH))


@pytest.fixture
def finished(tmp_path: Path) -> Path:
    """办公室 has finished the ladder plan's last phase; its ``grave`` rule extends (延期) and sets a term
    (限期整改) automatically — neither can be carried out: no phase is left, the rule names no artifact."""
    from tests.test_escalation import LADDER, complete, walk  # noqa: PLC0415 - the escalation tests' helpers

    grave = "{action: 延期, by: 1个月, automatic: true}"
    text = LADDER.read_text(encoding="utf-8")
    assert text.count(grave) == 1
    plan = tmp_path / "ladder.yaml"
    plan.write_text(text.replace(grave, f"{grave}, {{action: 限期整改, within: 5个工作日, automatic: true}}"))
    db = tmp_path / "sweep.db"
    with Campaign(load_plan(plan), store=db, authority="record") as c:
        c.enroll_many([("办公室", "科室")], at=datetime.date(2024, 3, 1))
        for phase in ("inspect", "rectify"):
            walk(c, "办公室", phase)
        complete(c, "办公室", "rectify", datetime.date(2024, 5, 31))
        c.advance("办公室", at=datetime.date(2024, 5, 31))
        c.record_finding("办公室", severity="严重", at=datetime.date(2024, 6, 3))
    return db


@pytest.mark.parametrize(("lang", "env"), BOTH)
def test_a_sweeps_refused_measures_read_in_the_users_language(
    finished: Path, lang: str, env: dict[str, str]
) -> None:
    # recorded as the library's English refusals, like any other; the table shows the catalog's words
    not_applied = ["延期：no phase is left to extend", f"限期整改：{NO_ARTIFACT}"]
    shown = {
        "zh": ["延期：没有可延期的阶段", "限期整改：规则未指明材料，请督办人员指定整改事项"],
        "en": not_applied,
    }[lang]
    result = CliRunner().invoke(main, ["track", "sweep", str(finished), "--as-of", "2024-06-03"], env=env)
    assert result.exit_code == 0, result.output
    lines = [line.split("│") for line in result.stdout.splitlines() if line.startswith("│")]
    (first,) = [i for i, cells in enumerate(lines) if "问题严重" in cells[3]]
    wrapped = [lines[first], *itertools.takewhile(lambda cells: not cells[2].strip(), lines[first + 1 :])]
    done = "".join(cells[-2] for cells in wrapped)  # the 已执行 column, wrapped over lines
    words = functools.partial(re.sub, r"[\W_]+", "")  # (a narrow column wraps, and may shorten a mark)
    assert words(done) == words("未执行" + "；".join(shown)), lang
    with Campaign.open(finished) as c:
        (logged,) = [e for e in c.history("办公室") if e.kind == "escalated" and e.payload["rule"] == "grave"]
    assert (logged.payload["applied"], logged.payload["not_applied"]) == ([], not_applied)


NO_ARTIFACT = "the rule names no artifact; a supervisor must name what to rectify"


@contextlib.contextmanager
def messages_in(lang: str) -> Iterator[None]:
    messages.set_language(lang)
    try:
        yield
    finally:
        messages.set_language(None)


@pytest.mark.parametrize(
    ("lang", "env", "warning"),
    [
        (
            "zh",
            CHINESE,
            "警告：--at 默认为当前时间（2026-12-06），但本方案已于 2012-12-31 结束；"
            "请用 --at DATE 写明办理的实际日期",
        ),
        (
            "en",
            ENGLISH,
            "warning: --at defaults to now (2026-12-06), but this plan ended on 2012-12-31; "
            "pass --at DATE to date the act when it happened",
        ),
    ],
)
def test_the_stale_at_warning_and_an_io_error_follow_the_locale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, env: dict[str, str], warning: str
) -> None:
    from campaignflow.cli import app  # noqa: PLC0415

    refused(tmp_path, env=env)  # makes the tracking file: 办公室 enrolled on 2012-02-01
    frozen = datetime.datetime(2026, 12, 6, 1, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(app, "clock", frozen.timestamp)
    runner = CliRunner()
    result = runner.invoke(main, ["track", "submit", str(tmp_path / "track.db"), "办公室", "pledge"], env=env)
    assert (result.exit_code, result.stderr) == (0, warning + "\n")
    plan = DATA / "engine" / "zhengainian.yaml"
    unwritable = tmp_path / "no-such-dir" / "x.ics"
    result = runner.invoke(main, ["calendar", str(plan), "-o", str(unwritable)], env=env)
    prefix = {"zh": "错误：cannot write ", "en": "error: cannot write "}[lang]
    assert result.exit_code == 2 and result.stderr.startswith(prefix), result.stderr
