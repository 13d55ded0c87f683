"""The one table of event words: every kind the library records has a clerk's word, shown alike everywhere."""

from __future__ import annotations

import datetime

from campaignflow.credentials import TOKEN_KINDS
from campaignflow.history import CAMPAIGN_KINDS, EVENT_KINDS, LOG_KINDS, Event
from campaignflow.office.sheets import history_sheet
from campaignflow.web.views import event_row
from campaignflow.words import EVENT_WORDS, event_word

ROSTER_KINDS = ("granted", "revoked", "authority")


def test_every_recorded_kind_has_one_word_and_no_two_kinds_share_one() -> None:
    kinds = {*EVENT_KINDS, *CAMPAIGN_KINDS, *LOG_KINDS, *ROSTER_KINDS, *TOKEN_KINDS}
    assert kinds == set(EVENT_WORDS)
    assert len(set(EVENT_WORDS.values())) == len(EVENT_WORDS)


def test_the_web_and_the_workbook_word_an_event_alike() -> None:
    at = datetime.datetime(2012, 2, 1, tzinfo=datetime.UTC)
    events = [Event("办公室", kind, at, "张三", {}, n) for n, kind in enumerate(EVENT_WORDS, 1)]
    sheet = history_sheet(events)
    assert [row[3] for row in sheet.rows] == [event_row(e)["kind_word"] for e in events]
    assert [row[3] for row in sheet.rows] == list(EVENT_WORDS.values())


def test_a_kind_with_no_word_is_shown_as_recorded() -> None:
    assert (event_word("submitted"), event_word("app_own")) == ("提交", "app_own")
