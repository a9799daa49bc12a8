"""Per-request DataLoaders: every batch of keys becomes one SQL query."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from strawberry.dataloader import DataLoader

from subgraphs.registry.client import AddressRecord, PersonRecord, RegistryClient


@dataclass
class Loaders:
    person: DataLoader[str, PersonRecord | None]
    addresses: DataLoader[int, list[AddressRecord]]
    children: DataLoader[int, list[PersonRecord]]
    parents: DataLoader[int, list[PersonRecord]]
    household: DataLoader[int, list[PersonRecord]]


def make_loaders(client: RegistryClient) -> Loaders:
    async def persons(codes: Sequence[str]) -> list[PersonRecord | None]:
        found = await client.persons_by_code(codes)
        return [found.get(code) for code in codes]

    async def addresses(keys: Sequence[int]) -> list[list[AddressRecord]]:
        found = await client.addresses(keys)
        return [found.get(key, []) for key in keys]

    async def children(keys: Sequence[int]) -> list[list[PersonRecord]]:
        found = await client.relatives(keys, children=True)
        return [found.get(key, []) for key in keys]

    async def parents(keys: Sequence[int]) -> list[list[PersonRecord]]:
        found = await client.relatives(keys, children=False)
        return [found.get(key, []) for key in keys]

    async def household(keys: Sequence[int]) -> list[list[PersonRecord]]:
        found = await client.persons_by_household(keys)
        return [found.get(key, []) for key in keys]

    return Loaders(
        person=DataLoader(persons),
        addresses=DataLoader(addresses),
        children=DataLoader(children),
        parents=DataLoader(parents),
        household=DataLoader(household),
    )
