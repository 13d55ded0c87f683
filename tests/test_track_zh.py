"""``track`` in Chinese: under ``--lang zh`` every line a ``track`` command prints in text reads in Chinese.

A short campaign runs through init, roster, enroll, submit, score, advance, reject, add-item, items,
sweep, board, status, history, verify, campaigns, export and import-ledger twice: in Chinese, where the
lines are pinned for several commands and no line may keep an English sentence (the ids and names the
user typed stay as typed), and in English, whose lines stay byte for byte what they were.
"""

from __future__ import annotations

import datetime
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from campaignflow import messages
from campaignflow.events import Event
from campaignflow.words import PAYLOAD_WORDS, VALUE_WORDS, payload_word
from tests.cli import Ran, run
from tests.conftest import DATA, ROOT

PLAN = DATA / "engine" / "zhengainian.yaml"
TITLE = "住建局作风建设实施方案（引擎测试） (engine-zhengainian)"
#: Three or more English words in a row (``state(s)`` a word, numbers between them too): a sentence left
#: untranslated.
SENTENCE = re.compile(r"\b[A-Za-z]+(?:\(s\))?(?:[ ,'’0-9]+[A-Za-z]+(?:\(s\))?){2,}")
FLAG_ZH = "越权=submit 须写明经办人（by=…；命令行 --by）；本单位经办人可以办理"
FLAG_EN = (
    "unauthorised=submit is an act that must name who does it (by=…; CLI --by); "
    "the unit's own actors may do it"
)
OFFICE = "领导小组办公室"


@pytest.fixture(autouse=True)
def _locale_decides() -> Iterator[None]:
    yield
    messages.set_language(None)


def campaign(tmp_path: Path, lang: str) -> dict[str, Ran]:
    """The scenario in ``lang``: each step's command name → what it printed (every step must succeed)."""
    db = tmp_path / f"{lang}.db"
    units = tmp_path / "units.csv"
    units.write_text("name,kind\n,科室站办\n规划站,局属\n办公室,科室站办\n规划站,科室站办\n规划站,科室站办\n",
                     encoding="utf-8")  # fmt: skip
    steps: list[tuple[str, tuple[str | Path, ...]]] = [
        ("init", ("init", db, PLAN, "--authority", "record")),
        ("grant", ("roster", "add", db, "领导小组办公室", "--role", "局活动领导小组", "--at", "2012-02-01")),
        ("grant2", ("roster", "add", db, "督导组", "--role", "督导组", "--at", "2012-02-01", "--by", OFFICE)),
        ("enroll", ("enroll", db, "办公室", "--kind", "科室站办", "--at", "2012-02-01", "--by", OFFICE)),
        ("enroll-list", ("enroll", db, "--from", units, "--at", "2012-02-01")),
        ("submit", ("submit", db, "办公室", "pledge", "--at", "2012-02-06", "--ref", "承诺书.pdf")),
        ("score", ("score", db, "办公室", "closed_test", "85", "--at", "2012-02-20", "--by", OFFICE)),
        ("advance", ("advance", db, "办公室", "--at", "2012-03-01", "--by", OFFICE)),
        ("submit2", ("submit", db, "办公室", "self_analysis", "--at", "2012-03-10")),
        ("reject", ("reject", db, "办公室", "self_analysis", "--reason", "避重就轻", "--at", "2012-03-12",
                    "--by", "督导组")),
        ("submit3", ("submit", db, "办公室", "problem_ledger", "--at", "2012-03-13")),
        ("add-item", ("add-item", db, "办公室", "problem_ledger", "办事推诿", "--ref", "台账第3条",
                      "--at", "2012-03-14")),
        ("items", ("items", db, "办公室", "problem_ledger")),
        ("ready", ("advance", db, "--ready", "--at", "2012-03-15")),
        ("sweep", ("sweep", db, "--as-of", "2012-03-20")),
        ("board", ("board", db, "--as-of", "2012-03-20")),
        ("status", ("status", db)),
        ("history", ("history", db, "办公室")),
        ("roster", ("roster", "list", db)),
        ("mode", ("roster", "mode", db)),
        ("verify", ("verify", db)),
        ("campaigns", ("campaigns", db)),
        ("export", ("export", db, "-o", tmp_path / f"{lang}.csv", "--as-of", "2012-03-20")),
        ("import", ("import-ledger", db, tmp_path / f"{lang}-整改台账.csv", "--at", "2012-03-21")),
    ]  # fmt: skip
    done = {}
    for name, args in steps:
        ran = run("--lang", lang, "track", *args)
        expected = 1 if name == "enroll-list" else 0  # the list has bad rows: nothing enrolled
        assert ran.exit_code == expected, (name, ran.output)
        assert "Traceback" not in ran.stderr
        done[name] = ran
    return done


