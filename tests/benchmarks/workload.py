"""The shared benchmark workload files (copied from the published benchmark) and helpers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

WORKLOAD_DIR = Path(__file__).with_name("workload")
SUPERGRAPH = WORKLOAD_DIR / "supergraph.graphql"
QUERY = WORKLOAD_DIR / "query.json"
EXPECTED = WORKLOAD_DIR / "expected-response.json"


def query_body() -> dict[str, Any]:
    body: dict[str, Any] = json.loads(QUERY.read_text())
    return body


def expected_response() -> dict[str, Any]:
    expected: dict[str, Any] = json.loads(EXPECTED.read_text())
    return expected


def ordered(value: Any) -> Any:
    """The value with every object turned into a list of (key, value) pairs: compares key order too."""
    if isinstance(value, dict):
        return [(key, ordered(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [ordered(item) for item in value]
    return value
