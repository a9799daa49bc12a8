"""A property-based fuzz of the whole gateway: documents generated from the API schema (valid ones,
and ones with one schema violation) and arbitrary variables, sent over HTTP to a running gateway
(demand control enforced) over the agencies' SDL served as real subgraphs. Whatever is sent: no
5xx, every error carries `extensions.code`, and no response is a Python stack trace.
Derandomized and bounded (well under a minute)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from graphql import StringValueNode, print_schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema

from gateway.plugins.demand import DemandConfig
from gateway.supergraph import load_supergraph
from tests.plugins.demand.support import Platform, platform

_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False, allow_infinity=False)  # JSON has neither
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
_variables = st.none() | st.dictionaries(st.sampled_from(["ids", "id", "n", "first", "x"]), _json, max_size=3)
_dates = st.sampled_from(["2024-01-31", "1999-12-31T23:59:59", "not a date", ""]).map(
    lambda v: StringValueNode(value=v)
)
SCALARS = {"Date": _dates, "DateTime": _dates}
_settings = settings(
    derandomize=True,
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)


@pytest.fixture(scope="module")
def gateway() -> Iterator[tuple[Platform, httpx.Client]]:
    with platform(DemandConfig(enabled=True, max_cost=1000)) as found, httpx.Client(timeout=30) as client:
        yield found, client


@pytest.fixture(scope="module")
def api_sdl(gateway: tuple[Platform, httpx.Client]) -> str:
    return print_schema(load_supergraph(gateway[0].supergraph_sdl).api_schema)


def _check(client: httpx.Client, url: str, body: Any, accept: str) -> None:
    response = client.post(url, json=body, headers={"accept": accept})
    assert response.status_code < 500, (response.status_code, response.text[:500])
    assert "Traceback" not in response.text and 'File "' not in response.text
    payload = response.json()
    for error in payload.get("errors") or ():
        assert isinstance(error.get("extensions", {}).get("code"), str), error


def _fuzz(gateway: tuple[Platform, httpx.Client], api_sdl: str, mode: Mode) -> None:
    platform_, client = gateway
    documents = from_schema(api_sdl, custom_scalars=SCALARS, mode=mode)

    @_settings
    @given(document=documents, variables=_variables, graphql_response=st.booleans())
    def run(document: str, variables: Any, graphql_response: bool) -> None:
        accept = "application/graphql-response+json" if graphql_response else "application/json"
        body: dict[str, Any] = {"query": document}
        if variables is not None:
            body["variables"] = variables
        _check(client, platform_.url, body, accept)

    run()


def test_valid_documents_with_arbitrary_variables(
    gateway: tuple[Platform, httpx.Client], api_sdl: str
) -> None:
    _fuzz(gateway, api_sdl, Mode.POSITIVE)


def test_documents_with_one_schema_violation(gateway: tuple[Platform, httpx.Client], api_sdl: str) -> None:
    _fuzz(gateway, api_sdl, Mode.NEGATIVE)


@_settings
@given(body=_json, graphql_response=st.booleans())
def test_arbitrary_bodies(gateway: tuple[Platform, httpx.Client], body: Any, graphql_response: bool) -> None:
    accept = "application/graphql-response+json" if graphql_response else "application/json"
    _check(gateway[1], gateway[0].url, body, accept)
