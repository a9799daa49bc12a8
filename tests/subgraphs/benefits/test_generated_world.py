"""Seeded from the shared generator: claims and cover match the world across pages and batches."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from subgraphs.benefits.legacy.seed import seed
from subgraphs.datagen.generate import generate_world
from tests.subgraphs.benefits.conftest import LegacyApi, entities, start_legacy, stop, subgraph


def test_claims_and_cover_match_the_world(tmp_path: Path) -> None:
    world = generate_world(citizens=250, seed=11)
    seed(world, tmp_path)
    proc, url = start_legacy(tmp_path)
    try:
        with subgraph(url, per_page=25) as graphql_url:
            ids = [c.id for c in world.citizens]
            result = entities(graphql_url, ids, "id benefitClaims { id kind } healthInsurance { insured }")
        stats = LegacyApi(url).stats()
    finally:
        stop(proc)
    assert "errors" not in result
    claims = Counter(c.citizen_id for c in world.benefit_claims)
    insured = {h.citizen_id: h.insured for h in world.health_insurances}
    for citizen in result["data"]["_entities"]:
        assert len(citizen["benefitClaims"]) == claims.get(citizen["id"], 0)
        expected = {"insured": insured[citizen["id"]]} if citizen["id"] in insured else None
        assert citizen["healthInsurance"] == expected
    # 250 ids go out in batches of at most 100 (the API's limit), each followed over all its pages
    chunks = [ids[i : i + 100] for i in range(0, len(ids), 100)]
    assert stats["claims"] == sum(pages(sum(claims.get(i, 0) for i in chunk)) for chunk in chunks)
    assert stats["health"] == sum(pages(sum(i in insured for i in chunk)) for chunk in chunks)
    assert stats["claims"] > len(chunks)  # some batch really had several pages


def pages(records: int, per_page: int = 25) -> int:
    return max(1, -(-records // per_page))
