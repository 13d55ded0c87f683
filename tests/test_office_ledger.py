"""``track import-ledger``: a 整改台账 filled in the exported workbook comes back as 挂账 and 销号."""

from __future__ import annotations

import datetime
from pathlib import Path

from openpyxl import load_workbook

from campaignflow.engine import Campaign
from tests.cli import ok, track
from tests.test_office_workbook import db

__all__ = ["db"]  # the scenario fixture: three units of seed 003, two keeping a 整改销号 ledger


def exported(db: Path, tmp_path: Path, as_of: str = "2012-07-31") -> Path:
    book = tmp_path / "台账.xlsx"
    ok("export", db, "-o", book, "--as-of", as_of)
    return book


def fill(book: Path, edits: dict[str, dict[str, object]], added: list[list[object]] = ()) -> Path:  # type: ignore[assignment]
    """Edit rows of the 整改台账 sheet as a clerk would: by 事项, column by header; append new rows."""
    wb = load_workbook(book)
    ws = wb["整改台账"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        change = edits.get(str(row[header.index("事项")].value), {})
        for column, value in change.items():
            row[header.index(column)].value = value
    for cells in added:
        ws.append(cells)
    wb.save(book)
    return book


def items(db: Path, unit: str) -> dict[str, bool]:
    with Campaign.open(db) as campaign:
        evidence = campaign.evidence(unit, "rectification_closeout")
        return dict(evidence.entries or {}) if evidence else {}


def test_a_filled_ledger_closes_what_it_marks_and_adds_new_rows(db: Path, tmp_path: Path) -> None:
    book = fill(
        exported(db, tmp_path),
        {"办事推诿": {"状态": "已销号", "销号日期": datetime.date(2012, 8, 3), "销号人": "局党委成员王五"}},
        added=[["规划站", "整改销号", "", "资料归档不全", "未销号", "2012年8月1日", "赵六", "自查"]],
    )
    code, out, err = track("import-ledger", db, book, "--at", "2012-08-10")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "办公室: 2012-08-03 00:00 item_closed (局党委成员王五) artifact=rectification_closeout item=办事推诿",
        "规划站: 2012-08-01 00:00 item_added (赵六) artifact=rectification_closeout item=资料归档不全 "
        "ref=自查",
        f"{book}: 2 act(s) recorded, 2 row(s) unchanged",
    ]
    assert items(db, "办公室") == {"办事推诿": True, "上班迟到": True}
    assert items(db, "规划站") == {"窗口态度差": False, "资料归档不全": False}
    with Campaign.open(db) as campaign:
        before = len(campaign.events())
    code, out, _ = track("import-ledger", db, book, "--at", "2012-08-10")  # the same file again
    assert code == 0 and out == f"{book}: 0 act(s) recorded, 4 row(s) unchanged\n"
    with Campaign.open(db) as campaign:
        assert len(campaign.events()) == before
    again = exported(db, tmp_path, "2012-08-31")  # the new export shows what was imported
    rows = list(load_workbook(again)["整改台账"].iter_rows(min_row=2, values_only=True))
    assert rows[0][3:5] + rows[0][8:] == (
        "办事推诿",
        "已销号",
        datetime.datetime(2012, 8, 3),
        "局党委成员王五",
    )


def test_conflicting_rows_are_reported_and_nothing_is_recorded(db: Path, tmp_path: Path) -> None:
    book = fill(
        exported(db, tmp_path),
        {
            "办事推诿": {"状态": "已销号", "销号日期": "2012-08-03", "销号人": "王五"},  # fine on its own
            "上班迟到": {"状态": "未销号"},  # closed in the history by 李四
            "窗口态度差": {"状态": "已办结"},
        },
        added=[
            ["办公室", "整改销号", "", "从未挂账", "已销号", None, None, None, "2012-08-01", "王五"],
            ["办公室", "整改销号", "", "上班迟到", "已销号"],
            ["无此单位", "整改销号", "", "某事", "未销号"],
            ["办公室", "公开承诺", "", "某事", "未销号"],
            ["办公室", "整改销号", "", "日期不对", "未销号", "八月一日"],
        ],
    )
    code, out, err = track("import-ledger", db, book, "--at", "2012-08-10")
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"{book}:3: 上班迟到: closed (已销号) in the history on 2012-07-20 by 李四, but 未销号 in the sheet",
        f"{book}:4: 状态 '已办结' is neither 未销号 nor 已销号",
        f"{book}:5: 从未挂账: 已销号 in the sheet, but never added (挂账) in the history",
        f"{book}:6: 办公室 整改销号 上班迟到 is listed twice (first on row 3)",
        f"{book}:7: unit '无此单位' is not enrolled",
        f"{book}:8: public_pledge is not a ledger of items (items: true) of the plan",
        f"{book}:9: 挂账日期 '八月一日' is not a date (write 2012-03-22)",
        f"{book}: nothing recorded (7 problem(s))",
    ]
    assert items(db, "办公室") == {"办事推诿": False, "上班迟到": True}


def test_a_refusal_by_the_engine_undoes_the_whole_import(db: Path, tmp_path: Path) -> None:
    csv_book = tmp_path / "台账.csv"
    ok("export", db, "-o", csv_book, "--as-of", "2012-07-31")
    ledger = tmp_path / "台账-整改台账.csv"
    lines = ledger.read_text(encoding="utf-8-sig").splitlines()
    # 办事推诿: closed, fine (the row ends with its two empty 销号 cells: fill them)
    lines[1] = lines[1].replace("未销号", "已销号").removesuffix(",") + "2012-08-03,王五"
    lines.append("城建监察大队,整改销号,,还在学习阶段,未销号,2012-06-01,赵六,,,")  # rectify not open yet
    ledger.write_bytes("\n".join(lines).encode("gbk"))  # saved again by Excel on a Chinese Windows
    code, out, err = track("import-ledger", db, ledger, "--at", "2012-08-10")
    assert code == 1 and out == ""
    assert err.startswith(f"{ledger}:5: 城建监察大队: ")
    assert err.endswith(f"{ledger}: nothing recorded (1 problem(s))\n")
    assert items(db, "办公室") == {"办事推诿": False, "上班迟到": True}  # the good row was undone too
