"""Checking a target's response against the expected one (pure functions)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.benchmarks.workload import ordered


@dataclass(frozen=True)
class Check:
    ok: bool
    message: str = "ok"


def _decode(status: int, body: bytes) -> tuple[Any, Check | None]:
    if status != 200:
        return None, Check(False, f"HTTP {status}: {body[:200]!r}")
    try:
        return json.loads(body), None
    except ValueError:
        return None, Check(False, f"not JSON: {body[:200]!r}")


def first_difference(actual: Any, expected: Any, path: str = "") -> str | None:
    """Where two JSON values first differ (key order included), or None when they are equal."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        if list(actual) != list(expected):
            return f"{path or '/'}: keys {list(actual)[:8]} != expected {list(expected)[:8]}"
        for key, value in expected.items():
            found = first_difference(actual[key], value, f"{path}/{key}")
            if found:
                return found
        return None
    if isinstance(expected, list) and isinstance(actual, list):
        if len(actual) != len(expected):
            return f"{path or '/'}: {len(actual)} items != expected {len(expected)}"
        for index, (item, value) in enumerate(zip(actual, expected, strict=True)):
            found = first_difference(item, value, f"{path}/{index}")
            if found:
                return found
        return None
    if actual != expected or type(actual) is not type(expected):
        return f"{path or '/'}: {json.dumps(actual)[:80]} != expected {json.dumps(expected)[:80]}"
    return None


def check_expected(expected: Any) -> Callable[[int, bytes], Check]:
    """A check that wants exactly `expected` (same values, same key order)."""

    def check(status: int, body: bytes) -> Check:
        actual, failed = _decode(status, body)
        if failed:
            return failed
        if ordered(actual) == ordered(expected):
            return Check(True)
        found = first_difference(actual, expected) or "differs"
        if (
            isinstance(actual, dict)
            and actual.get("errors")
            and not (isinstance(expected, dict) and expected.get("errors"))
        ):
            found = f"errors: {json.dumps(actual['errors'])[:160]}; {found}"
        return Check(False, found)

    return check


def check_graphql_data(*required: str) -> Callable[[int, bytes], Check]:
    """A check that wants `data`, no `errors`, and a non-null value at each dotted path in `required`."""

    def check(status: int, body: bytes) -> Check:
        actual, failed = _decode(status, body)
        if failed:
            return failed
        if not isinstance(actual, dict) or actual.get("errors"):
            errors = actual.get("errors") if isinstance(actual, dict) else actual
            return Check(False, f"errors: {json.dumps(errors)[:200]}")
        for dotted in required:
            value: Any = actual.get("data")
            for part in dotted.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            if value is None:
                return Check(False, f"data.{dotted} is null or missing")
        return Check(True)

    return check
