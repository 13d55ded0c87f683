"""The word a clerk sees for each kind of recorded event (留痕): one table for every adapter.

The workbook's 留痕 sheet, the web's unit pages and the JSON API all word events from here, so an
act reads the same wherever it is shown. Kinds are :data:`campaignflow.history.EVENT_KINDS`, the
campaign-level kinds (``notified``, the roster's ``granted``/``revoked``, the ``authority`` mode and
the API tokens' ``token_issued``/``token_revoked``);
a kind with no word (an app's own) is shown as it is recorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

__all__ = ["EVENT_WORDS", "event_word"]

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


def event_word(kind: str) -> str:
    """The clerk's word for ``kind``, or ``kind`` itself when the table has none."""
    return EVENT_WORDS.get(kind, kind)
