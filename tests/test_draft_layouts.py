"""The draft on the layouts real documents come in: one short fragment of our own per layout.

Each fragment under ``tests/data/draft/`` is written for these tests (no real document is copied). It
shows one layout the corpus benchmark (``benchmarks/draft_corpus.py``) met: phases run together on one
line, unnumbered and date-first headings, a date on the line below, deadline-only phases, colon styles,
quarters, news reports quoting a plan, page-number fragments, injected junk, OCR noise, masked and
blank years, and 明年/次年. Every draft is loaded as ``campaignflow validate`` loads it.
"""

from __future__ import annotations

import datetime

import pytest

from campaignflow.draft import draft_plan
from campaignflow.draft.headings import Line
from campaignflow.draft.repair import repair_dates
from campaignflow.draft.segment import segment
from tests.test_draft import fragment, kinds, loaded, windows

D = datetime.date
Expected = list[tuple[str, D | None, D | None]]

LAYOUTS: list[tuple[str, int | None, Expected]] = [
    (  # three (一)(二)(三) phases run together on one line
        "run-together.txt",
        None,
        [
            ("动员学习阶段", D(2013, 1, 1), D(2013, 2, 28)),
            ("主题实践阶段", D(2013, 3, 1), D(2013, 11, 30)),
            ("总结提高阶段", D(2013, 12, 1), D(2013, 12, 31)),
        ],
    ),
    (  # 即X阶段(…)、Y阶段(…): the year is the last phase's, so it is given
        "inline-sentence.txt",
        2014,
        [
            ("集中学习阶段", D(2014, 3, 1), D(2014, 4, 20)),
            ("查找问题阶段", D(2014, 4, 11), D(2014, 5, 31)),
            ("整改提高阶段", D(2015, 6, 1), D(2015, 7, 31)),
        ],
    ),
    (  # 分为X(…)和Y(…)两个阶段, names without 阶段
        "listed-phases.txt",
        2014,
        [("单位自查", D(2014, 5, 1), D(2014, 5, 31)), ("集中抽查", D(2014, 6, 1), D(2014, 6, 30))],
    ),
    (  # 动员部署阶段(2014年3月中旬): unnumbered headings, one per line
        "unnumbered-heading.txt",
        None,
        [("动员部署阶段", D(2014, 3, 11), D(2014, 3, 20)), ("整改落实阶段", D(2014, 3, 21), D(2014, 5, 31))],
    ),
    (  # 活动准备(…) alone on its line, numbered items below it
        "heading-alone.txt",
        None,
        [("活动准备", D(2016, 3, 31), D(2016, 4, 10))],
    ),
    (  # date-first lines: 9月上旬至10月中旬,学习动员阶段;
        "date-first.txt",
        None,
        [
            ("学习动员阶段", D(2016, 9, 1), D(2016, 10, 20)),
            ("分析评议阶段", D(2016, 10, 11), D(2016, 11, 20)),
            ("整改提高阶段", D(2016, 11, 11), D(2016, 12, 31)),
        ],
    ),
    (  # date-first clauses inside a sentence: 2、3月为…;4、5月为…;6至10月为…
        "date-first-inline.txt",
        None,
        [
            ("学习调研阶段", D(2014, 2, 1), D(2014, 3, 31)),
            ("分析检查阶段", D(2014, 4, 1), D(2014, 5, 31)),
            ("整改落实阶段", D(2014, 6, 1), D(2014, 10, 31)),
        ],
    ),
    (  # a heading with no date, the date on a 时间安排 line below
        "time-line-below.txt",
        None,
        [("组织群众评议", D(2016, 11, 10), D(2016, 11, 25))],
    ),
    (  # deadlines: the first starts on enrolment, the others the day after the phase above
        "deadlines.txt",
        None,
        [
            ("动员部署阶段", D(2015, 6, 15), D(2015, 6, 15)),
            ("自查自纠阶段", D(2015, 6, 16), D(2015, 7, 31)),
            ("重点检查阶段", D(2015, 8, 1), D(2015, 9, 30)),
            ("整改落实阶段", D(2015, 10, 1), D(2015, 10, 31)),
        ],
    ),
    (  # 第二阶段:集中整治(…): colon style, names without 阶段, no year
        "colon-styles.txt",
        2015,
        [("集中整治", D(2015, 5, 15), D(2015, 11, 30)), ("总结评比", D(2015, 12, 1), D(2015, 12, 10))],
    ),
    (  # 一阶段:学习提高(一季度)
        "quarters.txt",
        2015,
        [("学习提高", D(2015, 1, 1), D(2015, 3, 31)), ("查摆问题", D(2015, 4, 1), D(2015, 6, 30))],
    ),
    (  # a news report: 第一阶段是…,已于…完成;第二个阶段是…, with spaces and 月 missing
        "news-stages.txt",
        None,
        [
            ("宣传发动阶段", D(2019, 5, 10), D(2019, 5, 10)),  # 已于5月上旬完成: done by 05-10
            ("集中整治阶段", D(2019, 5, 11), D(2019, 10, 31)),
            ("巩固提高阶段", D(2019, 11, 1), D(2019, 12, 31)),
        ],
    ),
    (  # a page that lost its line breaks, with page numbers 1、 2、 cutting words
        "page-numbers.txt",
        None,
        [("全面自查阶段", D(2016, 3, 1), D(2016, 3, 20)), ("整改落实阶段", D(2016, 3, 20), D(2016, 6, 30))],
    ),
    (  # junk characters injected into a run-together news sentence
        "injected-junk.txt",
        None,
        [
            ("百日攻坚集中整治阶段", D(2016, 12, 1), D(2017, 1, 31)),
            ("巩固提高阶段", D(2017, 2, 1), D(2017, 2, 20)),
        ],
    ),
    (  # OCR noise: 20l6年, spaces, 6月10以前
        "ocr-noise.txt",
        None,
        [
            ("广泛发动", D(2016, 6, 1), D(2016, 6, 30)),
            ("全面推进阶段", D(2016, 7, 1), D(2016, 9, 30)),
            ("总结提高阶段", D(2016, 10, 1), D(2016, 10, 10)),
        ],
    ),
    (  # **年, a blank ( 年 7 月 …) and 20*年 … 次年, with the year given
        "masked-blank.txt",
        2011,
        [
            ("动员部署阶段", D(2011, 5, 1), D(2011, 6, 30)),
            ("组织实施阶段", D(2011, 7, 1), D(2011, 12, 31)),
            ("总结验收阶段", D(2011, 12, 1), D(2012, 2, 29)),
        ],
    ),
    (  # 一是…阶段(…); 二是…: the enumeration is the numbering; 10月底前完成 is a deadline
        "enumeration-shi.txt",
        2023,
        [
            ("动员部署阶段", D(2023, 3, 31), D(2023, 3, 31)),  # a first deadline: started on enrolment
            ("集中整治阶段", D(2023, 4, 1), D(2023, 9, 30)),
            ("总结验收阶段", D(2023, 10, 1), D(2023, 10, 31)),
        ],
    ),
    (  # (一)X阶段。<the window as the first sentence>。…, once after 时间:
        "date-sentence.txt",
        None,
        [
            ("动员部署阶段", D(2023, 3, 1), D(2023, 3, 31)),
            ("组织实施阶段", D(2023, 4, 1), D(2023, 9, 30)),
            ("总结提升阶段", D(2023, 10, 1), D(2023, 12, 31)),
        ],
    ),
    (  # 阶段一:X(…): the number after 阶段; the campaign window above is no phase
        "stage-number-after.txt",
        None,
        [
            ("宣传发动", D(2021, 6, 1), D(2021, 6, 10)),
            ("集中整治", D(2021, 6, 11), D(2021, 8, 31)),
            ("巩固提升", D(2021, 9, 1), D(2021, 9, 10)),
        ],
    ),
    (  # a table turned into text: X阶段, then its date after a space or a colon, then its work
        "table-row.txt",
        None,
        [
            ("动员部署阶段", D(2023, 3, 1), D(2023, 3, 15)),
            ("学习提高阶段", D(2023, 3, 16), D(2023, 4, 30)),
            ("整改落实阶段", D(2023, 5, 1), D(2023, 11, 30)),
            ("总结评估阶段", D(2023, 12, 1), D(2023, 12, 31)),
        ],
    ),
    (  # a phase's name alone (its automatic numbering lost), its window on the 时间: line below
        "name-alone-time-below.txt",
        None,
        [
            ("动员部署阶段", D(2023, 3, 1), D(2023, 3, 15)),
            ("查摆整改阶段", D(2023, 3, 16), D(2023, 10, 31)),
            ("总结提高阶段", D(2023, 11, 1), D(2023, 12, 31)),
        ],
    ),
    (  # a bracket with a label (时间: / 时间为) or a clause after its dates (,共两个月)
        "bracket-label.txt",
        None,
        [
            ("动员部署阶段", D(2023, 3, 1), D(2023, 3, 15)),
            ("查摆整改阶段", D(2023, 3, 16), D(2023, 10, 31)),
            ("总结提高阶段", D(2023, 11, 1), D(2023, 12, 31)),
        ],
    ),
    (  # 第一阶段为X阶段(…);第二阶段为Y阶段(…) in one sentence that says 三个阶段
        "stages-named-in-one-sentence.txt",
        None,
        [
            ("宣传发动阶段", D(2023, 3, 1), D(2023, 3, 31)),
            ("集中整治阶段", D(2023, 4, 1), D(2023, 9, 30)),
            ("总结提高阶段", D(2023, 10, 1), D(2023, 10, 31)),
        ],
    ),
    (  # a news report: ,3月为X阶段,4月至5月为Y阶段,… after commas; 今年: the year is given
        "news-comma-clauses.txt",
        2023,
        [
            ("动员部署阶段", D(2023, 3, 1), D(2023, 3, 31)),
            ("自查自纠阶段", D(2023, 4, 1), D(2023, 5, 31)),
            ("集中整治阶段", D(2023, 6, 1), D(2023, 10, 31)),
            ("总结验收阶段", D(2023, 11, 1), D(2023, 11, 30)),
        ],
    ),
    (  # a cover notice issuing the plan (关于印发《…》的通知, its date), then the plan
        "cover-notice.txt",
        None,
        [
            ("动员部署阶段", D(2023, 3, 1), D(2023, 3, 10)),
            ("攻坚突破阶段", D(2023, 3, 11), D(2023, 10, 31)),
            ("总结评估阶段", D(2023, 11, 1), D(2023, 12, 31)),
        ],
    ),
    (  # a 时间节点 section of numbered deadlines: each a phase by its deadline, named by its clause
        "time-nodes.txt",
        None,
        [
            ("各单位制定工作方案,做好动员部署", D(2023, 4, 15), D(2023, 4, 15)),  # started on enrolment
            ("完成自查自纠,形成问题清单", D(2023, 4, 16), D(2023, 5, 31)),
            ("完成集中整改", D(2023, 6, 1), D(2023, 9, 30)),
        ],
    ),
    (  # a table turned into text with its date column first
        "table-row-date-first.txt",
        None,
        [
            ("动员部署阶段", D(2023, 3, 1), D(2023, 3, 15)),
            ("集中整治阶段", D(2023, 3, 16), D(2023, 9, 30)),
            ("总结验收阶段", D(2023, 10, 1), D(2023, 10, 31)),
        ],
    ),
    (  # dates written 2023.3.1-3.15: the year is read from them too
        "dotted-dates.txt",
        None,
        [
            ("宣传动员阶段", D(2023, 3, 1), D(2023, 3, 15)),
            ("集中整治阶段", D(2023, 3, 16), D(2023, 9, 30)),
            ("总结验收阶段", D(2023, 10, 1), D(2023, 10, 31)),
        ],
    ),
    (  # ⑴ ⑵ ⑶, the parenthesized digits of U+2474
        "numbering-parenthesized.txt",
        2023,
        [
            ("学习动员阶段", D(2023, 9, 1), D(2023, 9, 15)),
            ("自查自纠阶段", D(2023, 9, 16), D(2023, 10, 31)),
            ("整改提高阶段", D(2023, 11, 1), D(2023, 12, 20)),
        ],
    ),
    (  # 从即日起到明年…为第一阶段; 第二阶段自明年…; 在第三阶段(2017年到2020年)
        "next-year.txt",
        2015,
        [
            ("第一阶段", D(2016, 1, 10), D(2016, 1, 10)),  # 从即日起: the end only, started on enrolment
            ("第二阶段", D(2016, 1, 11), D(2016, 12, 31)),
            ("第三阶段", D(2017, 1, 1), D(2020, 12, 31)),
        ],
    ),
]


