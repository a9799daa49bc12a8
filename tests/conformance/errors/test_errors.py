"""Conformance: null propagation and error paths from any depth, and subgraphs that fail.

Subgraph GraphQL errors keep their message, get the CLIENT's path (aliases, list indices, the
position of an entity rather than `_entities`), and carry `extensions.serviceName` (and the
subgraph's own `code`, or DOWNSTREAM_SERVICE_ERROR when it has none). A failed fetch nulls exactly
the fields it should have provided, propagating through non-null types to the nearest nullable
parent, and adds one error with a transport code: SUBGRAPH_REQUEST_FAILED (down, HTTP error,
non-JSON), SUBGRAPH_INVALID_RESPONSE (JSON of the wrong shape), SUBGRAPH_TIMEOUT.

Errors are matched as a set; in each expected error only the keys written are checked (the message
and path of transport errors are the gateway's choice and are left out).

Apollo Gateway (the oracle) gives the same data for every case here, but reports transport failures
as INTERNAL_SERVER_ERROR without serviceName, and treats a JSON body with neither `data` nor `errors`
as an empty success with no error at all; the codes above are govgraph's, by design.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conformance.errors.subgraphs import APPS, DOWN, FAULT
from tests.support.cases import Case, normalize, scenario_fixture

FOLDER = Path(__file__).parent
TIMEOUT = 1.5  # gateway's subgraph_timeout; FAULT.delay (4 s) is well beyond it
DOWNSTREAM = "DOWNSTREAM_SERVICE_ERROR"  # code of a subgraph error that carries none (Apollo's convention)
FAILED = "SUBGRAPH_REQUEST_FAILED"
INVALID = "SUBGRAPH_INVALID_RESPONSE"
TIMED_OUT = "SUBGRAPH_TIMEOUT"


@dataclass(frozen=True)
class FaultCase(Case):
    # Set by keyword: the shared Case's 4th field is `variables`, which no case here uses.
    fault: str = "ok"  # FAULT.mode of the pensions subgraph during the query


def covers(actual: dict[str, Any], expected: dict[str, Any]) -> bool:
    """Every key written in `expected` (recursively for extensions) has that value in `actual`."""
    for key, value in expected.items():
        if isinstance(value, dict):
            if not isinstance(actual.get(key), dict) or not covers(actual[key], value):
                return False
        elif key not in actual or actual[key] != value:
            return False
    return True


def assert_matches(actual: dict[str, Any], expected: dict[str, Any]) -> None:
    actual = normalize(actual)
    assert set(actual) == set(expected), actual
    assert actual.get("data") == expected.get("data"), actual
    remaining = list(actual.get("errors", []))
    for want in expected.get("errors", []):
        match = next((got for got in remaining if covers(got, want)), None)
        assert match is not None, f"no error like {want} in {remaining}"
        remaining.remove(match)
    assert remaining == [], f"unexpected errors: {remaining}"


def err(message: str | None = None, path: list[Any] | None = None, **extensions: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if message is not None:
        out["message"] = message
    if path is not None:
        out["path"] = path
    if extensions:
        out["extensions"] = {"serviceName" if k == "service" else k: v for k, v in extensions.items()}
    return out


HOUSEHOLD_PENSIONS = "{ households { name members { name pension { monthly } } } }"
NO_PENSIONS = {
    "data": {
        "households": [
            {
                "name": "Berg",
                "members": [{"name": "Anna Berg", "pension": None}, {"name": "Olle Berg", "pension": None}],
            },
            {
                "name": "Lind",
                "members": [{"name": "Kim Lind", "pension": None}, {"name": "Sara Lind", "pension": None}],
            },
        ]
    }
}


def broken_pensions(code: str) -> dict[str, Any]:
    return {**NO_PENSIONS, "errors": [err(code=code, service="pensions")]}


CASES = [
    FaultCase(
        "subgraph_error_on_nested_aliased_field",
        "{ households { id members { id nick: nickname } } }",
        {
            "data": {
                "households": [
                    {"id": "h-1", "members": [{"id": "m-1", "nick": "Annie"}, {"id": "m-3", "nick": None}]},
                    {"id": "h-2", "members": [{"id": "m-2", "nick": None}, {"id": "m-4", "nick": "Sas"}]},
                ]
            },
            "errors": [
                err(
                    "nickname withheld",
                    ["households", 1, "members", 0, "nick"],
                    code=DOWNSTREAM,
                    service="accounts",
                )
            ],
        },
        requests={"accounts": 1},
    ),
    FaultCase(
        "non_null_violation_in_root_subgraph",
        "{ households { name members { name email } } }",
        {
            # Kim's email is null; Person! -> the whole members list of Lind (nullable) is null.
            "data": {
                "households": [
                    {
                        "name": "Berg",
                        "members": [
                            {"name": "Anna Berg", "email": "anna@example.test"},
                            {"name": "Olle Berg", "email": "olle@example.test"},
                        ],
                    },
                    {"name": "Lind", "members": None},
                ]
            },
            "errors": [
                err(
                    "Cannot return null for non-nullable field Person.email.",
                    ["households", 1, "members", 0, "email"],
                    service="accounts",
                )
            ],
        },
    ),
    FaultCase(
        "entity_fetch_error_gets_client_path",
        "{ households { name members { name creditScore } } }",
        {
            "data": {
                "households": [
                    {
                        "name": "Berg",
                        "members": [
                            {"name": "Anna Berg", "creditScore": 710},
                            {"name": "Olle Berg", "creditScore": 802},
                        ],
                    },
                    {
                        "name": "Lind",
                        "members": [
                            {"name": "Kim Lind", "creditScore": 640},
                            {"name": "Sara Lind", "creditScore": None},
                        ],
                    },
                ]
            },
            # scores reports ["_entities", 3, "creditScore"]; the client must see where Sara is.
            "errors": [
                err(
                    "score unavailable",
                    ["households", 1, "members", 1, "creditScore"],
                    code="SCORE_LOCKED",
                    service="scores",
                )
            ],
        },
        requests={"accounts": 1, "scores": 1},
    ),
    FaultCase(
        "entity_fetch_error_path_uses_aliases",
        "{ homes: households { people: members { score: creditScore } } }",
        {
            "data": {
                "homes": [
                    {"people": [{"score": 710}, {"score": 802}]},
                    {"people": [{"score": 640}, {"score": None}]},
                ]
            },
            "errors": [err("score unavailable", ["homes", 1, "people", 1, "score"], code="SCORE_LOCKED")],
        },
    ),
    FaultCase(
        "non_null_violation_in_entity_fetch_propagates_to_nullable_parent",
        "{ households { name members { name riskBand } } }",
        {
            # Olle's riskBand (String!) is null -> Olle (Person!) is null -> Berg's members is null.
            "data": {
                "households": [
                    {"name": "Berg", "members": None},
                    {
                        "name": "Lind",
                        "members": [
                            {"name": "Kim Lind", "riskBand": "MEDIUM"},
                            {"name": "Sara Lind", "riskBand": "LOW"},
                        ],
                    },
                ]
            },
            "errors": [err(path=["households", 0, "members", 1, "riskBand"], service="scores")],
        },
        requests={"accounts": 1, "scores": 1},
    ),
    FaultCase(
        "collateral_non_null_siblings_of_a_nulled_entity_add_no_error",
        "{ households { name members { name tier riskBand } } }",
        {
            # scores nulls Olle's entity for riskBand; tier (Int!) is null only because of that:
            # the one error is the subgraph's, at riskBand, and none is made up for tier.
            "data": {
                "households": [
                    {"name": "Berg", "members": None},
                    {
                        "name": "Lind",
                        "members": [
                            {"name": "Kim Lind", "tier": 1, "riskBand": "MEDIUM"},
                            {"name": "Sara Lind", "tier": 1, "riskBand": "LOW"},
                        ],
                    },
                ]
            },
            "errors": [err(path=["households", 0, "members", 1, "riskBand"], service="scores")],
        },
        requests={"accounts": 1, "scores": 1},
    ),
    FaultCase(
        "errors_from_two_subgraphs",
        "{ households { members { nick: nickname creditScore } } }",
        {
            "data": {
                "households": [
                    {"members": [{"nick": "Annie", "creditScore": 710}, {"nick": None, "creditScore": 802}]},
                    {"members": [{"nick": None, "creditScore": 640}, {"nick": "Sas", "creditScore": None}]},
                ]
            },
            "errors": [
                err("nickname withheld", ["households", 1, "members", 0, "nick"], service="accounts"),
                err("score unavailable", ["households", 1, "members", 1, "creditScore"], service="scores"),
            ],
        },
    ),
    FaultCase(
        "pensions_http_500",
        HOUSEHOLD_PENSIONS,
        broken_pensions(FAILED),
        fault="http500",
        requests={"accounts": 1, "pensions": 1},
    ),
    FaultCase(
        "pensions_not_json",
        HOUSEHOLD_PENSIONS,
        broken_pensions(FAILED),
        fault="not_json",
        requests={"pensions": 1},
    ),
    FaultCase(
        "pensions_json_without_data_or_errors", HOUSEHOLD_PENSIONS, broken_pensions(INVALID), fault="no_data"
    ),
    FaultCase(
        "pensions_too_few_entities", HOUSEHOLD_PENSIONS, broken_pensions(INVALID), fault="short_entities"
    ),
    FaultCase(
        "pensions_refuses_the_whole_request",
        HOUSEHOLD_PENSIONS,
        # a subgraph error without a path is passed on with its message, and the fields the fetch
        # should have provided are null.
        {**NO_PENSIONS, "errors": [err("pensions closed for maintenance", service="pensions")]},
        fault="refused",
    ),
    FaultCase("pensions_too_slow", HOUSEHOLD_PENSIONS, broken_pensions(TIMED_OUT), fault="slow"),
    FaultCase(
        "sibling_fetch_survives_a_failed_one",
        "{ households { members { creditScore pension { monthly } } } }",
        {
            "data": {
                "households": [
                    {
                        "members": [
                            {"creditScore": 710, "pension": None},
                            {"creditScore": 802, "pension": None},
                        ]
                    },
                    {
                        "members": [
                            {"creditScore": 640, "pension": None},
                            {"creditScore": None, "pension": None},
                        ]
                    },
                ]
            },
            "errors": [
                err(code=FAILED, service="pensions"),
                err("score unavailable", ["households", 1, "members", 1, "creditScore"], service="scores"),
            ],
        },
        fault="http500",
        requests={"accounts": 1, "scores": 1, "pensions": 1},
    ),
    FaultCase(
        "failed_nullable_root_field_keeps_other_root_fields",
        "{ households { name } pensionFunds }",
        {
            "data": {"households": [{"name": "Berg"}, {"name": "Lind"}], "pensionFunds": None},
            "errors": [err(code=FAILED, service="pensions")],
        },
        fault="http500",
    ),
    FaultCase(
        "failed_non_null_root_field_nulls_data",
        "{ households { name } pensionAge }",
        {"data": None, "errors": [err(code=FAILED, service="pensions")]},
        fault="http500",
    ),
    FaultCase(
        "down_subgraph_entity_field",
        "{ households { members { name archivedNote } } }",
        {
            "data": {
                "households": [
                    {
                        "members": [
                            {"name": "Anna Berg", "archivedNote": None},
                            {"name": "Olle Berg", "archivedNote": None},
                        ]
                    },
                    {
                        "members": [
                            {"name": "Kim Lind", "archivedNote": None},
                            {"name": "Sara Lind", "archivedNote": None},
                        ]
                    },
                ]
            },
            "errors": [err(code=FAILED, service="archive")],
        },
    ),
    FaultCase(
        "down_subgraph_non_null_root_field",
        "{ archiveSize }",
        {"data": None, "errors": [err(code=FAILED, service="archive")]},
    ),
]


def closed_port_url() -> str:
    """A URL on a 127.0.0.1 port nothing listens on (bound by the OS, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/graphql"


def supergraph_with_down_subgraphs() -> str:
    sdl = (FOLDER / "supergraph.graphql").read_text()
    for name in DOWN:
        sdl, count = re.subn(
            rf'(@join__graph\(name: "{name}", url: ")[^"]*(")', rf"\g<1>{closed_port_url()}\2", sdl
        )
        assert count == 1, f"no join__graph for {name}"
    return sdl


# built when the fixture starts, so the closed ports are fresh
sc = scenario_fixture(supergraph_with_down_subgraphs, APPS, subgraph_timeout=TIMEOUT)


@pytest.fixture(autouse=True)
def _healthy_pensions() -> Iterator[None]:
    FAULT.mode = "ok"
    yield
    FAULT.mode = "ok"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_errors(sc: Any, case: FaultCase) -> None:
    FAULT.mode = case.fault
    assert_matches(sc.query(case.query), case.expected)
    assert case.requests_sent(sc) == case.requests
