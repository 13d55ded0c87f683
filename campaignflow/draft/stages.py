"""Guess a phase's canonical stage (mobilize … summarize) from the name the document gives it.

Names combine words: ``动员学习、查摆问题``, ``学习动员,统一思想``, ``整改提高``. A word inside a longer
stage word does not count on its own (学习动员 is mobilize, not study), and of the words left the last
one decides, since a name ends with what the phase is for (动员学习、查摆问题 → inspect). The result is
always a guess, reported as such.
"""

from __future__ import annotations

__all__ = ["STAGE_WORDS", "stage_of"]

#: Words that mark a stage, per stage (the plan language's STAGES).
STAGE_WORDS: dict[str, tuple[str, ...]] = {
    "mobilize": ("宣传动员", "学习动员", "动员部署", "宣传发动", "动员", "发动", "部署", "启动"),
    "study": ("讨论学习", "学习提高", "集中学习", "学习教育", "学习讨论", "学习"),
    "inspect": ("对照检查", "查摆", "自查", "检查", "查找", "剖析", "查问题"),
    "evaluate": ("评议", "测评", "评价", "考评", "考核"),
    "rectify": ("整改", "整治", "落实"),
    "summarize": ("总结", "巩固", "建章立制", "回头看", "验收"),
}


def stage_of(name: str) -> tuple[str, str] | None:
    """The stage a phase name suggests and the word that decided it, or None if no stage word occurs."""
    hits: list[tuple[int, int, str, str]] = []
    for stage, words in STAGE_WORDS.items():
        for word in words:
            start = name.find(word)
            while start >= 0:
                hits.append((start, start + len(word), stage, word))
                start = name.find(word, start + 1)
    kept = [
        h
        for h in hits
        if not any(o[0] <= h[0] and h[1] <= o[1] and (o[1] - o[0]) > (h[1] - h[0]) for o in hits)
    ]
    if not kept:
        return None
    _, _, stage, word = max(kept, key=lambda h: (h[0], h[1]))
    return stage, word
