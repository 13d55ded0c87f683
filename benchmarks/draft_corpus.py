"""Score ``campaignflow draft`` on a corpus of real plan texts against hand-read keys.

    python benchmarks/draft_corpus.py ../shared/corpus        # every NNN.txt against DIR/answers.json

The corpus layout and the reading conventions of the keys are the corpus README's. How the draft is scored:

* **Run as a clerk would.** The draft runs on the document text: the file after its header (the
  ``source: … | query: …`` and ``title:`` lines and the blank line, which are the corpus's own notes
  and quote other documents' phases). When it finds no year (a ``year-unknown`` TODO), it is run again
  with ``--year``, as its TODO asks: the key's year when the key has one, else the stand-in year 2001,
  which stands for the key's ``Y`` (2002 for ``Y+1``). A year the draft reads itself is kept, right or
  wrong, and the key's ``Y`` then means that year.
* **Phases are matched in order by name.** Names are compared after the draft's own normalisation
  (simplified characters, pinyin stripped) with 阶段 and punctuation removed, by difflib's ratio; an
  order-preserving alignment maximises the summed similarity, and a pair counts when its similarity is
  at least 0.5. Precision and recall count only phases the key marks ``in_text: true``; a drafted
  phase aligned to an ``in_text: false`` phase (announced but absent) is a false positive, since such a
  phase must be reported as missing, not drafted. How many absent phases the draft reports as
  ``missing-phase`` findings is printed separately (at most the key's count per document).
* **Windows are compared as the phrase reads.** A drafted window is read with ``campaignflow.dates`` and
  the plan's year: a deadline-only phrase has no start, just as the key's ``start: null``; the start the
  plan language derives from the phase above is not the draft's and is not compared. A window is exact
  when start and end both equal the key's. "Dated" phases are matched phases whose key gives a start or
  an end.
* **Invented dates.** A date the draft produces (a start or end its phrase reads as) is invented when the
  phrase holds a number the text does not (the draft may repair ``20l0年`` or ``6月10以前``, but never
  add a number), when the matched key phase has that date null (blank, event-bound, or a deadline's
  start), or when the date is none of the key's dates for that document. The campaign ``window`` (which
  the keys do not list) is invented when it holds a number the text does not, or reads exactly as one
  phase's window in the key: it was then taken from that phase.
* **Validation.** Every draft with phases is loaded as ``campaignflow validate`` loads it; errors are
  listed (warnings such as ``no-window`` are fine).
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from campaignflow.dates import parse_window
from campaignflow.draft import Draft, draft_plan
from campaignflow.draft.normalize import normalize, normalize_line
from campaignflow.errors import DatePhraseError
from campaignflow.loader import check_plan_text

STAND_IN = 2001
THRESHOLD = 0.5
_NAME_NOISE = re.compile(r"阶段|[\s,,、。:;()\[\]]")


@dataclass
class DocScore:
    """One document's figures and what went wrong in it."""

    doc: str
    key_in: int = 0
    drafted: int = 0
    matched: int = 0
    dated: int = 0
    exact: int = 0
    invented: list[str] = field(default_factory=list)
    absent: int = 0
    absent_reported: int = 0
    misses: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    year: str = ""


def _name(text: str) -> str:
    return _NAME_NOISE.sub("", normalize_line(text))


def similarity(a: str, b: str) -> float:
    """How alike two phase names are (0–1), after normalisation, without 阶段 and punctuation."""
    x, y = _name(a), _name(b)
    if not x or not y:
        return 1.0 if x == y else 0.0
    return difflib.SequenceMatcher(None, x, y).ratio()


def align(key: list[str], drafted: list[str]) -> list[tuple[int, int]]:
    """Order-preserving pairs (key index, drafted index) maximising summed similarity ≥ THRESHOLD."""
    n, m = len(key), len(drafted)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            s = similarity(key[i], drafted[j])
            take = best[i + 1][j + 1] + s if s >= THRESHOLD else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        s = similarity(key[i], drafted[j])
        if s >= THRESHOLD and best[i][j] == best[i + 1][j + 1] + s:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _key_date(value: str | None, year: int) -> datetime.date | None:
    if value is None:
        return None
    head, _, rest = value.partition("-")
    if head == "Y":
        return datetime.date.fromisoformat(f"{year:04d}-{rest}")
    if head == "Y+1":
        return datetime.date.fromisoformat(f"{year + 1:04d}-{rest}")
    return datetime.date.fromisoformat(value)


def run_draft(text: str, key_year: int | None, source: str) -> Draft:
    """The draft as a clerk gets it: rerun with --year when it reports the year unknown."""
    draft = draft_plan(text, source=source)
    if "year" not in draft.data:
        draft = draft_plan(text, key_year if key_year is not None else STAND_IN, source=source)
    return draft


def _read(phrase: str | None, year: int | None) -> tuple[datetime.date | None, datetime.date | None] | None:
    if phrase is None or year is None:
        return None
    try:
        window = parse_window(phrase, year)
    except DatePhraseError:
        return None
    return window.start, window.end


Span = tuple[datetime.date | None, datetime.date | None]


@dataclass
class _Doc:
    """What scoring one document needs: the draft's phases and year, the key, the text's numbers."""

    phases: list[dict[str, Any]]
    year: int | None
    y: int  # what the key's Y stands for
    key: list[dict[str, Any]]
    text: str

    def want(self, kp: dict[str, Any]) -> Span:
        return _key_date(kp["start"], self.y), _key_date(kp["end"], self.y)

    def got(self, phrase: str | None) -> Span | None:
        return _read(phrase, self.year)


