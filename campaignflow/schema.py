"""The JSON Schema (draft 2020-12) of the plan language, generated from the models."""

from __future__ import annotations

from typing import Any

from campaignflow.plan import Plan

SCHEMA_ID = "https://campaignflow.invalid/plan.schema.json"


def plan_schema() -> dict[str, Any]:
    """The schema editors use for completion; ``docs/plan.schema.json`` is a committed copy of it."""
    schema = Plan.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}