def test_a_campaign_in_chinese_prints_chinese_lines(tmp_path: Path) -> None:
    done = campaign(tmp_path, "zh")
    db, units = tmp_path / "zh.db", tmp_path / "units.csv"
    assert done["init"].stdout == f"{db}：开始跟踪 {TITLE}，4 个阶段，权限模式：记录\n"
    assert (
        done["grant"].stdout
        == "领导小组办公室: 2012-02-01 00:00 授予权限 人员=领导小组办公室 角色=局活动领导小组\n"
    )
    assert done["enroll"].stdout == "办公室: 2012-02-01 00:00 纳入 (领导小组办公室) 类别=科室站办\n"
    assert done["enroll-list"].stderr.splitlines() == [
        f"{units}:2：单位名称为空",
        f"{units}:3：未知单位类别 '局属'（方案中有：局属单位、科室站办）",
        f"{units}:4：办公室 已纳入",
        f"{units}:6：规划站 重复列出（首次出现在第 5 行）",
        f"{units}：未纳入任何单位（4 处问题）",
    ]
    assert done["submit"].stdout == f"办公室: 2012-02-06 00:00 提交 材料=pledge 依据=承诺书.pdf {FLAG_ZH}\n"
    assert (
        done["advance"].stdout
        == "办公室: 2012-03-01 00:00 进入下一阶段 (领导小组办公室) 从=study 至=inspect\n"
    )
    assert done["reject"].stdout == (
        "办公室: 2012-03-12 00:00 退回重办 (督导组) 材料=self_analysis 理由=避重就轻 审核人=督导组\n"
    )
    assert done["items"].stdout.splitlines() == ["未销号  办事推诿", "办公室 问题台账：共 1 项，1 项未销号"]
    assert done["ready"].stderr == "0 个单位进入下一阶段\n"
    board = done["board"].stdout.splitlines()
    assert "⚠ 4 项行为越权或未按时间顺序记录：" in board
    assert f"       5  办公室: 2012-02-06 00:00 提交 材料=pledge 依据=承诺书.pdf {FLAG_ZH}" in board
    history = done["history"].stdout.splitlines()
    assert history[1] == f"     5 ⚠ 2012-02-06 00:00 提交 材料=pledge 依据=承诺书.pdf {FLAG_ZH}"
    assert history[-2] == (
        "    12   2012-03-20 00:00 退回重做 (自动督办) 从=inspect 至=inspect "
        '理由=避重就轻、敷衍应付：书面剖析材料被退回：避重就轻 清空材料=["self_analysis","problem_ledger"]'
    )
    assert history[-1] == (
        "    13   2012-03-20 00:00 督办 (自动督办) 规则=superficial_analysis 名称=避重就轻、敷衍应付 步骤=1 "
        '次数=1 原因=9 期限=2012-03-12 理由=书面剖析材料被退回：避重就轻 措施=["书面检查","重做本阶段"] '
        '对象=办公室 已执行=["重做本阶段→inspect"]'
    )
    roster = done["roster"].stdout.splitlines()
    assert roster[0].strip() == "zh.db — 权限模式：记录"
    assert roster[2].split() == ["┃", "人员", "┃", "角色", "┃", "单位", "┃"]
    assert done["mode"].stdout == "记录\n"
    assert done["verify"].stdout == f"{db}：1 个单位，核对了 1 个存储状态，0 处问题\n"
    assert done["campaigns"].stdout == "engine-zhengainian  方案 engine-zhengainian  1 个单位  13 条记录\n"
    imported = done["import"].stdout.splitlines()
    assert imported[-1] == f"{tmp_path / 'zh-整改台账.csv'}：记录了 1 项行为，0 行无变化"
    assert (
        "时序不符=所注日期 2012-03-14 00:00 早于此前记录" in imported[0]
    )  # out of order: the send-back reset it
    for name, ran in done.items():
        for line in (ran.stdout + ran.stderr).splitlines():
            left = [found for found in SENTENCE.findall(line) if found not in ALLOWED]
            assert not left, (name, line)


