"""Pydantic's validation errors, reworded for the clerk who wrote the plan.

Each error becomes a short code and a message that names the field, what was found and what is
expected, with a did-you-mean hint for misspelt fields and values.
"""

from __future__ import annotations

import datetime
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from campaignflow.plan import Plan

Loc = tuple[str | int, ...]

_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "date_type": "a date (YYYY-MM-DD)",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "int_from_float": "a whole number",
    "date_from_datetime_inexact": "a date",
}


_KIND_OF = {
    int: "the number",
    float: "the number",
    str: "the text",
    bool: "the value",
    list: "the list",
    dict: "the mapping",
}


def _closest(word: str, candidates: list[str]) -> list[str]:
    """The candidate closest to ``word``, if any is close (difflib, imported only when a word is wrong)."""
    import difflib  # noqa: PLC0415 - ~5 ms to import, and a valid plan never asks

    return difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)


def describe(error: ErrorDetails, loc: Loc) -> tuple[str, str]:
    """Turn a pydantic error into a code and a message a clerk can act on."""
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    field = str(loc[-1]) if loc else "plan"
    where = _where(loc)
    if kind == "missing":
        return "missing-field", f"missing required field {field!r}{where}"
    if kind == "extra_forbidden":
        hint = _closest(field, _fields_at(loc[:-1]))
        suffix = (
            f" (did you mean {hint[0]!r}?)" if hint else f"; allowed here: {', '.join(_fields_at(loc[:-1]))}"
        )
        return "unknown-field", f"unknown field {field!r}{where}{suffix}"
    if kind in _TYPE_WORDS:
        got = _KIND_OF.get(
            type(value), "a date" if isinstance(value, datetime.date) else type(value).__name__
        )
        quote = " (put it in quotes)" if kind == "string_type" and not isinstance(value, dict | list) else ""
        return "wrong-type", f"{field!r} should be {_TYPE_WORDS[kind]}, not {got} {value!r}{quote}"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        hint = _closest(str(value), [s.strip(" '") for s in str(expected).replace(" or ", ",").split(",")])
        suffix = f" (did you mean {hint[0]!r}?)" if hint else ""
        return "bad-value", f"{field!r} is {value!r}; it must be one of {expected}{suffix}"
    if kind == "string_pattern_mismatch":
        return (
            "bad-id",
            f"{field!r} is {value!r}; an id is lowercase ASCII letters, digits and _, starting with a letter",
        )
    if kind in {"too_short", "string_too_short"}:
        return "empty", f"{field!r} must not be empty"
    if kind in {
        "greater_than",
        "greater_than_equal",
        "less_than",
        "less_than_equal",
        "too_long",
        "string_too_long",
    }:
        return "out-of-range", f"{field!r} is {value!r}: {error['msg'].lower()}"
    if "-" in kind:  # our own PydanticCustomError codes; a whole list item needs no field name
        named = kind != "date-phrase" and loc and isinstance(loc[-1], str)
        return kind, f"{field!r}: {error['msg']}" if named else error["msg"]
    return "invalid", f"{field!r}: {error['msg']}"


def _where(loc: Loc) -> str:
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc[:-1]).lstrip(".")
    return f" in {path}" if path else ""


def _fields_at(loc: Loc) -> list[str]:
    """The field names allowed at a data path, found by walking the model's annotations."""
    current: Any = Plan
    for part in loc:
        current = _inner(current)
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(part, str):
            field = current.model_fields.get(part) or next(
                (f for f in current.model_fields.values() if f.alias == part), None
            )
            current = field.annotation if field else None
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        elif typing.get_origin(current) is list and isinstance(part, int):
            current = typing.get_args(current)[0]
        else:
            return []
    model = _inner(current)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return [f.alias or name for name, f in model.model_fields.items()]
    return []


def _inner(tp: Any) -> Any:
    """Strip Annotated and Optional to reach the model or container type."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = options[0] if len(options) == 1 else tp
            if len(options) != 1:
                return tp
        else:
            return tp
