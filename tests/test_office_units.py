"""``track enroll --from``: unit lists as offices send them — .xlsx, and CSV in UTF-8, UTF-8 with BOM, GBK."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from campaignflow.engine import Campaign
from tests.cli import track
from tests.conftest import DEFINITIONS

#: When and by whom the fixture's file enrolls its units: its office, the roster's manager.
OFFICE = ("--at", "2012-02-01", "--by", "局活动领导小组办公室")
PLAN = DEFINITIONS / "003-zhujianju-zhenggainian.yaml"
KINDS = ("局属单位", "科室站办")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "track.db"
    assert track("init", path, PLAN)[0] == 0
    office = ("局活动领导小组办公室", "--role", "局活动领导小组办公室", "--at", "2012-02-01")
    assert track("roster", "add", path, *office)[0] == 0
    return path


def workbook(path: Path, rows: list[list[object]], title: str | None = None) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    if title:
        sheet.append([title])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_an_xlsx_of_200_units_with_chinese_headers_enrols(db: Path, tmp_path: Path) -> None:
    rows: list[list[object]] = [["序号", "单位名称", "类别", "负责人", "联系人"]]
    rows += [[i, f"第{i}单位", KINDS[i % 2], f"负责人{i}", 13800000000 + i] for i in range(1, 201)]
    source = workbook(tmp_path / "单位名单.xlsx", rows, title="住建局作风建设整改年参加单位名单")
    code, out, err = track(
        "enroll", db, "--from", source, "--at", "2012-02-01", "--by", "局活动领导小组办公室"
    )
    assert (code, err) == (0, "")
    assert out == f"{db}: enrolled 200 unit(s) from {source}\n"
    with Campaign.open(db) as campaign:
        assert campaign.units() == [f"第{i}单位" for i in range(1, 201)]
        assert campaign.record("第7单位").kind == "科室站办"
        enrolled = campaign.history("第7单位")[0]
    assert enrolled.by == "局活动领导小组办公室"
    assert dict(enrolled.payload) == {"kind": "科室站办", "head": "负责人7", "contact": "13800000007"}


@pytest.mark.parametrize(
    ("encoding", "header"),
    [
        ("utf-8", "name,kind"),
        ("utf-8-sig", "单位名称,类别"),
        ("gbk", "单位名称,单位类型,负责人"),
        ("gb18030", "名称, 类别 ,联系人"),
    ],
)
def test_csv_in_every_encoding_excel_writes(db: Path, tmp_path: Path, encoding: str, header: str) -> None:
    source = tmp_path / "units.csv"
    extra = "," + "王五" if header.count(",") == 2 else ""
    name = "䶮城建监察大队" if encoding == "gb18030" else "城建监察大队"  # 䶮 is in GB18030, not GBK
    source.write_bytes(f"{header}\r\n{name},局属单位{extra}\r\n办公室,科室站办{extra}\r\n".encode(encoding))
    code, _, err = track("enroll", db, "--from", source, *OFFICE)
    assert (code, err) == (0, "")
    with Campaign.open(db) as campaign:
        assert campaign.units() == [name, "办公室"]
        payload = dict(campaign.history("办公室")[0].payload)
    if extra:
        assert payload["head" if "负责人" in header else "contact"] == "王五"
    else:
        assert payload == {"kind": "科室站办"}


def test_every_bad_xlsx_row_is_reported_and_nothing_is_enrolled(db: Path, tmp_path: Path) -> None:
    assert (
        track(
            "enroll", db, "办公室", "--kind", "科室站办", "--at", "2012-02-01", "--by", "局活动领导小组办公室"
        )[0]
        == 0
    )
    rows: list[list[object]] = [
        ["单位名称", "类别"],
        ["城建监察大队", "局属单位"],
        [None, "科室站办"],
        ["规划站", "局属"],
        [],
        ["规划站", "科室站办"],
        ["规划站", "科室站办"],
        ["办公室", "科室站办"],
        ["质监站", None],
    ]
    source = workbook(tmp_path / "units.xlsx", rows)
    code, out, err = track(
        "enroll", db, "--from", source, "--at", "2012-02-01", "--by", "局活动领导小组办公室"
    )
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"{source}:3: empty name",
        f"{source}:4: unknown kind '局属' (the plan has 局属单位、科室站办、领导干部、中层干部、一般干部)",
        f"{source}:7: 规划站 is listed twice (first on row 6)",
        f"{source}:8: 办公室 is already enrolled",
        f"{source}:9: unknown kind '' (the plan has 局属单位、科室站办、领导干部、中层干部、一般干部)",
        f"{source}: nothing enrolled (5 problem(s))",
    ]
    with Campaign.open(db) as campaign:
        assert campaign.units() == ["办公室"]


def test_files_that_are_not_unit_lists_are_refused_cleanly(db: Path, tmp_path: Path) -> None:
    fake = tmp_path / "units.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    code, _, err = track("enroll", db, "--from", fake)
    assert code == 1 and f"{fake}:1: not a readable .xlsx workbook" in err and "Traceback" not in err
    old = tmp_path / "units.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    code, _, err = track("enroll", db, "--from", old)
    assert code == 1 and "save it as .xlsx or as CSV" in err
    headerless = workbook(tmp_path / "h.xlsx", [["办公室", "科室站办"]])
    code, _, err = track("enroll", db, "--from", headerless)
    assert code == 1 and f"{headerless}:1: no header row with the columns 单位名称,类别" in err
    empty = workbook(tmp_path / "e.xlsx", [["单位名称", "类别"]])
    code, _, err = track("enroll", db, "--from", empty)
    assert code == 1 and f"{empty}:1: no units listed below the header" in err
    with Campaign.open(db) as campaign:
        assert campaign.units() == []


def test_importing_campaignflow_does_not_import_openpyxl() -> None:
    code = "import sys, campaignflow, campaignflow.cli; assert 'openpyxl' not in sys.modules, 'openpyxl'"
    subprocess.run([sys.executable, "-c", code], check=True)
