"""``campaignflow draft`` on a Word document: paragraphs and table rows in order, other files refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from campaignflow.office.document import MAX_UNPACKED, docx_text
from tests.cli import run


def timetable(path: Path) -> Path:
    """A plan document of our own whose phases are the rows of a table, as offices often write them."""
    document = docx.Document()
    document.add_paragraph("某局作风建设年活动实施方案")
    document.add_paragraph("五、进度安排")
    rows = [
        ("阶段", "时间", "主要任务"),
        ("动员部署阶段", "2023年3月1日-3月15日", "召开动员大会，制定方案。"),
        ("整改落实阶段", "2023年3月16日-11月30日", "建立问题清单，逐项销号。"),
    ]
    table = document.add_table(rows=len(rows), cols=3)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    document.add_paragraph("各科室于12月10日前报送工作总结。")
    document.save(str(path))
    return path


def test_a_docx_is_read_paragraphs_and_table_rows_in_order(tmp_path: Path) -> None:
    text = docx_text(timetable(tmp_path / "plan.docx").read_bytes(), "plan.docx")
    assert text.splitlines() == [
        "某局作风建设年活动实施方案",
        "五、进度安排",
        "阶段  时间  主要任务",
        "动员部署阶段  2023年3月1日-3月15日  召开动员大会，制定方案。",
        "整改落实阶段  2023年3月16日-11月30日  建立问题清单，逐项销号。",
        "各科室于12月10日前报送工作总结。",
    ]


def test_draft_reads_a_docx_and_says_how_lines_are_counted(tmp_path: Path) -> None:
    plan = timetable(tmp_path / "实施方案.docx")
    code, out, err = run("draft", str(plan), "--format", "json")
    assert code == 0
    assert '"title": "某局作风建设年活动实施方案"' in out
    assert '"window": "2023年3月1日-3月15日"' in out and '"window": "2023年3月16日-11月30日"' in out
    code, _, err = run("draft", str(plan), "-o", str(tmp_path / "plan.yaml"))
    assert code == 0
    assert err.splitlines()[0] == (
        f"{plan}:0: source: read from a Word document: line numbers count its paragraphs and table rows"
    )
    assert (
        f"{plan}:4: guess: window read from the heading: 2023年3月1日-3月15日" in err
    )  # the table's 2nd row
    assert run("validate", str(tmp_path / "plan.yaml")).exit_code == 0


def test_a_cell_merged_across_columns_is_written_once(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "动员部署阶段"
    table.cell(0, 2).text = "3月"
    document.save(str(tmp_path / "m.docx"))
    assert docx_text((tmp_path / "m.docx").read_bytes(), "m.docx") == "动员部署阶段  3月\n"


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        (
            "old.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
            "a Word 97–2003 (.doc) or WPS file; save it as .docx",
        ),
        ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\n", "a PDF; copy its text into a .txt file"),
        ("cut.docx", b"PK\x03\x04\x14\x00broken", "a damaged zip archive, not a readable .docx"),
    ],
)
def test_files_draft_cannot_read_are_refused_with_what_to_do(
    tmp_path: Path, name: str, content: bytes, said: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run("draft", str(path))
    assert (code, out) == (2, "")
    assert err.startswith(f"error: cannot read {path}: {said}")


def test_a_zip_that_is_not_a_docx_or_unpacks_too_far_is_refused(tmp_path: Path) -> None:
    other = _zip(tmp_path / "photos.docx", {"a.txt": b"hello"})
    code, _, err = run("draft", str(other))
    assert code == 2 and "a zip archive without word/document.xml: not a Word .docx file" in err
    bomb = _zip(tmp_path / "bomb.docx", {"word/document.xml": b"0" * (MAX_UNPACKED + 1)})
    assert bomb.stat().st_size < 1024 * 1024  # small on disk
    code, _, err = run("draft", str(bomb))
    assert code == 2 and "it unpacks to more than 64 MiB; a plan document is far smaller" in err


def test_a_docx_whose_xml_is_not_a_document_is_refused(tmp_path: Path) -> None:
    broken = _zip(
        tmp_path / "broken.docx",
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<not-closed"},
    )
    code, _, err = run("draft", str(broken))
    assert code == 2 and f"error: cannot read {broken}: not a readable Word document (" in err


def numbered(path: Path, fmt: str, pattern: str, headings: list[tuple[int, str]]) -> Path:
    """A document whose headings Word numbers itself (``List Number`` paragraphs), with the list's
    first level set to ``fmt`` and ``pattern`` (``chineseCounting``, ``%1、``) and a second level
    ``（%2）`` in Chinese numerals; ``headings`` are (level, text)."""
    from docx.oxml.ns import qn  # noqa: PLC0415

    document = docx.Document()
    document.add_paragraph("某局作风建设实施方案")
    for level, text in headings:
        paragraph = document.add_paragraph(text, style="List Number")
        if level:
            paragraph._p.get_or_add_pPr().get_or_add_numPr().get_or_add_ilvl().val = level
    numbering = document.part.numbering_part.element
    style_num = document.styles["List Number"].element.pPr.numPr.numId.val
    (num,) = [n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(style_num)]
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    (abstract,) = [
        a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id
    ]
    first = abstract.find(qn("w:lvl"))
    first.find(qn("w:numFmt")).set(qn("w:val"), fmt)
    first.find(qn("w:lvlText")).set(qn("w:val"), pattern)
    second = docx.oxml.parse_xml(
        f'<w:lvl xmlns:w="{first.nsmap["w"]}" w:ilvl="1"><w:start w:val="1"/>'
        '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
    )
    first.addnext(second)
    document.save(str(path))
    return path


def test_words_automatic_numbering_is_written_out(tmp_path: Path) -> None:
    headings = [
        (0, "指导思想"),
        (0, "方法步骤"),
        (1, "动员部署阶段（2023年3月1日—3月15日）"),
        (1, "集中整治阶段（2023年3月16日—9月30日）"),
        (0, "工作要求"),
        (1, "加强领导"),
    ]
    plan = numbered(tmp_path / "auto.docx", "chineseCounting", "%1、", headings)
    assert docx_text(plan.read_bytes(), "auto.docx").splitlines() == [
        "某局作风建设实施方案",
        "一、指导思想",
        "二、方法步骤",
        "（一）动员部署阶段（2023年3月1日—3月15日）",
        "（二）集中整治阶段（2023年3月16日—9月30日）",
        "三、工作要求",
        "（一）加强领导",
    ]
    code, out, _ = run("draft", str(plan), "--format", "json")
    assert code == 0 and '"name": "动员部署阶段"' in out and '"window": "2023年3月16日—9月30日"' in out


@pytest.mark.parametrize(
    ("fmt", "pattern", "first", "eleventh"),
    [
        ("decimal", "%1.", "1.", "11."),
        ("chineseCountingThousand", "第%1阶段", "第一阶段", "第十一阶段"),
        ("decimalEnclosedCircle", "%1", "①", "⑪"),
        ("ideographTraditional", "%1、", "甲、", "11、"),
        ("upperRoman", "%1.", "I.", "XI."),
        ("bullet", "•", "", ""),
    ],
)
def test_each_number_format_is_written_as_word_shows_it(
    tmp_path: Path, fmt: str, pattern: str, first: str, eleventh: str
) -> None:
    plan = numbered(tmp_path / "f.docx", fmt, pattern, [(0, f"第{i}项") for i in range(1, 12)])
    lines = docx_text(plan.read_bytes(), "f.docx").splitlines()
    assert (lines[1], lines[11]) == (f"{first}第1项", f"{eleventh}第11项")
