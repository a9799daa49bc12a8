"""Demand control over the agencies' real SDL: hostile operations refused before any subgraph is
called, ordinary ones served, measure mode reporting without refusing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gateway.plugins.demand import DemandConfig
from subgraphs.benefits.schema import CLAIMS_PER_CITIZEN
from subgraphs.platform import DASHBOARD_QUERY
from subgraphs.services.schema import ELIGIBLE_SERVICES
from subgraphs.tax.schema import ASSESSMENT_YEARS
from subgraphs.transport.schema import VEHICLES_PER_OWNER

from .support import Platform, platform

BUDGET = 1000


def _recursion(levels: int) -> str:
    inner = "givenName familyName"
    for _ in range(levels):
        inner = f"givenName household {{ id members {{ {inner} }} }}"
    return "{ me { " + inner + " } }"


RECURSION = _recursion(9)  # 382 bytes
# 100 aliases of citizens(ids: [3000 ids]); the ids as a variable (as literals the body is over
# the 2 MB `limits.max_body_bytes`, refused even earlier)
IDS = {"ids": [str(38001010000 + i) for i in range(3000)]}
ALIASES = (
    "query Many($ids: [ID!]!) { "
    + " ".join(f"c{i}: citizens(ids: $ids) {{ givenName }}" for i in range(100))
    + " }"
)


@pytest.fixture(scope="module")
def enforced() -> Iterator[Platform]:
    with platform(DemandConfig(enabled=True, max_cost=BUDGET)) as found:
        yield found


@pytest.fixture(scope="module")
def measured() -> Iterator[Platform]:
    with platform(DemandConfig(enabled=True, max_cost=BUDGET, mode="measure")) as found:
        yield found


@pytest.mark.parametrize(
    ("query", "variables"),
    [(RECURSION, None), (ALIASES, IDS)],
    ids=["household-recursion", "aliases-times-list"],
)
def test_hostile_operations_are_refused_before_any_subgraph_is_called(
    enforced: Platform, query: str, variables: dict[str, list[str]] | None
) -> None:
    enforced.clear()
    response = enforced.post(query, variables)
    assert response.status_code == 400
    body = response.json()
    assert "data" not in body
    [error] = body["errors"]
    extensions = error["extensions"]
    assert extensions["code"] == "COST_ESTIMATED_TOO_EXPENSIVE"
    assert extensions["budget"] == BUDGET and extensions["cost"] > BUDGET
    assert str(extensions["cost"]) in error["message"] and str(BUDGET) in error["message"]
    assert enforced.subgraph_requests() == 0


def test_the_dashboard_passes(enforced: Platform) -> None:
    enforced.clear()
    body = enforced.post(DASHBOARD_QUERY).json()
    codes = {e["extensions"]["code"] for e in body.get("errors", ())}
    assert not codes & {"COST_ESTIMATED_TOO_EXPENSIVE", "COST_ACTUAL_TOO_EXPENSIVE", "RESPONSE_TOO_LARGE"}
    cost = body["extensions"]["cost"]
    assert cost["result"] == "COST_OK" and 0 < cost["estimated"] <= BUDGET
    assert enforced.subgraph_requests() > 0


def test_the_dashboard_estimate_uses_each_agencys_list_sizes(enforced: Platform) -> None:
    """The agencies' @listSize (schema/subgraphs/, composed into the supergraph) decide the estimate,
    not the gateway's `list_size_default`: objects cost 1, each list its assumed size times its items."""
    estimated = enforced.post(DASHBOARD_QUERY).json()["extensions"]["cost"]["estimated"]
    me_address_tax_account = 3
    lists = VEHICLES_PER_OWNER + CLAIMS_PER_CITIZEN + ELIGIBLE_SERVICES * 2  # a service and its agency
    assert (VEHICLES_PER_OWNER, CLAIMS_PER_CITIZEN, ELIGIBLE_SERVICES) == (3, 5, 10)
    assert estimated == me_address_tax_account + lists == 31  # 43 with every list counted as 10
    years = enforced.post("{ me { assessments { year } } }").json()["extensions"]["cost"]["estimated"]
    assert years == 1 + ASSESSMENT_YEARS == 4
    catalogue = "{ agencies { offices { openingHours { weekday } } } }"  # 10 x (1 + 5 offices x (1 + 7 days))
    assert enforced.post(catalogue).json()["extensions"]["cost"]["estimated"] == 10 * (1 + 5 * (1 + 7))


def test_measure_mode_reports_the_cost_without_refusing(measured: Platform) -> None:
    body = measured.post(RECURSION).json()
    assert "errors" not in body, body
    assert body["data"]["me"]["household"]["members"][0]["givenName"] == "Mari"
    cost = body["extensions"]["cost"]
    assert cost["mode"] == "measure" and cost["result"] == "COST_ESTIMATED_TOO_EXPENSIVE"
    assert cost["estimated"] > BUDGET and cost["actual"] > 0