@pytest.mark.parametrize(("name", "year", "expected"), LAYOUTS, ids=[row[0] for row in LAYOUTS])
def test_each_layout_gives_its_phases_and_windows(name: str, year: int | None, expected: Expected) -> None:
    assert windows(loaded(fragment(name, year))) == expected


def test_layouts_with_no_year_say_so_instead_of_guessing_one() -> None:
    names = ("inline-sentence.txt", "colon-styles.txt", "quarters.txt", "masked-blank.txt", "next-year.txt")
    for name in names:
        draft = fragment(name)
        assert "year" not in draft.data, name  # 2015年 / 2017年 is a later phase's, not the plan's
        assert kinds(draft, "year-unknown"), name


def test_a_first_deadline_starts_on_enrolment_as_a_guess() -> None:
    draft = fragment("deadlines.txt")
    first = draft.data["phases"][0]
    assert (first["window"], first["starts"]) == ("2015年6月15日前", "on_enrolment")
    assert "starts" not in draft.data["phases"][1]
    (guess,) = [f for f in draft.findings if f.at == ("phases", 0, "starts")]
    assert guess.kind == "guess" and "enrolls" in guess.message
    assert loaded(draft).phases[0].on_enrolment


def test_a_campaign_window_start_is_the_first_deadline_phases_start() -> None:
    text = (
        "活动时间为2015年6月1日至10月31日。\n一、工作步骤\n"
        "(一)动员阶段(6月15日前)\n(二)整改阶段(6月16日至10月31日)\n"
    )
    draft = draft_plan(text)
    assert "starts" not in draft.data["phases"][0]
    assert windows(loaded(draft))[0] == ("动员阶段", D(2015, 6, 1), D(2015, 6, 15))


