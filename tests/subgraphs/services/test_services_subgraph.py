"""The services subgraph: catalogue browsing from the open-data export and @requires eligibility."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import graphql
import httpx

from subgraphs.datagen.world import World
from subgraphs.services.catalogue import parse_hours
from subgraphs.services.legacy.seed import format_hours
from tests.subgraphs.callers import official
from tests.subgraphs.services.conftest import TODAY, ServicesServer, start

OFFICIAL = official("services")
ELIGIBLE = """query($r: [_Any!]!) {
  _entities(representations: $r) { ... on Citizen { id eligibleServices { id agency { id } } } }
}"""


def born(age: int) -> str:
    """A birth date ten days past the `age`-th birthday, as of TODAY."""
    return (date(TODAY.year - age, TODAY.month, TODAY.day) - timedelta(days=10)).isoformat()


def citizen(
    id: str, age: int, *, kids: tuple[int, ...] = (), income: float | None = None, cars: int = 0
) -> dict:
    return {
        "__typename": "Citizen",
        "id": id,
        "birthDate": born(age),
        "children": [{"birthDate": born(k)} for k in kids],
        "annualIncome": income,
        "vehicles": [{"registrationNumber": f"{n:03d}ABC"} for n in range(cars)],
    }


def eligible(services: ServicesServer, gql, *representations: dict) -> list[set[str]]:
    body = gql(services.url, ELIGIBLE, {"r": list(representations)}, OFFICIAL)
    assert "errors" not in body, body
    return [{s["id"] for s in e["eligibleServices"]} for e in body["data"]["_entities"]]


def test_catalogue_browsing_matches_the_world(services: ServicesServer, world: World, gql) -> None:
    body = gql(services.url, "{ agencies { id name website services { id } offices { id } } }")
    got = {a["id"]: a for a in body["data"]["agencies"]}
    assert set(got) == {a.id for a in world.agencies}
    for agency in world.agencies:
        assert got[agency.id]["name"] == agency.name and got[agency.id]["website"] == agency.website
        want = {s.id for s in world.public_services if s.agency_id == agency.id}
        assert {s["id"] for s in got[agency.id]["services"]} == want
    service = world.public_services[3]
    body = gql(
        services.url,
        "query($id: ID!) { publicService(id: $id) { name howToApply eligibilityRule agency { name } } }",
        {"id": service.id},
    )
    assert body["data"]["publicService"]["eligibilityRule"] == service.rule
    assert body["data"]["publicService"]["howToApply"] == service.how_to_apply


def test_offices_with_opening_hours(services: ServicesServer, world: World, gql) -> None:
    query = """{ offices(city: "tallinn") {
      id city street openingHours { weekday opens closes }
      thu: openNow(at: "2026-06-04T15:30:00+00:00") sun: openNow(at: "2026-06-07T09:00:00+00:00") } }"""
    body = gql(services.url, query)
    offices = {o["id"]: o for o in body["data"]["offices"]}
    tallinn = {o.id: o for o in world.offices if o.city == "Tallinn"}
    assert set(offices) == set(tallinn)
    for office_id, office in tallinn.items():
        got = offices[office_id]
        assert got["street"] == office.street
        assert [(h["opens"], h["closes"]) for h in got["openingHours"]] == [
            (h.opens, h.closes) for h in office.opening_hours
        ]
        late_thursday = any(h.weekday == 4 and h.closes >= "19:00" for h in office.opening_hours)
        assert got["thu"] is late_thursday  # 18:30 in Tallinn
        assert got["sun"] is False


def test_opening_hours_text_round_trips(world: World) -> None:
    for office in world.offices:
        text = format_hours(office.opening_hours)
        assert [(h.weekday, h.opens, h.closes) for h in parse_hours(text)] == [
            (h.weekday, h.opens, h.closes) for h in office.opening_hours
        ]
    assert [h.weekday for h in parse_hours("E-R 09:00-17:00; N 09:00-19:00")] == [1, 2, 3, 4, 5]


def test_eligibility_follows_the_required_facts(services: ServicesServer, gql) -> None:
    parent, child, pensioner, rich_driver = eligible(
        services,
        gql,
        citizen("p", 31, kids=(0, 4, 7), income=11000.0),
        citizen("c", 12),
        citizen("o", 70, income=9000.0),
        citizen("r", 45, income=90000.0, cars=2),
    )
    assert {"reg-birth", "ben-parental", "ben-family", "ben-large-family", "tax-refund-low"} <= parent
    assert "tr-inspection" not in parent and "ben-pension" not in parent
    assert child == {"reg-residence", "hl-ehic", "hl-school-check", "pol-id-card", "pol-passport"}
    assert "ben-pension" in pensioner and "ben-family" not in pensioner
    assert {"tr-inspection", "tax-motor-vehicle", "tr-transfer", "tax-return"} <= rich_driver
    assert not {"tax-refund-low", "ben-subsistence", "ben-family"} & rich_driver


def test_unknown_income_counts_as_none(services: ServicesServer, gql) -> None:
    [adult] = eligible(services, gql, citizen("a", 30, income=None))
    assert "ben-subsistence" in adult and "tax-return" not in adult


def test_missing_required_facts_is_an_error_on_that_entity_only(services: ServicesServer, gql) -> None:
    partial = {"__typename": "Citizen", "id": "x", "birthDate": born(40)}
    body = gql(services.url, ELIGIBLE, {"r": [partial, citizen("ok", 40)]}, OFFICIAL)
    first, second = body["data"]["_entities"]
    assert first == {"id": "x", "eligibleServices": None} and second["id"] == "ok"
    [error] = body["errors"]
    assert error["path"] == ["_entities", 0, "eligibleServices"]
    assert error["extensions"]["code"] == "MISSING_REQUIRED_FACTS"


def test_a_corrupt_export_row_fails_only_itself(services: ServicesServer, gql) -> None:
    path = services.data_dir / "services" / "services.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    rows[1][5] = "AGE_AT_LEAST:eighteen"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    bad = rows[1][0]
    query = "query($id: ID!) { publicService(id: $id) { id } publicServices { id } }"
    body = gql(services.url, query, {"id": bad})
    assert body["data"]["publicService"] is None
    assert body["errors"][0]["extensions"]["code"] == "LEGACY_DATA_CORRUPT"
    assert body["errors"][0]["path"] == ["publicService"]
    ids = {s["id"] for s in body["data"]["publicServices"]}
    assert bad not in ids and len(ids) == len(rows) - 2
    [adult] = eligible(services, gql, citizen("a", 30))
    assert bad not in adult and "reg-marriage" in adult


def test_missing_export_is_unavailable_until_it_is_published(world: World, tmp_path: Path, gql) -> None:
    thread, server = start(tmp_path)
    try:
        body = gql(server.url, "{ agencies { id } }")
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "LEGACY_UNAVAILABLE"
        assert httpx.get(server.url.replace("/graphql", "/health")).status_code == 503
        from subgraphs.services.legacy.seed import seed

        seed(world, tmp_path)  # the nightly publish arrives; no restart needed
        assert len(gql(server.url, "{ agencies { id } }")["data"]["agencies"]) == len(world.agencies)
    finally:
        thread.stop()


def sdl_schema(sdl: str) -> graphql.GraphQLSchema:
    return graphql.build_ast_schema(graphql.parse(sdl), assume_valid=True, assume_valid_sdl=True)


def test_external_fields_match_their_owners_types(services: ServicesServer, gql) -> None:
    """services' @external declarations must have exactly the owners' types, or composition fails."""
    from subgraphs.export_schema import agency_sdls

    sdls, _ = agency_sdls()
    ours = sdl_schema(gql(services.url, "{ _service { sdl } }")["data"]["_service"]["sdl"])
    owners = {"birthDate": "registry", "children": "registry", "annualIncome": "tax", "vehicles": "transport"}
    for field, owner in owners.items():
        if owner not in sdls:
            continue
        theirs = sdl_schema(sdls[owner])
        mine = ours.get_type("Citizen").fields[field].type
        assert str(mine) == str(theirs.get_type("Citizen").fields[field].type), field
