"""Per-request DataLoaders: each batch of keys is one lookup pass over the export index."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from strawberry.dataloader import DataLoader

from subgraphs.transport.client import CitizenFacts, TransportStore
from subgraphs.transport.records import CorruptRecord, OwnershipRecord, TransportIndex, VehicleRecord


@dataclass
class Loaders:
    vehicles: DataLoader[str, VehicleRecord | CorruptRecord | None]
    owners: DataLoader[str, OwnershipRecord | CorruptRecord | None]
    citizens: DataLoader[str, CitizenFacts]


def make_loaders(store: TransportStore, index: TransportIndex) -> Loaders:
    """Loaders bound to one index snapshot, so a request never mixes two exports."""

    async def vehicles(keys: Sequence[str]) -> list[VehicleRecord | CorruptRecord | None]:
        return store.vehicles(index, keys)

    async def owners(keys: Sequence[str]) -> list[OwnershipRecord | CorruptRecord | None]:
        return store.owners(index, keys)

    async def citizens(keys: Sequence[str]) -> list[CitizenFacts]:
        return store.citizens(index, keys)

    return Loaders(DataLoader(vehicles), DataLoader(owners), DataLoader(citizens))
