"""Messages in Chinese: a complete catalog, compiled as shipped, and a CLI that speaks the locale."""

from __future__ import annotations

import gettext
import io
import re
from pathlib import Path

import click
import pytest
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner

from campaignflow import messages
from campaignflow.cli import main
from tests.conftest import DATA, ROOT

PO = ROOT / "campaignflow" / "locale" / "zh_CN" / "LC_MESSAGES" / "campaignflow.po"
MO = PO.with_suffix(".mo")


def catalog() -> dict[str, str]:
    with PO.open("rb") as source:
        return {m.id: m.string for m in read_po(source) if m.id}


def test_every_message_id_has_both_english_and_chinese() -> None:
    extracted = {
        message
        for _, message, _, _ in extract_from_file(
            "python", ROOT / "campaignflow" / "messages.py", {"N_": None}
        )
    }
    assert extracted == set(messages.MESSAGES) | set(messages.SUMMARIES)
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
    every = [*messages.MESSAGES, *messages.SUMMARIES]
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
