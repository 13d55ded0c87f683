"""Value types of the plan language: the strict base model, ids and texts, and the fields that
hold date phrases (windows, deadlines, durations), resolved while a plan is validated.

Date phrases need the plan's ``year``; the loader passes it in the validation context.
"""

import datetime
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationInfo
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from campaignflow.daterange import RANGE_TEXT, supported
from campaignflow.dates import Duration, Window, parse_deadline, parse_duration, parse_window
from campaignflow.errors import DatePhraseError


def new_list() -> list[Any]:
    """A new empty list: the default factory of list fields.

    pydantic inspects the signature of every default factory; a builtin's (``list``) is parsed from its
    text, a plain function's is not (this took a few ms off every start).
    """
    return []


def new_dict() -> dict[Any, Any]:
    """A new empty dict: the default factory of mapping fields (see :func:`new_list`)."""
    return {}


Ident = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
PlanId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=100)]
Text = Annotated[str, Field(min_length=1, max_length=200)]
Prose = Annotated[str, Field(max_length=20_000)]
Share = Annotated[float, Field(gt=0, le=1)]


def _year(info: ValidationInfo) -> int:
    year = (info.context or {}).get("year")
    if not isinstance(year, int):
        raise PydanticCustomError(
            "date-phrase", "cannot read a date phrase until the plan has a valid 'year'", {"no_year": True}
        )
    return year


def _phrase_error(exc: DatePhraseError) -> PydanticCustomError:
    return PydanticCustomError("date-phrase", "{msg}", {"msg": str(exc)})


#: The most working days a deadline may lie after its phase's start: ten years' worth.
MAX_WORKDAYS = 2500


def _in_range(*days: datetime.date) -> None:
    for day in days:
        if not supported(day):
            raise PydanticCustomError(
                "out-of-range",
                "{day} is outside the supported dates ({range})",
                {"day": day.isoformat(), "range": RANGE_TEXT},
            )


def _to_window(value: Any, info: ValidationInfo) -> Window:
    """Accept a date phrase (``2012年4月25日至5月15日``) or ``{start: DATE, end: DATE}``."""
    if isinstance(value, str):
        try:
            return parse_window(value, _year(info))
        except DatePhraseError as exc:
            raise _phrase_error(exc) from None
    if isinstance(value, dict) and set(value) == {"start", "end"}:
        start, end = value["start"], value["end"]
        if type(start) is datetime.date and type(end) is datetime.date:
            _in_range(start, end)
            return Window(text=f"{start.isoformat()} 至 {end.isoformat()}", start=start, end=end)
    raise PydanticCustomError(
        "bad-window",
        "a window is a date phrase such as '2012年4月25日至5月15日' or a mapping {start: DATE, end: DATE}",
    )


def _to_deadline(value: Any, info: ValidationInfo) -> "Deadline":
    """Accept a date, a deadline phrase (``12月10日前``) or ``{workdays_after_start: N}``."""
    if type(value) is datetime.date:
        _in_range(value)
        return Deadline(text=value.isoformat(), date=value)
    if isinstance(value, str):
        try:
            return Deadline(text=value, date=parse_deadline(value, _year(info)))
        except DatePhraseError as exc:
            raise _phrase_error(exc) from None
    if isinstance(value, dict) and set(value) == {"workdays_after_start"}:
        n = value["workdays_after_start"]
        if type(n) is int and n > MAX_WORKDAYS:
            raise PydanticCustomError(
                "out-of-range",
                "workdays_after_start is {n}: at most {most} (ten years of working days)",
                {"n": n, "most": MAX_WORKDAYS},
            )
        if type(n) is int and n >= 0:
            return Deadline(text=f"阶段开始后{n}个工作日", workdays_after_start=n)
    raise PydanticCustomError(
        "bad-deadline", "a deadline is a date, a phrase such as '12月10日前', or {workdays_after_start: N}"
    )


def _to_duration(value: Any) -> Duration:
    if isinstance(value, str):
        try:
            return parse_duration(value)
        except DatePhraseError as exc:
            raise _phrase_error(exc) from None
    raise PydanticCustomError("bad-duration", "a duration is a phrase such as '2个月', '半年' or '5个工作日'")


class Deadline(BaseModel):
    """A resolved deadline: a fixed date, or a number of working days after the phase starts."""

    model_config = ConfigDict(frozen=True)
    text: str
    date: datetime.date | None = None
    workdays_after_start: int | None = None


class _Phrase:
    """How a field holding a date phrase is validated (``parse``), written back (the phrase's text) and
    described in the JSON Schema (``schema``): its core schema is made here, in one step.

    ``PlainValidator`` and ``PlainSerializer`` would do the same, but each first builds the schema of the
    resolved type (a dataclass) and throws it away: twice per field, a sixth of building the plan models.
    """

    def __init__(self, parse: Callable[..., Any], schema: dict[str, Any], *, info: bool) -> None:
        self.parse = parse
        self.schema = schema
        self.info = info

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        text = core_schema.plain_serializer_function_ser_schema(_text)
        if self.info:
            return core_schema.with_info_plain_validator_function(self.parse, serialization=text)
        return core_schema.no_info_plain_validator_function(self.parse, serialization=text)

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return self.schema.copy()


def _text(value: Any) -> Any:
    return value.text


WindowField = Annotated[
    Window,
    _Phrase(
        _to_window,
        {
            "anyOf": [
                {"type": "string", "description": "the document's own phrase, e.g. 2012年4月25日至5月15日"},
                {
                    "type": "object",
                    "properties": {
                        "start": {"type": "string", "format": "date"},
                        "end": {"type": "string", "format": "date"},
                    },
                    "required": ["start", "end"],
                    "additionalProperties": False,
                },
            ]
        },
        info=True,
    ),
]
DeadlineField = Annotated[
    Deadline,
    _Phrase(
        _to_deadline,
        {
            "anyOf": [
                {"type": "string", "description": "a date (2012-12-10) or a phrase (12月10日前, 11月底前)"},
                {
                    "type": "object",
                    "properties": {"workdays_after_start": {"type": "integer", "minimum": 0}},
                    "required": ["workdays_after_start"],
                    "additionalProperties": False,
                },
            ]
        },
        info=True,
    ),
]
DurationField = Annotated[
    Duration,
    _Phrase(_to_duration, {"type": "string", "description": "e.g. 2个月, 半年, 三周, 5个工作日"}, info=False),
]


class Model(BaseModel):
    """Base of every plan model: unknown keys are errors, values are never coerced, instances are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=False)
