"""Who may read what in the registry, tried as an attacker would: straight at the subgraph, with
valid gateway tokens for someone else, forged ones, aliases, fragments, variables and `_entities`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from gateway.messages import Principal
from gateway.plugins.identity import IdentitySigner
from subgraphs.datagen.generate import age_on
from subgraphs.datagen.world import World
from tests.plugins.identity.support import gateway_keypair
from tests.subgraphs.callers import PRIVATE_KEY, citizen, identity, official
from tests.subgraphs.registry.conftest import RegistryServer

ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { id givenName } } }"


def _pair(world: World) -> tuple[str, str]:
    return world.citizens[0].id, world.citizens[1].id


def _codes(body: dict) -> dict[tuple, str]:
    return {tuple(e["path"]): e["extensions"]["code"] for e in body.get("errors", [])}


def test_anonymous_gets_no_personal_data_on_any_path(registry: RegistryServer, world: World, gql) -> None:
    a, b = _pair(world)
    assert gql(registry.url, "{ me { id givenName } }") == {"data": {"me": None}}
    body = gql(registry.url, "query($i: ID!) { citizen(id: $i) { id } }", {"i": a})
    assert body["data"] == {"citizen": None} and _codes(body) == {("citizen",): "FORBIDDEN"}
    body = gql(registry.url, "query($i: [ID!]!) { citizens(ids: $i) { id } }", {"i": [a, b]})
    assert body["data"] is None and _codes(body) == {("citizens",): "FORBIDDEN"}
    body = gql(registry.url, ENTITIES, {"r": [{"__typename": "Citizen", "id": a}]})
    assert body["data"] == {"_entities": [None]} and _codes(body) == {("_entities", 0): "FORBIDDEN"}
    assert "extensions" not in body  # nothing disclosed
    headers = {"x-citizen-id": a, "x-govgraph-role": "official"}  # what clients used to assert
    body = gql(registry.url, "{ me { id } }", headers=headers)
    assert body == {"data": {"me": None}}


def test_a_citizen_reads_only_their_own_data(registry: RegistryServer, world: World, gql) -> None:
    a, b = _pair(world)
    mine = citizen("registry", a)
    query = """query($mine: ID!, $other: ID!) {
      self: citizen(id: $mine) { ...Names }
      other: citizen(id: $other) { ...Names }
      sneaky: citizen(id: $other) { ... on Citizen { birthDate } }
      me { givenName address { city } }
    }
    fragment Names on Citizen { givenName familyName }"""
    body = gql(registry.url, query, {"mine": a, "other": b}, mine)
    assert body["data"]["self"]["givenName"] and body["data"]["me"]["givenName"]
    assert body["data"]["other"] is None and body["data"]["sneaky"] is None
    assert _codes(body) == {("other",): "FORBIDDEN", ("sneaky",): "FORBIDDEN"}
    [disclosed] = body["extensions"]["govgraph"]["disclosures"]
    assert disclosed == {
        "citizen": a,
        "fields": ["Citizen.address", "Citizen.familyName", "Citizen.givenName"],
    }
    body = gql(registry.url, "query($i: [ID!]!) { citizens(ids: $i) { id } }", {"i": [a, b]}, mine)
    assert body["data"] is None and _codes(body) == {("citizens",): "FORBIDDEN"}
    reps = [{"__typename": "Citizen", "id": a}, {"__typename": "Citizen", "id": b}]
    body = gql(registry.url, ENTITIES, {"r": reps}, mine)  # as a direct caller holding a valid token
    assert body["data"]["_entities"][0]["id"] == a and body["data"]["_entities"][1] is None
    assert _codes(body) == {("_entities", 1): "FORBIDDEN"}


def test_relatives_ids_yes_their_data_no_except_a_minor_child(
    registry: RegistryServer, world: World, gql
) -> None:
    today = date.today()
    child = next(c for c in world.citizens if c.parent_ids and age_on(c.birth_date, today) < 18)
    parent = child.parent_ids[0]
    query = "{ me { id children { id givenName } household { members { id } } } }"
    body = gql(registry.url, query, headers=citizen("registry", parent))
    kids = {k["id"]: k["givenName"] for k in body["data"]["me"]["children"] or []}
    assert kids.get(child.id) == child.given_name, body  # the guardian reads a minor child's record
    body = gql(registry.url, "{ me { parents { id givenName } } }", headers=citizen("registry", child.id))
    assert body["data"]["me"] == {"parents": None}  # a child does not read a parent's record
    assert set(_codes(body).values()) == {"FORBIDDEN"}
    body = gql(registry.url, "{ me { parents { id } } }", headers=citizen("registry", child.id))
    assert sorted(p["id"] for p in body["data"]["me"]["parents"]) == sorted(child.parent_ids)
    reps = [{"__typename": "Citizen", "id": child.id}]  # the same child, not through `children`
    body = gql(registry.url, ENTITIES, {"r": reps}, citizen("registry", parent))
    assert body["data"] == {"_entities": [None]}


def test_an_official_needs_the_scope_and_a_purpose(registry: RegistryServer, world: World, gql) -> None:
    a, _ = _pair(world)
    query = "query($i: ID!) { citizen(id: $i) { givenName } }"
    no_scope = identity("registry", scopes=["tax:read"], purpose="audit")
    body = gql(registry.url, query, {"i": a}, no_scope)
    assert body["data"] == {"citizen": None} and "registry:read" in body["errors"][0]["message"]
    no_purpose = identity("registry", scopes=["registry:read"])
    body = gql(registry.url, query, {"i": a}, no_purpose)
    assert body["data"] == {"citizen": None} and "x-purpose" in body["errors"][0]["message"]
    body = gql(registry.url, query, {"i": a}, official("registry"))
    assert body["data"]["citizen"]["givenName"] and "errors" not in body
    assert body["extensions"]["govgraph"]["disclosures"] == [{"citizen": a, "fields": ["Citizen.givenName"]}]
    body = gql(registry.url, "{ me { id } }", headers=official("registry"))
    assert body["data"] == {"me": None}  # an official is nobody's `me`


def test_tokens_that_do_not_verify_are_unauthenticated(
    registry: RegistryServer, world: World, gql, tmp_path: Path
) -> None:
    a, _ = _pair(world)
    someone = Principal(kind="citizen", subject="x", citizen_id=a)
    other_private, _ = gateway_keypair(tmp_path)
    expired = IdentitySigner(PRIVATE_KEY, "govgraph-gateway", lifetime=60, now=lambda: 1_000_000.0)
    forged = {
        "another key": IdentitySigner(other_private, "govgraph-gateway").token_for(someone, "registry"),
        "expired": expired.token_for(someone, "registry"),
        "another subgraph": citizen("tax", a)["x-govgraph-identity"],
        "another issuer": IdentitySigner(PRIVATE_KEY, "someone-else").token_for(someone, "registry"),
        "garbage": "not.a.token",
        "alg none": "eyJhbGciOiJub25lIn0.eyJraW5kIjoiY2l0aXplbiJ9.",
    }
    for what, token in forged.items():
        body = gql(registry.url, "{ me { id givenName } }", headers={"x-govgraph-identity": token})
        assert body["data"] is None, what
        assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"], what
