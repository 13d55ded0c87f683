"""Every refusal the library raises reads in Chinese: a catalog template for each (``--lang zh``).

Two checks. Where a refusal's text is written in one piece (an f-string or a literal at the ``raise``),
its shape must be a catalog template's. Where it is put together from parts (who may act, time order,
a send-back, an advance's verdict), a campaign is driven into each refusal and its text must be read
whole by the catalog: ``messages.translate`` leaves no English behind.
"""

from __future__ import annotations

import ast
import datetime
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from campaignflow import Campaign, load_plan, messages
from campaignflow.authority import ACTS as ACTS_OF
from campaignflow.errors import CampaignflowError, MoveNotAllowed
from tests.cli import ok, run
from tests.conftest import DATA, ROOT

PLAN = DATA / "engine" / "zhengainian.yaml"
FEB, MAR, JUN = datetime.date(2012, 2, 1), datetime.date(2012, 3, 5), datetime.date(2012, 6, 1)
REFUSALS = ("MoveNotAllowed", "NotAuthorized", "OutOfOrder")
#: Modules whose every error is a refusal of a clerk's act (not a plan's or a store's problem).
ACTS = ("authority.py", "credentials.py", "designation.py", "findings.py", "periods.py")
#: What a Chinese refusal may still spell in Latin letters: the acts' and the library's argument names.
ARGUMENTS = frozenset(
    {"by", "backdated", "True", "reason", "backdate", "REASON", "roster", "set_authority", "token"}
)
ACT_NAMES = frozenset(ACTS_OF.values())
#: Sample text for an f-string's values: no template's literal text contains it.
SAMPLE = "甲"


def _raised() -> Iterator[tuple[str, ast.expr]]:
    """Every refusal's text as written at its ``raise`` in the library: (where, the text's expression)."""
    for path in sorted((ROOT / "campaignflow").rglob("*.py")):
        if "draft" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if node.func.id in REFUSALS and len(node.args) >= 2:
                yield where, node.args[1]
            elif node.func.id == "CampaignflowError" and path.name in ACTS and node.args:
                yield where, node.args[0]


