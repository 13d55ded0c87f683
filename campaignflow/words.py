"""The word a clerk sees for each kind of recorded event (留痕): one table for every adapter.

The workbook's 留痕 sheet, the web's unit pages and the JSON API all word events from here, so an
act reads the same wherever it is shown. Kinds are :data:`campaignflow.history.EVENT_KINDS`, the
campaign-level kinds (``notified``, the roster's ``granted``/``revoked``, the ``authority`` mode and
the API tokens' ``token_issued``/``token_revoked``);
a kind with no word (an app's own) is shown as it is recorded. :data:`PAYLOAD_WORDS` names the keys of
the events' payloads so (``artifact`` → ``材料``) and :data:`VALUE_WORDS` the few fixed values a payload
holds (an authority mode, a delivery's status), for the command line's act lines in Chinese.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

__all__ = ["EVENT_WORDS", "PAYLOAD_WORDS", "VALUE_WORDS", "event_word", "payload_word"]

#: Each event kind in a clerk's words: what was done, as a verb phrase.
EVENT_WORDS: Final[Mapping[str, str]] = {
    "enrolled": "纳入",
    "submitted": "提交",
    "approved": "审核通过",
    "rejected": "退回重办",
    "item_added": "挂账",
    "item_closed": "销号",
    "advanced": "进入下一阶段",
    "sent_back": "退回重做",
    "extended": "延期",
    "scored": "记录成绩",
    "voted": "记录评议结果",
    "graded": "评定等次",
    "finding": "督查发现问题",
    "finding_closed": "整改销号",
    "deadline_set": "限期整改",
    "designated": "调整单位类别",
    "escalated": "督办",
    "resolved": "解除督办",
    "notified": "发出通知",
    "granted": "授予权限",
    "revoked": "收回权限",
    "authority": "设定权限模式",
    "token_issued": "发放接口令牌",
    "token_revoked": "收回接口令牌",
}

#: Each payload key (:mod:`campaignflow.events` lists them per kind) in a clerk's words. The values the
#: user typed (artifact and phase ids, unit and actor names, reasons) are shown as they were recorded.
PAYLOAD_WORDS: Final[Mapping[str, str]] = {
    # a unit's acts
    "kind": "类别",  # enrolled: the unit kind; designated: the kind from that day
    "head": "负责人",  # enrolled from a list: its optional columns
    "contact": "联系人",
    "artifact": "材料",
    "ref": "依据",  # where the document or the ledger item is written down: a file, a link, 文号
    "period": "报送期",  # a report due on fixed days: the due day it is for
    "reviewer": "审核人",
    "level": "审核级次",  # a review chain: this sign-off's level …
    "of": "共几级",  # … of how many
    "reason": "理由",
    "item": "事项",  # a ledger's item (挂账, 销号)
    "from": "从",  # advanced, sent_back: the phase left; designated: the kind before
    "to": "至",
    "reset": "清空材料",  # sent_back: the artifacts whose evidence is cleared
    "phase": "阶段",
    "by": "延长",  # extended: by how long (2个月)
    "end": "截止",  # extended: the phase's new end
    "score": "成绩",
    "votes": "票数",
    "respondents": "参评人数",
    "grade": "等次",
    "severity": "性质",  # a finding's (较严重)
    "note": "说明",
    "due": "期限",  # 限期整改, a deadline; an escalation: the day its cause fell due
    "finding": "问题编号",  # finding_closed: the number of the finding closed
    # flags of an act recorded out of the ordinary
    "backdated": "补录",  # recorded before the unit's latest event on purpose: why
    "unauthorised": "越权",  # recorded without authority (record mode): why it would have been refused
    "out_of_order": "时序不符",  # dated before the unit's latest event, without --backdate
    # the sweep's escalated and resolved (督办, 解除督办)
    "rule": "规则",
    "name": "名称",
    "step": "步骤",  # counted from 1, as the sweep's table shows it
    "occurrence": "次数",
    "cause": "原因",  # the cause's key: a due day, or the number of the event that caused it
    "actions": "措施",
    "one_of": "择一措施",
    "addressee": "对象",
    "applied": "已执行",
    "not_applied": "未执行",
    "closed": "销号",
    # campaign-level events: the roster, the authority mode, API tokens, notifications
    "actor": "人员",
    "role": "角色",
    "unit": "单位",
    "mode": "模式",
    "hash": "摘要",
    "escalation": "督办事项",
    "about": "督办单位",
    "channel": "渠道",
    "status": "状态",
    "error": "错误",
    "attempt": "第几次",
}

#: The fixed values some payload keys hold, in a clerk's words (by key, then value).
VALUE_WORDS: Final[Mapping[str, Mapping[str, str]]] = {
    "mode": {"enforce": "强制", "record": "记录"},  # enforce: refuse acts without authority
    "status": {"sent": "已发送", "failed": "发送失败"},
}


def event_word(kind: str) -> str:
    """The clerk's word for ``kind``, or ``kind`` itself when the table has none."""
    return EVENT_WORDS.get(kind, kind)


def payload_word(key: str) -> str:
    """The clerk's word for a payload key, or ``key`` itself when the table has none."""
    return PAYLOAD_WORDS.get(key, key)