def test_done_by_is_read_as_the_phases_deadline() -> None:
    draft = fragment("news-stages.txt")
    assert draft.data["phases"][0]["window"].replace(" ", "") == "2019年5月上旬前"
    assert not [f for f in kinds(draft, "no-window") if f.at == ("phases", 0, "window")]
    (guess,) = [f for f in kinds(draft, "guess") if f.at == ("phases", 0, "window")]
    assert "says when the phase was done: read as its deadline" in guess.message


def test_announced_and_numbered_phases_not_in_the_text_are_missing_not_dated() -> None:
    assert [f.message for f in kinds(fragment("quarters.txt"), "missing-phase")] == [
        "the text announces 4 phases, but phase 3 is not in it",
        "the text announces 4 phases, but phase 4 is not in it",
    ]
    assert len(kinds(fragment("time-line-below.txt"), "missing-phase")) == 2
    assert len(kinds(fragment("heading-alone.txt"), "missing-phase")) == 2
    assert [p["name"] for p in fragment("heading-alone.txt").data["phases"]] == ["活动准备"]


def test_a_phase_of_the_first_sentence_is_not_the_campaign_window() -> None:
    assert "window" not in fragment("injected-junk.txt").data
    assert fragment("unnumbered-heading.txt").data["window"] == "从2014年3月开始,至2014年5月底结束"


