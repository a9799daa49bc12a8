"""Per-request DataLoaders: N citizens cost one (paginated) legacy call per endpoint."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from strawberry.dataloader import DataLoader

from subgraphs.benefits.client import BenefitsClient, ClaimRecord, HealthRecord
from subgraphs.benefits.errors import LegacyError

MAX_IDS = 100  # the API refuses longer citizen_ids lists


@dataclass(frozen=True)
class BenefitsLoaders:
    claims: DataLoader[str, list[ClaimRecord]]
    health: DataLoader[str, HealthRecord | None]


def create_loaders(client: BenefitsClient) -> BenefitsLoaders:
    async def load_claims(ids: list[str]) -> list[Any]:
        try:
            records = await client.claims(ids)
        except LegacyError as exc:
            return [exc] * len(ids)
        by_citizen: dict[str, list[ClaimRecord]] = defaultdict(list)
        for record in records:
            by_citizen[record.citizen_id].append(record)
        return [by_citizen.get(i, []) for i in ids]

    async def load_health(ids: list[str]) -> list[Any]:
        try:
            records = await client.health_insurance(ids)
        except LegacyError as exc:
            return [exc] * len(ids)
        found = {r.citizen_id: r for r in records}
        return [found.get(i) for i in ids]

    return BenefitsLoaders(
        claims=DataLoader(load_claims, max_batch_size=MAX_IDS),
        health=DataLoader(load_health, max_batch_size=MAX_IDS),
    )
