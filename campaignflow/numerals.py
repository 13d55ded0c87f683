"""Fold a date phrase to one spelling, remembering where every folded character came from.

Documents spell the same date many ways: traditional characters (``從…開始``), pinyin noise left by
converters (``結(jié)束``), full-width digits (``１２月``), Chinese numerals (``二〇一二年十二月三十一日``).
:func:`fold` turns all of these into one spelling — simplified, half-width, Arabic digits, no spaces —
and keeps, for each folded character, the span of the original text it came from, so an error can
quote the user's own words rather than our rewriting of them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import opencc

__all__ = ["SIMPLIFIED", "Folded", "fold", "t2s"]

#: Characters of the date grammar, already simplified: OpenCC would return each unchanged (a test holds
#: them to it), so a phrase written with these alone never loads OpenCC and its dictionaries (~13 ms of CPU).
SIMPLIFIED: frozenset[str] = frozenset(
    "〇○零一二两三四五六七八九十百年月日号份季度周星期天工作个半全上中下旬初底末内今本明去次翌第"
    "从自由起始开至到直于止截前后左右约多余许几数近大概时分点为之以致延长间顺结束即"
    "元旦春节劳动七八国庆端午秋清明建党军完成"
    "—–―‐‑−〜、。“”‘’《》【】〔〕「」『』"
)


@functools.cache
def t2s() -> opencc.OpenCC:
    """The one OpenCC traditional → simplified converter (date phrases and drafts share it)."""
    import opencc  # noqa: PLC0415 - ~13 ms to load; most date phrases never need it

    return opencc.OpenCC("t2s")


@functools.cache
def _simplified(char: str) -> str:
    """One character, width-folded and simplified by OpenCC (so 號 → 号, 開 → 开, 週 → 周)."""
    folded = unicodedata.normalize("NFKC", char)
    if folded.isascii() or folded in SIMPLIFIED:
        return folded  # what OpenCC would return, without loading it
    return str(t2s().convert(folded))


# A pinyin annotation glued to a character by a careless converter: 關(guān), 結（jié）. Whether a Han
# character precedes it is asked in code (_after_han): as a look-behind, its ranges took 1.5 ms to compile.
_PINYIN = re.compile(r"[(（][a-zü\u00e0-\u00fc\u0101-\u01dc\u0300-\u036f]{1,8}[1-5]?[)）]")


def _after_han(text: str, i: int) -> bool:
    """Whether ``text[i - 1]`` is a Han character (CJK extension A, unified, or compatibility ideograph)."""
    return i > 0 and ("\u3400" <= text[i - 1] <= "\u9fff" or "\uf900" <= text[i - 1] <= "\ufaff")


_DIGIT = dict(zip("〇○零一二三四五六七八九", (0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_NUMERAL_RUN = re.compile(r"[〇○零一二两三四五六七八九十]+")
_UNITS = "年月日号季个周星天工"  # a numeral run is only read when one of these follows it
_TENS = re.compile(r"([一二三四五六七八九]?)十([一二三四五六七八九]?)")


@dataclass(frozen=True)
class Folded:
    """A folded phrase: ``text`` in one spelling; ``spans[i]`` is where ``text[i]`` was in ``source``."""

    source: str
    text: str
    spans: tuple[tuple[int, int], ...]

    def original(self, start: int, end: int) -> str:
        """The user's words behind ``text[start:end]``, width-folded (``９：００`` → ``9:00``) and stripped.

        Characters, numerals and traditional forms stay as written, so a clerk can find them in the
        document; an empty slice gives the whole source.
        """
        if start >= end or start >= len(self.spans):
            words = self.source
        else:
            end = min(end, len(self.spans))
            words = self.source[self.spans[start][0] : self.spans[end - 1][1]]
        return unicodedata.normalize("NFKC", words).strip()


def _numeral_value(run: str, unit: str) -> str | None:
    """The Arabic spelling of a Chinese numeral run before ``unit``, or None when it is not certain.

    ``二〇一二年`` is read digit by digit (only a four-digit year is); ``三十一日`` and ``十一月`` are
    read positionally; ``两`` only counts things (两个月, 两周), never names a month or a day; a run of
    several digits that is not a year (``一二月``: January and February?) is left unread.
    """
    if "十" in run:
        match = _TENS.fullmatch(run)
        if match is None:
            return None
        tens, units = match.groups()
        return str((_DIGIT[tens] if tens else 1) * 10 + (_DIGIT[units] if units else 0))
    if "两" in run:
        return "2" if run == "两" and unit in "个周星天年工" else None
    if len(run) == 1 or (len(run) == 4 and unit == "年"):
        return "".join(str(_DIGIT[c]) for c in run)
    return None


def fold(text: str) -> Folded:
    """Fold ``text``: pinyin dropped, NFKC (full-width → half-width), simplified, Chinese numerals read.

    Whitespace is dropped, except between two digits, where it is kept (as one space) so that
    "4月2 5日" is not silently read as the 25th.
    """
    dropped = [False] * len(text)
    for match in _PINYIN.finditer(text):
        if not _after_han(text, match.start()):
            continue
        for i in range(match.start(), match.end()):
            dropped[i] = True
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    for i, raw in enumerate(text):
        if dropped[i]:
            continue
        for c in _simplified(raw):
            space = c.isspace()
            if space and (not chars or chars[-1] == " "):
                continue
            chars.append(" " if space else c)
            spans.append((i, i + 1))
    # keep a space only between two ASCII digits
    kept = [
        k
        for k, c in enumerate(chars)
        if c != " " or (0 < k < len(chars) - 1 and chars[k - 1].isascii() and chars[k - 1].isdigit()
                        and chars[k + 1].isascii() and chars[k + 1].isdigit())
    ]  # fmt: skip
    chars = [chars[k] for k in kept]
    spans = [spans[k] for k in kept]
    folded = "".join(chars)
    out: list[str] = []
    out_spans: list[tuple[int, int]] = []
    pos = 0
    for match in _NUMERAL_RUN.finditer(folded):
        start, end = match.span()
        after = folded[end : end + 1]
        before = folded[start - 1 : start]
        value = None
        if after and after in _UNITS and not (before.isascii() and before.isdigit()):
            value = _numeral_value(match.group(), after)
        if value is None:
            continue
        out.append(folded[pos:start])
        out_spans.extend(spans[pos:start])
        out.append(value)
        out_spans.extend([(spans[start][0], spans[end - 1][1])] * len(value))
        pos = end
    out.append(folded[pos:])
    out_spans.extend(spans[pos:])
    return Folded(text, "".join(out), tuple(out_spans))
