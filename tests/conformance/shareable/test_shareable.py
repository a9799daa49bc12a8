"""shareable: shared fields and a shared root field give one answer whichever subgraph serves them.

Data (subgraphs.py): ST-1 Harku (59.398, 24.602), -3.5 C, air quality 12;
ST-2 Tooravere (58.264, 26.466), -6.0 C, air quality 8. Forecast: North Estonia, -1.5 C tomorrow
(weather), pollen level 2 (air).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tests.conformance.shareable.subgraphs import APPS
from tests.support.cases import scenario_fixture

if TYPE_CHECKING:
    from tests.support.scenario import Scenario

HERE = Path(__file__).parent

HARKU = {"lat": 59.398, "lon": 24.602}
TOORAVERE = {"lat": 58.264, "lon": 26.466}


sc = scenario_fixture(HERE / "supergraph.graphql", APPS)


def test_shared_root_field_served_once(sc: Scenario) -> None:
    q = "{ stations { id name location { lat lon } } }"
    assert sc.query(q) == {
        "data": {
            "stations": [
                {"id": "ST-1", "name": "Harku", "location": HARKU},
                {"id": "ST-2", "name": "Tooravere", "location": TOORAVERE},
            ]
        }
    }
    # stations and weather both serve everything asked: one request to either, never both.
    assert sc.total_subgraph_requests() == 1
    assert sc.subgraph_requests("air") == 0


def test_shared_root_picks_the_subgraph_that_has_the_rest(sc: Scenario) -> None:
    q = "{ stations { name temperature } }"
    assert sc.query(q) == {
        "data": {
            "stations": [{"name": "Harku", "temperature": -3.5}, {"name": "Tooravere", "temperature": -6.0}]
        }
    }
    # weather serves the shared root, the shared name and its own temperature: one request.
    assert sc.subgraph_requests("weather") == 1
    assert sc.total_subgraph_requests() == 1


def test_shareable_value_type_from_any_subgraph(sc: Scenario) -> None:
    q = "{ stations { location { lat } airQuality temperature } }"
    assert sc.query(q) == {
        "data": {
            "stations": [
                {"location": {"lat": 59.398}, "airQuality": 12, "temperature": -3.5},
                {"location": {"lat": 58.264}, "airQuality": 8, "temperature": -6.0},
            ]
        }
    }
    # weather (root, location, temperature), then air for airQuality. air has no root field.
    assert sc.subgraph_requests("weather") == 1
    assert sc.subgraph_requests("air") == 1
    assert sc.total_subgraph_requests() == 2


def test_typename_and_aliases_on_shared_fields(sc: Scenario) -> None:
    q = "{ first: stations { __typename where: location { __typename lon } } second: stations { name } }"
    assert sc.query(q) == {
        "data": {
            "first": [
                {"__typename": "Station", "where": {"__typename": "Coordinates", "lon": 24.602}},
                {"__typename": "Station", "where": {"__typename": "Coordinates", "lon": 26.466}},
            ],
            "second": [{"name": "Harku"}, {"name": "Tooravere"}],
        }
    }
    # both root fields fit in one request to one subgraph.
    assert sc.total_subgraph_requests() == 1


def test_shared_root_of_a_value_type_is_merged_from_both_subgraphs(sc: Scenario) -> None:
    q = "{ forecast { region temperatureTomorrow pollenLevel } }"
    assert sc.query(q) == {
        "data": {"forecast": {"region": "North Estonia", "temperatureTomorrow": -1.5, "pollenLevel": 2}}
    }
    # Forecast has no key, so nothing can be fetched as an entity: the gateway calls
    # Query.forecast in weather and in air, in parallel, and merges the two objects.
    assert sc.subgraph_requests("weather") == 1
    assert sc.subgraph_requests("air") == 1
    assert sc.subgraph_requests("stations") == 0


def test_shared_root_of_a_value_type_from_one_subgraph(sc: Scenario) -> None:
    q = "{ forecast { region pollenLevel } }"
    assert sc.query(q) == {"data": {"forecast": {"region": "North Estonia", "pollenLevel": 2}}}
    # air has both fields.
    assert sc.subgraph_requests("air") == 1
    assert sc.total_subgraph_requests() == 1