#: English runs a Chinese line may keep: a command the user types.
ALLOWED = {"track init", "campaignflow track init"}


def test_the_same_campaign_in_english_prints_what_it_always_did(tmp_path: Path) -> None:
    done = campaign(tmp_path, "en")
    db, units = tmp_path / "en.db", tmp_path / "units.csv"
    assert done["init"].stdout == f"{db}: tracking {TITLE}, 4 phases, authority record\n"
    assert (
        done["grant"].stdout
        == "领导小组办公室: 2012-02-01 00:00 granted actor=领导小组办公室 role=局活动领导小组\n"
    )
    assert done["enroll-list"].stderr.splitlines() == [
        f"{units}:2: empty name",
        f"{units}:3: unknown kind '局属' (the plan has 局属单位、科室站办)",
        f"{units}:4: 办公室 is already enrolled",
        f"{units}:6: 规划站 is listed twice (first on line 5)",
        f"{units}: nothing enrolled (4 problem(s))",
    ]
    assert (
        done["submit"].stdout
        == f"办公室: 2012-02-06 00:00 submitted artifact=pledge ref=承诺书.pdf {FLAG_EN}\n"
    )
    assert done["items"].stdout.splitlines() == ["未销号  办事推诿", "办公室 问题台账: 1 item(s), 1 open"]
    assert done["ready"].stderr == "0 unit(s) moved on\n"
    assert "⚠ 4 act(s) recorded without authority or out of time order:" in done["board"].stdout
    history = done["history"].stdout.splitlines()
    assert history[-1] == (
        "    13   2012-03-20 00:00 escalated (自动督办) rule=superficial_analysis "
        "name=避重就轻、敷衍应付 步骤=1 occurrence=1 cause=9 due=2012-03-12 "
        'reason=书面剖析材料被退回：避重就轻 actions=["书面检查","重做本阶段"] '
        'addressee=办公室 applied=["重做本阶段→inspect"]'
    )
    roster = done["roster"].stdout.splitlines()
    assert roster[0].strip() == "en.db — authority record"
    assert roster[2].split() == ["┃", "actor", "┃", "角色", "roles", "┃", "单位", "units", "┃"]
    assert done["mode"].stdout == "record\n"
    assert SENTENCE.search(done["verify"].stdout)  # the check of the Chinese run would see English
    assert done["verify"].stdout == f"{db}: 1 unit(s), 1 stored state(s) checked, 0 problem(s)\n"
    assert done["campaigns"].stdout == "engine-zhengainian  plan engine-zhengainian  1 unit(s)  13 event(s)\n"
    assert done["import"].stdout.splitlines()[-1] == (
        f"{tmp_path / 'en-整改台账.csv'}: 1 act(s) recorded, 0 row(s) unchanged"
    )


