"""``benchmarks/draft_corpus.py``: the corpus score, on a small corpus of our own fragments.

The real corpus (``../shared/corpus``) is other people's pages and stays outside the repository; this
one (``tests/data/draft/corpus``) has the same layout and is written for the tests.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import DATA

CORPUS = DATA / "draft" / "corpus"
SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "draft_corpus.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("draft_corpus", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["draft_corpus"] = module
    spec.loader.exec_module(module)
    return module


bench = _script()


def test_the_small_corpus_scores_as_expected(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main([str(CORPUS)]) == 0
    out = capsys.readouterr().out
    assert "phase precision 1.00 (10/10), recall 1.00 (10/10), F1 1.00" in out
    assert "exact windows 10/10 dated phases found (100%)" in out  # 从即日起到明年1月10日: an end only
    assert "invented dates 0" in out


def test_a_window_the_key_reads_otherwise_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(CORPUS / "003.txt", tmp_path / "003.txt")
    key = json.loads((CORPUS / "answers.json").read_text(encoding="utf-8"))["003"]
    key["phases"][0]["end"] = "Y+1-01-20"
    (tmp_path / "answers.json").write_text(json.dumps({"003": key}), encoding="utf-8")
    assert bench.main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "exact windows 2/3 dated phases found (67%)" in out
    assert "window of '第一阶段': None..2002-01-10 from '从即日起到明年1月10日', key None..2002-01-20" in out


def test_a_date_the_key_leaves_blank_is_invented(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(CORPUS / "001.txt", tmp_path / "001.txt")
    key = json.loads((CORPUS / "answers.json").read_text(encoding="utf-8"))["001"]
    key["phases"][0]["start"] = None  # as if the text gave only a deadline
    (tmp_path / "answers.json").write_text(json.dumps({"001": key}), encoding="utf-8")
    assert bench.main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "INVENTED 动员学习阶段 start 2013-01-01 from '1月1日至2月28日'" in out
    assert "invented dates 1" in out


def test_phases_are_aligned_in_order_by_name() -> None:
    key = ["學習調研階段", "分析檢查階段", "[(三)]"]
    drafted = ["学习调研阶段", "整改落实阶段", "分析检查阶段"]
    assert bench.align(key, drafted) == [(0, 0), (1, 2)]
    assert bench.similarity("开序已完成动员部署", "动员部署") >= bench.THRESHOLD


def test_a_missing_answers_file_is_an_io_error(tmp_path: Path) -> None:
    assert bench.main([str(tmp_path)]) == 2
