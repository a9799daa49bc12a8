"""The registry subgraph over its real legacy database (SQLite file and PostgreSQL schema)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from subgraphs.datagen.generate import age_on
from subgraphs.datagen.world import Citizen, World
from tests.subgraphs.callers import citizen, official
from tests.subgraphs.registry.conftest import RegistryServer

OFFICIAL = official("registry")

CITIZEN_FIELDS = """
  id givenName familyName fullName birthDate age sex
  address { street postalCode city validFrom validTo current }
  addresses { street city validFrom validTo current }
  household { id members { id } }
  children { id }
  parents { id }
"""
ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { %s } } }"


def children_of(world: World) -> dict[str, list[Citizen]]:
    found: dict[str, list[Citizen]] = defaultdict(list)
    for c in world.citizens:
        for parent in c.parent_ids:
            found[parent].append(c)
    return found


def a_parent_who_moved(world: World) -> Citizen:
    kids = children_of(world)
    return next(c for c in world.citizens if len(kids[c.id]) >= 2 and len(c.addresses) >= 2)


def test_me_translates_the_legacy_rows(registry: RegistryServer, world: World, gql) -> None:
    me = a_parent_who_moved(world)
    body = gql(registry.url, "{ me { " + CITIZEN_FIELDS + " } }", headers=citizen("registry", me.id))
    assert "errors" not in body, body
    got = body["data"]["me"]
    assert (got["id"], got["givenName"], got["familyName"]) == (me.id, me.given_name, me.family_name)
    assert got["fullName"] == f"{me.given_name} {me.family_name}"
    assert got["birthDate"] == me.birth_date.isoformat()
    assert got["age"] == age_on(me.birth_date, date.today())
    assert got["sex"] == {"M": "MALE", "F": "FEMALE"}[me.sex]
    current = me.addresses[-1]
    assert got["address"] == {
        "street": current.street,
        "postalCode": current.postal_code,
        "city": current.city,
        "validFrom": current.valid_from.isoformat(),
        "validTo": None,
        "current": True,
    }
    assert [(a["street"], a["city"], a["validFrom"], a["validTo"]) for a in got["addresses"]] == [
        (a.street, a.city, a.valid_from.isoformat(), a.valid_to and a.valid_to.isoformat())
        for a in me.addresses
    ]
    assert [a["current"] for a in got["addresses"]] == [False] * (len(me.addresses) - 1) + [True]
    household = next(h for h in world.households if h.id == me.household_id)
    assert got["household"]["id"] == household.id
    assert sorted(m["id"] for m in got["household"]["members"]) == sorted(household.member_ids)
    kids = sorted(children_of(world)[me.id], key=lambda c: (c.birth_date, c.id))
    assert [k["id"] for k in got["children"]] == [k.id for k in kids]
    assert got["parents"] == []


def test_children_know_their_parents(registry: RegistryServer, world: World, gql) -> None:
    child = next(c for c in world.citizens if len(c.parent_ids) == 2)
    body = gql(
        registry.url, "query($id: ID!) { citizen(id: $id) { parents { id } } }", {"id": child.id}, OFFICIAL
    )
    assert sorted(p["id"] for p in body["data"]["citizen"]["parents"]) == sorted(child.parent_ids)


def test_me_is_null_without_the_header(registry: RegistryServer, gql) -> None:
    registry.statements.clear()
    assert gql(registry.url, "{ me { id } }") == {"data": {"me": None}}
    assert registry.statements == []


def test_unknown_and_malformed_ids_are_null(registry: RegistryServer, gql) -> None:
    query = "query($a: ID!, $b: ID!) { a: citizen(id: $a) { id } b: citizen(id: $b) { id } }"
    body = gql(registry.url, query, {"a": "39912319999", "b": "not-a-code"}, OFFICIAL)
    assert body == {"data": {"a": None, "b": None}}


def test_entities_batch_is_one_sql_query(registry: RegistryServer, world: World, gql) -> None:
    wanted = [c.id for c in world.citizens[:40]] + ["39912319999"]
    representations = [{"__typename": "Citizen", "id": i} for i in wanted]
    registry.statements.clear()
    body = gql(registry.url, ENTITIES % "id givenName", {"r": representations}, OFFICIAL)
    assert "errors" not in body, body
    assert [e and e["id"] for e in body["data"]["_entities"]] == [*wanted[:-1], None]
    assert len(registry.statements) == 1, registry.statements
    assert " IN " in registry.statements[0].upper()


def test_nested_fields_cost_one_query_per_kind_not_per_citizen(
    registry: RegistryServer, world: World, gql
) -> None:
    representations = [{"__typename": "Citizen", "id": c.id} for c in world.citizens[:30]]
    registry.statements.clear()
    body = gql(
        registry.url,
        ENTITIES % "id address { city } children { id } household { members { id } }",
        {"r": representations},
        OFFICIAL,
    )
    assert "errors" not in body, body
    statements = registry.statements
    assert len(statements) == 4, statements  # persons, addresses, children, household members
    assert all(" IN (" in s.upper() for s in statements)
    assert sum("ADR_AJALUGU" in s for s in statements) == 1
    assert sum("VANEM_LAPS" in s for s in statements) == 1


def test_citizens_keeps_the_order_asked(registry: RegistryServer, world: World, gql) -> None:
    ids = [world.citizens[5].id, "39912319999", world.citizens[2].id]
    body = gql(registry.url, "query($ids: [ID!]!) { citizens(ids: $ids) { id } }", {"ids": ids}, OFFICIAL)
    assert body == {"data": {"citizens": [{"id": ids[0]}, None, {"id": ids[2]}]}}


def test_sdl_declares_the_citizen_entity(registry: RegistryServer, gql) -> None:
    sdl = gql(registry.url, "{ _service { sdl } }")["data"]["_service"]["sdl"]
    assert 'type Citizen @key(fields: "id")' in sdl
    assert 'birthDate: Date! @tag(name: "personal-data")' in sdl and "me: Citizen" in sdl