def test_verify_and_opening_errors_in_chinese(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    assert run("track", "init", db, PLAN, "--authority", "record").exit_code == 0
    assert run("track", "enroll", db, "办公室", "--kind", "科室站办", "--at", "2012-02-06").exit_code == 0
    con = sqlite3.connect(db)
    con.execute("UPDATE units SET version = 5")
    con.commit()
    con.close()
    code, out, err = run("--lang", "zh", "track", "verify", db)
    assert code == 1
    assert err == f"{db}：办公室：存储为 科室站办 第 5 版，记录给出的是 科室站办 第 1 版\n"
    assert out == f"{db}：1 个单位，核对了 0 个存储状态，1 处问题\n"
    assert run("--lang", "zh", "track", "verify", db, "--repair").stdout.splitlines()[0] == (
        f"{db}：已按记录重写 1 个单位的状态行"
    )
    code, _, err = run("--lang", "zh", "track", "init", db, PLAN)
    assert (code, err) == (
        1,
        f"错误：{db} 已在跟踪活动 engine-zhengainian（方案 engine-zhengainian）；"
        "请用 --campaign ID 为新活动另取编号\n",
    )
    code, _, err = run("--lang", "zh", "track", "status", tmp_path / "missing.db")
    assert (code, err) == (
        1,
        f"错误：{tmp_path / 'missing.db'}：没有这个跟踪数据库（用 'campaignflow track init' 创建）\n",
    )
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    assert (
        run("--lang", "zh", "track", "campaigns", empty).stdout
        == f"{empty}：尚无活动（用 'track init' 开始）\n"
    )
    code, _, err = run("--lang", "zh", "track", "items", db, "办公室", "self_analysis")
    assert (code, err) == (
        1,
        "错误：书面剖析材料 (self_analysis) 不是逐项销号的台账（方案未写 items: true）\n",
    )


def test_a_ledger_sheet_with_bad_rows_is_told_in_chinese(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    assert run("track", "init", db, PLAN, "--authority", "record").exit_code == 0
    assert run("track", "enroll", db, "办公室", "--kind", "科室站办", "--at", "2012-02-06").exit_code == 0
    sheet = tmp_path / "台账.csv"
    sheet.write_text(
        "单位,材料编号,事项,状态,挂账日期\n无此单位,problem_ledger,空岗,未销号,\n办公室,self_analysis,空岗,未销号,\n"
        "办公室,problem_ledger,,未销号,\n办公室,problem_ledger,空岗,半销号,\n办公室,problem_ledger,空岗,已销号,\n"
        "办公室,problem_ledger,推诿,未销号,三月\n",
        encoding="utf-8",
    )
    code, out, err = run("--lang", "zh", "track", "import-ledger", db, sheet, "--at", "2012-03-01")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{sheet}:2：单位 '无此单位' 未纳入本次活动",
        f"{sheet}:3：self_analysis 不是方案中逐项销号的台账（items: true）",
        f"{sheet}:4：事项为空",
        f"{sheet}:5：状态 '半销号' 既不是 未销号 也不是 已销号",
        f"{sheet}:6：空岗：表中已销号，留痕中却从未挂账",
        f"{sheet}:7：挂账日期 '三月' 不是日期（应写作 2012-03-22）",
        f"{sheet}：未记录任何行为（6 处问题）",
    ]


def test_describe_names_keys_and_values_only_when_asked() -> None:
    at = datetime.datetime(2012, 3, 5, 9, 0, tzinfo=datetime.UTC)
    event = Event(
        "办公室", "resolved", at, "督导组", {"rule": "r1", "step": 0, "closed": True, "reason": ""}, 7
    )
    plain = "2012-03-05 09:00 resolved (督导组) rule=r1 步骤=1 closed=True"
    assert event.describe() == event.describe(None, key=None, value=None) == plain
    named = event.describe(str.upper, key=lambda k: f"<{k}>", value=lambda k, v: [k, v])
    assert (
        named == '2012-03-05 09:00 RESOLVED (督导组) <rule>=["rule","r1"] <step>=1 <closed>=["closed",true]'
    )
    messages.set_language("zh")
    assert messages.act_line(event) == "2012-03-05 09:00 解除督办 (督导组) 规则=r1 步骤=1 销号=是"
    messages.set_language("en")
    assert messages.act_line(event) == plain


def test_every_payload_key_the_library_records_has_a_word() -> None:
    documented = set(
        re.findall(r'"(\w+)":', (ROOT / "campaignflow" / "events.py").read_text(encoding="utf-8"))
    )
    sweep = {"rule", "name", "step", "occurrence", "cause", "due", "reason", "actions", "one_of", "addressee",
             "applied", "not_applied", "closed"}  # fmt: skip
    notified = {"escalation", "about", "rule", "channel", "status", "error", "attempt"}
    listed = {"head", "contact"}  # enrolled from a list of units
    flags = {"backdated", "unauthorised", "out_of_order"}
    keys = (documented - {"seq", "at", "payload"}) | sweep | notified | listed | flags  # as_dict()'s own
    assert keys <= set(PAYLOAD_WORDS)
    assert payload_word("an_apps_own") == "an_apps_own"
    assert len(set(PAYLOAD_WORDS.values())) == len(PAYLOAD_WORDS)  # no two keys read alike
    assert set(VALUE_WORDS["mode"]) == {"enforce", "record"}