def test_repairs_are_reported_with_their_line() -> None:
    draft = fragment("ocr-noise.txt")
    repaired = [(f.line, f.message) for f in draft.findings if "repaired" in f.message]
    assert [line for line, _ in repaired] == [2, 3, 4]
    assert "l → 1" in repaired[0][1] and "日 missing" in repaired[2][1]
    assert draft.data["phases"][0]["window"] == "2016年6月"


def test_month_pairs_are_read_only_in_date_first_clauses() -> None:
    draft = fragment("date-first-inline.txt")
    assert [f.message for f in draft.findings if "read as the months" in f.message] == [
        "'2、3月' read as the months 2 to 3",
        "'4、5月' read as the months 4 to 5",
    ]
    assert windows(loaded(fragment("list-number.txt")))[1] == ("查摆问题阶段", None, None)  # (3、4月份)


@pytest.mark.parametrize(
    ("text", "repaired"),
    [
        ("(20l0年6月)", "(2010年6月)"),
        ("于2020 年 8 中旬至12 月完成", "于2020年8月中旬至12月完成"),
        ("(6月10以前)", "(6月10日以前)"),
        ("( 年 7 月 至 12月)", "(**年7月至12月)"),
        ("召开 2 次会议", "召开 2 次会议"),
        ("Windows 2010", "Windows 2010"),
    ],
)
def test_repair_dates(text: str, repaired: str) -> None:
    assert repair_dates(text)[0] == repaired
    assert bool(repair_dates(text)[1]) == (text != repaired)


