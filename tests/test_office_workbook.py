"""``track export``: the office's workbook (openpyxl, LibreOffice), its CSV files, and ``import-ledger``."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from campaignflow.engine import Campaign
from campaignflow.office.sheets import LEDGER_COLUMNS, SHEET_NAMES
from campaignflow.office.workbook import FILLS, display_width
from tests.cli import ok
from tests.conftest import DEFINITIONS, needs

PLAN = DEFINITIONS / "003-zhujianju-zhenggainian.yaml"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Three units of seed 003: two reach 整改落实阶段 and keep a 整改销号 ledger, one is flagged."""
    path = tmp_path / "track.db"
    ok("init", path, PLAN)
    member = "局党委成员及单位班子成员"
    roster = {"办公室主任": "局活动领导小组办公室", "巡查组": "局活动领导小组"}
    roster |= {"李四": member, "王五": member, "局党委成员王五": member}
    for actor, role in roster.items():  # who may act (authority is enforced)
        ok("roster", "add", path, actor, "--role", role, "--at", "2012-02-01", "--by", "办公室主任")
    units = tmp_path / "units.csv"
    units.write_text(
        "单位名称,类别\n办公室,科室站办\n城建监察大队,局属单位\n规划站,科室站办\n", encoding="gbk"
    )
    ok("enroll", path, "--from", units, "--at", "2012-02-01", "--by", "办公室主任")
    for clerk, unit in [("张三", "办公室"), ("张三", "规划站"), ("赵六", "规划站")]:
        ok("roster", "add", path, clerk, "--unit", unit, "--at", "2012-02-01", "--by", "办公室主任")
    for unit in ("办公室", "规划站"):
        ok("submit", path, unit, "公开承诺", "--at", "2012-02-10", "--by", "张三")
        ok("advance", path, unit, "--at", "2012-03-01", "--by", "张三")
        for artifact in ("调查问计帮查", "书面剖析材料", "问题台账"):
            ok("submit", path, unit, artifact, "--at", "2012-05-02", "--by", "张三")
        ok("advance", path, unit, "--at", "2012-07-02", "--by", "张三")
    ok(
        "add-item",
        path,
        "办公室",
        "整改销号",
        "办事推诿",
        "--at",
        "2012-07-05",
        "--by",
        "张三",
        "--ref",
        "台账第1条",
    )
    ok("add-item", path, "办公室", "整改销号", "上班迟到", "--at", "2012-07-06", "--by", "张三")
    ok("add-item", path, "规划站", "整改销号", "窗口态度差", "--at", "2012-07-06", "--by", "张三")
    ok("close-item", path, "办公室", "整改销号", "上班迟到", "--at", "2012-07-20", "--by", "李四")
    ok("finding", path, "规划站", "--severity", "走过场", "--at", "2012-07-21", "--by", "巡查组")
    ok("sweep", path, "--as-of", "2012-07-23")
    return path


def test_the_workbook_has_every_sheet_frozen_filtered_and_filled(db: Path, tmp_path: Path) -> None:
    book_path = tmp_path / "台账.xlsx"
    out = ok("export", db, "-o", book_path, "--as-of", "2012-07-31")
    assert out == f"{book_path}\n"
    book = load_workbook(book_path)
    assert book.sheetnames == list(SHEET_NAMES)
    for ws in book.worksheets:
        assert ws.freeze_panes is not None and ws.freeze_panes.endswith("2")
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        assert all(cell.alignment.wrap_text for cell in ws[1])  # a long header wraps in its column
        for column in ws.iter_cols(min_row=2):
            texts = [str(c.value) for c in column if isinstance(c.value, str)]
            if texts:
                width = ws.column_dimensions[column[0].column_letter].width
                assert width >= min(max(map(display_width, texts)), 47)  # long particulars wrap too
    progress = book["进度"]
    rows = {r[0]: r for r in progress.iter_rows(min_row=2, values_only=True)}
    header = [c.value for c in progress[1]]
    assert header[:3] == ["单位", "类别", "阶段"] and "投稿（weekly_article）" in header
    assert rows["办公室"][2] == "整改落实阶段"
    assert rows["办公室"][header.index("公开承诺")] == "已交"
    assert rows["办公室"][header.index("整改销号")] == "未交（1项未销号）"
    assert rows["城建监察大队"][header.index("整改销号")] == "未交"
    lights = book["红黄绿"]
    filled = {row[1].value: (row[0].value, row[0].fill.fgColor.rgb) for row in lights.iter_rows(min_row=2)}
    assert filled["城建监察大队"] == ("红", "00" + FILLS["red"])
    assert {light for light, _ in filled.values()} <= {"红", "黄", "绿"}
    assert all(
        rgb == "00" + FILLS[{"红": "red", "黄": "yellow", "绿": "green"}[w]] for w, rgb in filled.values()
    )
    due = lights.cell(2, 5)
    assert isinstance(due.value, datetime.datetime) and due.number_format == "yyyy-mm-dd"
    escalations = list(book["督办"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[8]) for r in escalations] == [("规划站", "走过场,问题不具体、不细化", "督办中")]
    ledger = book["整改台账"]
    assert tuple(c.value for c in ledger[1]) == LEDGER_COLUMNS
    items = [r[:5] + r[8:] for r in ledger.iter_rows(min_row=2, values_only=True)]
    assert items == [
        ("办公室", "整改销号", "rectification_closeout", "办事推诿", "未销号", None, None),
        (
            "办公室",
            "整改销号",
            "rectification_closeout",
            "上班迟到",
            "已销号",
            datetime.datetime(2012, 7, 20),
            "李四",
        ),
        ("规划站", "整改销号", "rectification_closeout", "窗口态度差", "未销号", None, None),
    ]
    trail = list(book["留痕"].iter_rows(min_row=2, values_only=True))
    with Campaign.open(db) as campaign:
        assert len(trail) == len(campaign.events())
    # the campaign's authority mode and five roles, the enrolments, three clerks (no unit: campaign-level)
    assert [row[2] is None for row in trail[:12]] == [True] * 6 + [False] * 3 + [True] * 3
    assert trail[6][1:5] == (datetime.datetime(2012, 2, 1), "办公室", "纳入", "办公室主任")
    assert trail[-1][3] == "督办"


