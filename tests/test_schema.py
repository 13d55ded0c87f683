"""The JSON Schema describes the plan language well enough for editors: every definition satisfies it."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml

from campaignflow.schema import plan_schema
from tests.conftest import DATA, DEFINITIONS


def test_schema_is_draft_2020_12() -> None:
    schema = plan_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize(
    "path",
    [*sorted(DEFINITIONS.glob("*.yaml")), *sorted((DATA / "valid").glob("*.yaml"))],
    ids=lambda p: p.stem,
)
def test_valid_plans_satisfy_the_schema(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data = _json_dates(data)
    jsonschema.Draft202012Validator(plan_schema()).validate(data)


def test_schema_rejects_unknown_fields() -> None:
    data = _json_dates(yaml.safe_load((DATA / "valid" / "minimal.yaml").read_text(encoding="utf-8")))
    data["phases"][0]["widnow"] = "9月"
    errors = list(jsonschema.Draft202012Validator(plan_schema()).iter_errors(data))
    assert errors


def _json_dates(value: object) -> object:
    """YAML reads unquoted dates as dates; an editor's JSON view sees them as strings."""
    if isinstance(value, dict):
        return {k: _json_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_dates(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[attr-defined]
    return value