def test_segmentation_leaves_one_heading_per_line_alone() -> None:
    lines = [Line(0, 1, "(一)宣传动员阶段(3月1日至3月15日)。召开会议。"), Line(1, 2, "(二)整改阶段(4月)")]
    assert [line.text for line in segment(lines)] == [line.text for line in lines]
    run = segment([Line(0, 7, "分两个阶段。(一)动员阶段(3月)。动员。(二)整改阶段(4月)。整改。")])
    assert [(line.source, line.text) for line in run] == [
        (7, "分两个阶段。"),
        (7, "(一)动员阶段(3月)。动员。"),
        (7, "(二)整改阶段(4月)。整改。"),
    ]


def test_wrong_issuer_and_unit_kind_guesses_give_way_to_none() -> None:
    text = (
        "关于加强督办的实施方案\n行政管理部门负责对政府决定的事项进行督办。各区县(自治县、市)要落实。\n"
        "一、方法步骤\n(一)动员阶段(2012年3月)\n召开全市督办工作动员大会。各区县要召开动员会。\n"
    )
    draft = draft_plan(text)
    assert "issuer" not in draft.data  # not 政管理部门负责对政府
    assert draft.data["unit_kinds"] == [{"name": "区县"}]  # the text's word, not 县区
    assert [a["name"] for a in draft.data["phases"][0]["artifacts"]] == ["动员会"]
    (note,) = [f for f in draft.findings if "organisers' meeting" in f.message]
    assert note.kind == "note" and "全市督办工作动员大会" in note.message


def test_a_heading_cut_off_at_the_end_is_a_missing_phase_not_a_phase() -> None:
    draft = fragment("cut-heading.txt")
    assert [p["name"] for p in draft.data["phases"]] == ["动员阶段", "整改阶段"]
    assert [(f.line, f.message) for f in kinds(draft, "missing-phase")] == [
        (7, "phase 3 is cut off at the end of the text: only '(三)总' remains")
    ]
    assert draft.data["complete"] is False


def test_a_clause_after_the_dates_in_a_bracket_is_left_out_as_a_guess() -> None:
    (guess,) = [f for f in kinds(fragment("bracket-label.txt"), "guess") if "in the bracket" in f.message]
    assert (guess.line, guess.message) == (4, "'共两个月' in the bracket is not part of the window")


def test_a_last_line_that_is_a_tables_row_is_not_a_cut_sentence() -> None:
    for name in ("table-row.txt", "table-row-date-first.txt"):
        assert not kinds(fragment(name), "cut-off"), name


def test_a_cover_notice_gives_the_plans_title() -> None:
    assert fragment("cover-notice.txt").data["title"] == "某县2023年优化营商环境攻坚行动实施方案"


def test_a_title_may_end_with_a_note_in_brackets() -> None:
    assert fragment("stage-number-after.txt").data["title"] == "全县环境卫生整治百日行动方案(试行)"


def test_a_line_opening_with_its_dated_clause_is_one_phase_heading() -> None:
    draft = draft_plan(
        "从即日起到明年1月10日为第一阶段。期间开展整治。\n第二阶段自明年1月11日起到明年底结束,完成平整。\n",
        2015,
    )
    assert [(p["name"], p.get("window")) for p in draft.data["phases"]] == [
        ("第一阶段", "从即日起到明年1月10日"),  # 即日 is no date: the end only, started on enrolment
        ("第二阶段", "自明年1月11日起到明年底结束"),
    ]
