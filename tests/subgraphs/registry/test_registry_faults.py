"""Legacy faults become GraphQL errors on the affected field, never a crashed subgraph."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

import httpx

from subgraphs.datagen import generate_world
from subgraphs.registry.app import create_app
from subgraphs.registry.legacy.seed import seed
from tests.subgraphs.callers import PUBLIC_KEY, citizen, official
from tests.subgraphs.registry.conftest import serve

OFFICIAL = official("registry")

ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { id givenName } } }"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_postgres_down_is_legacy_unavailable_on_the_field(gql) -> None:
    app = create_app(f"postgresql://postgres@127.0.0.1:{closed_port()}/test", public_key=PUBLIC_KEY)
    thread, server = serve(app, "postgresql")
    try:
        body = gql(server.url, '{ citizen(id: "37605030299") { id givenName } }', None, OFFICIAL)
        assert body["data"] == {"citizen": None}
        [error] = body["errors"]
        assert error["path"] == ["citizen"]
        assert error["extensions"]["code"] == "LEGACY_UNAVAILABLE"
        reps = [{"__typename": "Citizen", "id": code} for code in ("37605030299", "49403136526")]
        body = gql(server.url, ENTITIES, {"r": reps}, OFFICIAL)
        assert body["data"] == {"_entities": [None, None]}
        assert {tuple(e["path"]) for e in body["errors"]} == {("_entities", 0), ("_entities", 1)}
        assert {e["extensions"]["code"] for e in body["errors"]} == {"LEGACY_UNAVAILABLE"}
        assert httpx.get(server.url.replace("/graphql", "/health")).status_code == 200
        assert gql(server.url, "{ me { id } }") == {"data": {"me": None}}  # still serving
    finally:
        thread.stop()


def test_missing_sqlite_file_is_legacy_unavailable(tmp_path: Path, gql) -> None:
    thread, server = serve(
        create_app(data_dir=tmp_path / "no" / "such" / "dir", public_key=PUBLIC_KEY), "sqlite"
    )
    try:
        body = gql(server.url, "{ me { id } }", headers=citizen("registry", "37605030299"))
        assert body["data"] == {"me": None}
        assert body["errors"][0]["extensions"]["code"] == "LEGACY_UNAVAILABLE"
    finally:
        thread.stop()


def test_corrupt_legacy_dates_fail_only_their_fields(tmp_path: Path, gql) -> None:
    world = generate_world(40, seed=2)
    seed(world, tmp_path)
    victim, neighbour = world.citizens[0], world.citizens[1]
    with sqlite3.connect(tmp_path / "registry.sqlite") as db:
        db.execute("UPDATE PERSON SET PRS_SYND_KP = '19991399' WHERE PRS_IK = ?", (victim.id,))
        db.execute(
            "UPDATE ADR_AJALUGU SET VALID_FROM = '2x00' WHERE ADR_PRS_ID = "
            "(SELECT PRS_ID FROM PERSON WHERE PRS_IK = ?)",
            (neighbour.id,),
        )
    thread, server = serve(create_app(data_dir=tmp_path, public_key=PUBLIC_KEY), "sqlite")
    try:
        query = (
            "query($a: ID!, $b: ID!) { a: citizen(id: $a) { givenName birthDate } "
            "b: citizen(id: $b) { givenName birthDate address { city validFrom } } }"
        )
        body = gql(server.url, query, {"a": victim.id, "b": neighbour.id}, OFFICIAL)
        assert body["data"]["a"] is None  # birthDate is non-null, so the citizen goes
        b = body["data"]["b"]
        assert b["givenName"] == neighbour.given_name and b["address"]["city"] == neighbour.addresses[-1].city
        assert b["address"]["validFrom"] is None
        codes = {tuple(e["path"]): e["extensions"]["code"] for e in body["errors"]}
        assert codes == {
            ("a", "birthDate"): "LEGACY_DATA_CORRUPT",
            ("b", "address", "validFrom"): "LEGACY_DATA_CORRUPT",
        }
    finally:
        thread.stop()
