"""Normalise a pasted plan document so one set of patterns can read it, remembering where each line was.

Documents reach us in many spellings of the same text: traditional characters (關於), pinyin left by
careless converters (``關(guān)於``), full-width digits and punctuation (``１２月``, ``（一）``), enclosed
numerals (``㈠``), zero-width characters and stray control bytes. :func:`normalize` folds all of that
into simplified, half-width text, one non-blank line per entry, and keeps for every line the number of
the original line it came from, so every finding can point the clerk at the document as written.

The steps, in order (each is idempotent, and so is the whole):

1. NFC, then control and format characters dropped (tabs and exotic line separators become spaces);
2. full-width ASCII (U+FF01–U+FF5E) and the ideographic space become half-width; ``㈠``–``㈩`` become
   ``(一)``–``(十)``;
3. pinyin annotations are stripped — only a parenthesised syllable carrying a tone mark directly after
   a CJK character (``關(guān)`` → ``關``, ``時(shí)`` → ``時``); ``(1)``, ``(试行)`` and ``(de)`` stay;
4. traditional → simplified with OpenCC ``t2s``;
5. surrounding whitespace stripped, runs of spaces collapsed, blank lines dropped.

Sentence punctuation that has no ASCII twin (。、“”《》〔〕) is kept as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from campaignflow.numerals import t2s

__all__ = ["Normalized", "normalize", "normalize_line", "simplify", "strip_pinyin", "to_halfwidth"]

#: CJK ideographs (unified, extension A, compatibility, and the supplementary planes).
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_SYLLABLE = rf"\((?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,7}}\)"
_PINYIN = re.compile(rf"(?<=[{CJK}])(?:{_SYLLABLE})+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SPACES = re.compile(r" {2,}")
_ENCLOSED = {chr(0x3220 + i): f"({n})" for i, n in enumerate("一二三四五六七八九十")}
_WIDTH = {
    **{0xFF01 + i: chr(0x21 + i) for i in range(0x5E)},
    0x3000: " ",
    **{ord(k): v for k, v in _ENCLOSED.items()},
    **{0x2474 + i: f"({i + 1})" for i in range(20)},  # ⑴ … ⒇
    **{0x2488 + i: f"{i + 1}." for i in range(20)},  # ⒈ … ⒛
}


def _clean(text: str) -> str:
    """NFC; tabs and separators to spaces; control, format, surrogate and non-characters dropped."""
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    for c in text:
        category = unicodedata.category(c)
        if c == "\t" or category in ("Zl", "Zp", "Zs"):
            out.append(" ")
        elif category in ("Cc", "Cf", "Cs", "Co") or c in "\ufffe\uffff":
            continue
        else:
            out.append(c)
    return "".join(out)


def to_halfwidth(text: str) -> str:
    """Full-width ASCII (``１２月``, ``（一）``) and the ideographic space to half-width.

    Enclosed numbers ``㈠``–``㈩`` become ``(一)``–``(十)``, ``⑴``–``⒇`` ``(1)``–``(20)`` and ``⒈``–``⒛``
    ``1.``–``20.``: the spellings the outline reads.
    """
    return text.translate(_WIDTH)


def strip_pinyin(text: str) -> str:
    """Drop pinyin annotations: a parenthesised, tone-marked syllable right after a CJK character.

    ``關(guān)於`` → ``關於``; consecutive annotations go together (``關(guān)(guān)`` → ``關``). A syllable
    without a tone mark (``(de)``), a space before the bracket, or anything that is not pinyin stays.
    Expects half-width brackets (run :func:`to_halfwidth` first).
    """
    return _PINYIN.sub("", text)


def simplify(text: str) -> str:
    """Traditional → simplified with OpenCC ``t2s``, repeated until stable (a fixed point)."""
    converter = t2s()
    for _ in range(4):
        converted = str(converter.convert(text))
        if converted == text:
            break
        text = converted
    return text


def normalize_line(line: str) -> str:
    """One line through every step; the result has no line breaks and no surrounding spaces."""
    line = simplify(strip_pinyin(to_halfwidth(_clean(line))))
    return _SPACES.sub(" ", line).strip()


@dataclass(frozen=True)
class Normalized:
    """Normalised, non-blank lines; ``origin[i]`` is the 1-based original line number of ``lines[i]``."""

    lines: tuple[str, ...]
    origin: tuple[int, ...]

    @property
    def text(self) -> str:
        """The normalised lines joined with newlines."""
        return "\n".join(self.lines)

    def source_line(self, index: int) -> int:
        """The original (1-based) line number of normalised line ``index`` (0-based); 0 if out of range."""
        return self.origin[index] if 0 <= index < len(self.origin) else 0


def normalize(text: str) -> Normalized:
    """Normalise a document line by line (``\\r\\n``, ``\\r`` or ``\\n`` ends a line), mapping lines back."""
    lines: list[str] = []
    origin: list[int] = []
    for number, raw in enumerate(_LINE_BREAK.split(text.removeprefix("\ufeff")), start=1):
        line = normalize_line(raw)
        if line:
            lines.append(line)
            origin.append(number)
    return Normalized(tuple(lines), tuple(origin))