def test_as_of_leaves_out_later_acts_and_csv_writes_one_file_per_sheet(db: Path, tmp_path: Path) -> None:
    out = ok("export", db, "-o", tmp_path / "早.csv", "--as-of", "2012-02-15")
    written = out.split()
    assert written == [str(tmp_path / f"早-{name}.csv") for name in SHEET_NAMES]
    progress = Path(written[0]).read_bytes()
    assert progress.startswith(b"\xef\xbb\xbf")  # Excel reads a BOM-marked CSV as UTF-8
    lines = progress.decode("utf-8-sig").splitlines()
    assert lines[1].startswith(
        "办公室,科室站办,学习提高阶段,"
    )  # in study on 2012-02-15, though in rectify now
    assert Path(written[3]).read_text(encoding="utf-8-sig").splitlines() == [",".join(LEDGER_COLUMNS)]
    trail = Path(written[4]).read_text(encoding="utf-8-sig").splitlines()
    # header, the authority mode and the roster (5 roles, 3 clerks), three enrolments, two pledges by 2-15
    assert len(trail) == 1 + 1 + 8 + 3 + 2
    assert trail[-2] == "13,2012-02-10 00:00,办公室,提交,张三,artifact=public_pledge"


@needs(
    bool(shutil.which("libreoffice") and shutil.which("pdftoppm")),
    "needs LibreOffice and poppler (Debian: apt-get install libreoffice-calc-nogui poppler-utils)",
)
def test_libreoffice_opens_the_workbook_and_prints_the_lights(db: Path, tmp_path: Path) -> None:
    book_path = tmp_path / "台账.xlsx"
    ok("export", db, "-o", book_path, "--as-of", "2012-07-31")
    profile = tmp_path / "lo-profile"
    subprocess.run(
        ["libreoffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(book_path)],
        check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip
    pdf = tmp_path / "台账.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-r", "40", str(pdf), str(tmp_path / "page")], check=True, timeout=60)
    pages = sorted(tmp_path.glob("page-*.ppm"))
    assert len(pages) >= len(SHEET_NAMES)  # every sheet prints, at least one page each
    colours = {light: _rgb(hex_) for light, hex_ in FILLS.items()}
    seen = {light: sum(_count(page, rgb) for page in pages) for light, rgb in colours.items()}
    assert seen["red"] > 0 and seen["green"] > 0  # 城建监察大队 is red, 办公室 green
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for word in ("办事推诿", "整改落实阶段", "窗口态度差", "纳入"):
        assert word in text


def _rgb(hex_: str) -> bytes:
    return bytes.fromhex(hex_)


def _count(ppm: Path, rgb: bytes) -> int:
    """How many pixels of a binary PPM (P6) image are within a few levels of ``rgb``."""
    data = ppm.read_bytes()
    fields = data.split(maxsplit=4)
    assert fields[0] == b"P6"
    pixels = fields[4]
    near = 0
    for i in range(0, len(pixels) - 2, 3):
        if all(abs(pixels[i + k] - rgb[k]) <= 3 for k in range(3)):
            near += 1
    return near