def score(doc: str, text: str, key: dict[str, Any]) -> DocScore:
    """Draft one document and score it against its key."""
    result = DocScore(doc)
    draft = run_draft(text, key["year"], f"{doc}.txt")
    year: int | None = draft.data.get("year")
    result.year = "ok" if year == key["year"] or key["year"] is None else f"{year} (key {key['year']})"
    found = _Doc(
        draft.data.get("phases", []),
        year,
        year if year is not None else STAND_IN,
        key["phases"],
        normalize(text).text.replace("\n", ""),
    )
    result.key_in = sum(p["in_text"] for p in found.key)
    result.absent = len(found.key) - result.key_in
    result.drafted = len(found.phases)
    missing = sum(f.kind == "missing-phase" for f in draft.findings)
    result.absent_reported = min(missing, result.absent)
    pairs = dict(align([p["name"] for p in found.key], [p["name"] for p in found.phases]))
    _invented(found, pairs, result)
    campaign = found.got(draft.data.get("window"))
    phase_windows = {found.want(p) for p in found.key}
    if campaign is not None and (
        campaign in phase_windows or not _numbers_in(draft.data["window"], found.text)
    ):
        result.invented.append(f"campaign window {campaign} from {draft.data['window']!r}")
    _windows(found, pairs, result)
    if found.phases:
        checked = check_plan_text(draft.to_yaml(), f"{doc}.yaml")
        if checked.plan is None:
            result.invalid = [p.format() for p in checked.problems if p.severity == "error"]
    return result


def _invented(found: _Doc, pairs: dict[int, int], result: DocScore) -> None:
    """Dates the drafted phases read as that the text or the key does not give; phases not in the key."""
    key_dates = {d for p in found.key for d in found.want(p) if d is not None}
    drafted_to_key = {j: i for i, j in pairs.items()}
    for j, phase in enumerate(found.phases):
        phrase = phase.get("window")
        i = drafted_to_key.get(j)
        kp = found.key[i] if i is not None else None
        if kp is None or not kp["in_text"]:
            result.misses.append(f"extra phase {phase['name']!r} ({phrase or 'no window'})")
        read = found.got(phrase)
        if read is None or phrase is None:
            continue
        for what, got in zip(("start", "end"), read, strict=True):
            if got is None:
                continue
            blank = kp is not None and kp["in_text"] and kp[what] is None
            if blank or got not in key_dates or not _numbers_in(phrase, found.text):
                result.invented.append(f"{phase['name']} {what} {got} from {phrase!r}")


def _windows(found: _Doc, pairs: dict[int, int], result: DocScore) -> None:
    """Matched phases, dated ones, exact windows, and each miss."""
    for i, kp in enumerate(found.key):
        if not kp["in_text"]:
            continue
        j = pairs.get(i)
        if j is None:
            result.misses.append(f"missed phase {kp['name']!r}")
            continue
        result.matched += 1
        want = found.want(kp)
        if want == (None, None):
            continue
        result.dated += 1
        phrase = found.phases[j].get("window")
        got = found.got(phrase)
        if got == want:
            result.exact += 1
        else:
            shown = "no window" if got is None else f"{got[0]}..{got[1]}"
            key = f"{want[0]}..{want[1]}"
            result.misses.append(f"window of {kp['name']!r}: {shown} from {phrase!r}, key {key}")


def _numbers_in(phrase: str, text: str) -> bool:
    """Whether every number of ``phrase`` is written in ``text`` (a repaired phrase adds none)."""
    written = set(re.findall("[0-9]+", text))
    return all(n in written for n in re.findall("[0-9]+", phrase))


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a directory of NNN.txt files and answers.json")
    args = parser.parse_args(argv)
    try:
        answers = json.loads((args.corpus / "answers.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"draft_corpus: cannot read {args.corpus / 'answers.json'}: {exc}", file=sys.stderr)
        return 2
    scores: list[DocScore] = []
    for path in sorted(args.corpus.glob("[0-9][0-9][0-9].txt")):
        if path.stem not in answers:
            continue
        _, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        scores.append(score(path.stem, body, answers[path.stem]))
    key_in = sum(s.key_in for s in scores)
    drafted = sum(s.drafted for s in scores)
    matched = sum(s.matched for s in scores)
    dated = sum(s.dated for s in scores)
    exact = sum(s.exact for s in scores)
    precision, recall = _ratio(matched, drafted), _ratio(matched, key_in)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    for s in scores:
        problems = len(s.misses) + len(s.invented) + len(s.invalid)
        flag = "" if not problems else f"  <- {problems} issue(s)"
        print(
            f"{s.doc}: phases {s.matched}/{s.key_in} (drafted {s.drafted}), exact {s.exact}/{s.dated}, "
            f"absent reported {s.absent_reported}/{s.absent}, year {s.year}{flag}"
        )
        for line in [*s.misses, *(f"INVENTED {x}" for x in s.invented), *(f"INVALID {x}" for x in s.invalid)]:
            print(f"    {line}")
    print()
    print(f"documents: {len(scores)}, with no phase drafted: {sum(s.drafted == 0 for s in scores)}")
    print(
        f"phase precision {precision:.2f} ({matched}/{drafted}), "
        f"recall {recall:.2f} ({matched}/{key_in}), F1 {f1:.2f}"
    )
    print(f"exact windows {exact}/{dated} dated phases found ({_ratio(exact, dated):.0%})")
    print(f"invented dates {sum(len(s.invented) for s in scores)}")
    absent, reported = sum(s.absent for s in scores), sum(s.absent_reported for s in scores)
    print(f"announced-but-absent phases reported as missing {reported}/{absent}")
    print(f"drafts with phases that do not validate {sum(bool(s.invalid) for s in scores)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