def _samples(text: ast.expr) -> list[str] | None:
    """The text with every value as :data:`SAMPLE` (both branches of a conditional); None: built elsewhere."""
    if isinstance(text, ast.Constant) and isinstance(text.value, str):
        return [text.value]
    if isinstance(text, ast.JoinedStr):
        return ["".join(v.value if isinstance(v, ast.Constant) else SAMPLE for v in text.values)]
    if isinstance(text, ast.IfExp):
        body, orelse = _samples(text.body), _samples(text.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{\w+\}", template)
    return re.compile("(.+)".join(re.escape(part) for part in parts), re.S)


def test_every_refusal_written_in_one_piece_has_a_catalog_template() -> None:
    patterns = [_pattern(t) for t in messages.MESSAGES]
    unread, elsewhere = [], []
    for where, text in _raised():
        samples = _samples(text)
        if samples is None:
            elsewhere.append(where)
            continue
        for sample in samples:
            if re.search(r"[A-Za-z]{3}", sample) and not any(p.fullmatch(sample) for p in patterns):
                unread.append(f"{where}: {sample}")  # (a text with no English word is Chinese already)
    assert unread == []
    # the rest are put together from parts; test_refusals_put_together_from_parts_read_whole drives them
    built = {"campaignflow/authority.py", "campaignflow/credentials.py", "campaignflow/engine.py"}
    assert {w.split(":")[0] for w in elsewhere} == built


def _refusals() -> list[str]:
    """Drive a campaign into every refusal that is put together from parts; their texts."""
    c = Campaign(load_plan(PLAN), authority="enforce")
    found: list[str] = []

    def refused(act: Callable[[], object]) -> None:
        with pytest.raises(CampaignflowError) as error:
            act()
        found.append(error.value.reason if isinstance(error.value, MoveNotAllowed) else str(error.value))

    c.grant("领导小组", role="局活动领导小组", at=FEB, by="管理员")
    refused(lambda: c.grant("督导组", role="督导组", at=FEB))  # a roster change names who makes it
    refused(lambda: c.grant("督导组", role="督导组", at=FEB, by="路人"))  # … and its maker manages it
    refused(lambda: c.revoke("领导小组", role="局活动领导小组", at=FEB, by="领导小组"))  # the last manager
    c.grant("督导组", role="督导组", at=FEB, by="领导小组")
    refused(lambda: c.enroll("办公室", kind="科室站办", at=FEB))
    refused(lambda: c.enroll("办公室", kind="科室站办", at=FEB, by="路人"))
    c.enroll_many([("办公室", "科室站办"), ("规划站", "科室站办")], at=FEB, by="领导小组")
    c.grant("张三", unit="办公室", at=FEB, by="领导小组")
    refused(lambda: c.grant("路人", role="督导组", at=FEB, by="张三"))  # a clerk: acts for a unit
    refused(lambda: c.submit("规划站", "pledge", at=FEB, by="张三"))  # the unit's own actors only
    refused(
        lambda: c.submit("办公室", "pledge", at=datetime.date(2012, 1, 20), by="张三")
    )  # before enrolment
    refused(lambda: c.record_finding("办公室", severity="较严重", at=FEB))
    refused(lambda: c.advance("办公室", at=MAR, by="张三"))  # not ready: the verdict's reasons
    c.submit("办公室", "pledge", at=FEB, by="张三")
    c.record_score("办公室", "closed_test", 80, at=FEB, by="张三")
    c.advance("办公室", at=MAR, by="张三")
    c.submit("办公室", "self_analysis", at=MAR, by="张三")
    refused(lambda: c.submit("办公室", "problem_ledger", at=FEB, by="张三"))  # before the latest event
    c.grant("张三", role="督导组", at=MAR, by="领导小组")
    refused(lambda: c.approve("办公室", "self_analysis", at=MAR, by="张三"))  # its own unit's submission
    c.revoke("张三", unit="办公室", at=MAR, by="领导小组")
    refused(lambda: c.approve("办公室", "self_analysis", at=MAR, by="张三"))  # it handed it in
    refused(lambda: c.send_back("办公室", to="study", at=MAR, reason="重学", by="督导组"))
    refused(lambda: c.extend("办公室", phase="inspect", by="1个月", at=MAR, actor="督导组"))
    refused(lambda: c.sweep(datetime.date(2012, 3, 1)))  # before 办公室's latest event
    c.grant("李四", unit="规划站", at=MAR, by="领导小组")
    refused(lambda: c.approve("规划站", "self_analysis", at=MAR, by="李四"))  # not a holder of the role
    refused(lambda: c.issue_token("路人", at=MAR, by="领导小组"))  # a token goes to the roster only
    refused(lambda: c.issue_token("李四", at=MAR, by="李四"))  # … from one who manages it
    refused(lambda: c.revoke_token("李四", at=MAR, by="领导小组"))  # no token to revoke
    return found


def test_refusals_put_together_from_parts_read_whole() -> None:
    plan = load_plan(PLAN)
    ids = {p.id for p in plan.phases} | {a.id for _, a in plan.artifacts()} | set(ACT_NAMES)
    reasons = _refusals()
    messages.set_language("zh")
    try:
        read = {reason: messages.translate(reason) for reason in reasons}
    finally:
        messages.set_language(None)
    english = {
        reason: words
        for reason, chinese in read.items()
        if (words := set(re.findall(r"[A-Za-z][\w-]+", chinese)) - ids - ARGUMENTS)
    }
    assert english == {}


def test_a_refused_roster_change_reads_in_chinese(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    ok("init", db, PLAN)
    ok("roster", "add", db, "领导小组", "--role", "局活动领导小组", "--at", "2012-02-01")
    add = ("roster", "add", db, "路人", "--role", "督导组", "--by", "路人", "--at", "2012-02-01")
    code, out, err = run("--lang", "zh", "track", *add)
    assert (code, out) == (1, "")
    refusal = "拒绝：路人 无权变更名册或权限模式（roster）："
    assert err == f"{refusal}只有局活动领导小组、督导组的成员可以；路人 不在名册上\n"
