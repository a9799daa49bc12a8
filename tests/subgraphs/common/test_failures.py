"""`FailureReport` in every agency schema: a legacy failure or an unexpected exception is answered
with a generic coded message and the request id; the original is logged once, on one line."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import strawberry
from graphql import GraphQLError
from starlette.datastructures import Headers

from subgraphs.common.access import Access, AgencySchema

LEAK = "connection to db-prod-7.agency.internal:5432 refused\nforged line"


@strawberry.type
class Query:
    @strawberry.field
    def legacy(self, which: int) -> str | None:
        extensions = {"code": "LEGACY_UNAVAILABLE", "legacyCode": "DB_DOWN", "host": "db-prod-7 .internal"}
        raise GraphQLError(f"{LEAK} #{which}", extensions=extensions)

    @strawberry.field
    def crash(self) -> str | None:
        raise RuntimeError(LEAK)

    @strawberry.field
    def refused(self) -> str | None:
        message = "A citizen may read only their own personal data"
        raise GraphQLError(message, extensions={"code": "FORBIDDEN"})


schema = AgencySchema(query=Query)


def run(query: str, headers: dict[str, str]) -> Any:
    context = {"request": type("R", (), {"headers": Headers(headers)})(), "access": Access("tax", None)}
    return schema.execute_sync(query, context_value=context)


def test_a_legacy_failure_is_generic_and_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, "govgraph.agency.failures")
    result = run("{ a: legacy(which: 1) b: legacy(which: 1) c: legacy(which: 2) }", {"x-request-id": "rq-1"})
    assert [e.message for e in result.errors] == ["The tax system is unavailable; try again later."] * 3
    assert result.errors[0].extensions == {
        "code": "LEGACY_UNAVAILABLE",
        "legacyCode": "DB_DOWN",  # an identifier is kept, free text ("host") is not
        "service": "tax",
        "requestId": "rq-1",
    }
    assert [e.path for e in result.errors] == [["a"], ["b"], ["c"]]
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2  # one per distinct failure: #1 (twice) and #2
    assert all("\n" not in line and "\\nforged line" in line and "request rq-1:" in line for line in lines)


def test_an_unexpected_exception_is_internal_and_a_refusal_is_kept() -> None:
    result = run("{ crash refused }", {"x-request-id": "bad id with spaces"})
    crash, refused = sorted(result.errors, key=lambda e: e.path[0])
    assert crash.message == "The tax subgraph failed." and crash.extensions is not None
    assert crash.extensions["code"] == "INTERNAL_SERVER_ERROR"
    assert len(crash.extensions["requestId"]) == 32  # an implausible id is replaced
    assert refused.message == "A citizen may read only their own personal data"
    assert refused.extensions == {"code": "FORBIDDEN"}
