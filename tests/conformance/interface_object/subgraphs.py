"""Subgraphs for the `interface_object` scenario: a photo/video archive.

- `media` owns entity interface `Asset @key(id)` and its implementations `Photo` and `Clip`.
- `usage` sees `Asset` only as an `@interfaceObject`: adds `downloads` to every implementation, and
  `sizeLabel` that `@requires` media's `bytes`; its root `mostDownloaded` returns interface objects.
- `licensing` has `Asset @interfaceObject` with a non-resolvable key: it can only hand out references.
- `credits` extends the concrete `Photo` only; reaching it from a `licensing` reference is the
  indirect extension (licensing -> media for the concrete type -> credits).
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.asgi import GraphQL
from strawberry.federation.schema_directives import Key

PHOTOS = {"ph-1": ("Harbour at dawn", 2_400_000, 4000), "ph-2": ("Old town hall", 800_000, 1600)}
CLIPS = {"cl-1": ("Ferry arrival", 52_000_000, 45)}
DOWNLOADS = {"ph-1": 120, "ph-2": 15, "cl-1": 300}
LICENSES = [("CC-BY", ["ph-1", "cl-1"]), ("ALL-RIGHTS", ["ph-2"])]
PHOTOGRAPHERS = {"ph-1": "Mira Holm", "ph-2": "Tor Berg"}


# --- media ----------------------------------------------------------------------------------------


@strawberry.federation.interface(keys=["id"])
class Asset:
    id: strawberry.ID
    title: str
    bytes: int

    @strawberry.field
    def caption(self) -> str:
        return caption(self.id)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Asset:
        return media_asset(id)


@strawberry.federation.type(keys=["id"])
class Photo(Asset):
    width: int

    @strawberry.federation.field(shareable=True)
    def caption(self) -> str:
        return caption(self.id)


@strawberry.federation.type(keys=["id"])
class Clip(Asset):
    seconds: int

    @strawberry.federation.field(shareable=True)
    def caption(self) -> str:
        return caption(self.id)


def caption(id: str) -> str:
    """The same in media and usage (a shareable field of the interface and the interface object)."""
    return f"#{id}"


def media_asset(id: str) -> Asset:
    if id in PHOTOS:
        title, size, width = PHOTOS[id]
        return Photo(id=strawberry.ID(id), title=title, bytes=size, width=width)
    title, size, seconds = CLIPS[id]
    return Clip(id=strawberry.ID(id), title=title, bytes=size, seconds=seconds)


@strawberry.type
class MediaQuery:
    @strawberry.field
    def assets(self) -> list[Asset]:
        return [media_asset(i) for i in ["ph-1", "cl-1", "ph-2"]]

    @strawberry.field
    def asset(self, id: strawberry.ID) -> Asset | None:
        return media_asset(id) if id in PHOTOS or id in CLIPS else None


media = strawberry.federation.Schema(query=MediaQuery, types=[Photo, Clip], federation_version="2.3")


# --- usage ----------------------------------------------------------------------------------------


@strawberry.federation.interface_object(keys=["id"], name="Asset")
class UsageAsset:
    id: strawberry.ID
    bytes: int = strawberry.federation.field(external=True, default=None)

    @strawberry.field
    def downloads(self) -> int:
        return DOWNLOADS[self.id]

    @strawberry.federation.field(shareable=True)
    def caption(self) -> str:
        return caption(self.id)

    @strawberry.federation.field(requires=["bytes"])
    def size_label(self) -> str:
        assert self.bytes is not None, "bytes was not provided"
        return f"{self.bytes / 1_000_000:.1f} MB"

    @classmethod
    def resolve_reference(cls, id: strawberry.ID, **rep: Any) -> UsageAsset:
        return cls(id=id, bytes=rep.get("bytes"))


@strawberry.type
class UsageQuery:
    @strawberry.field
    def most_downloaded(self, first: int = 2) -> list[UsageAsset]:
        ranked = sorted(DOWNLOADS, key=lambda i: -DOWNLOADS[i])[:first]
        return [UsageAsset(id=strawberry.ID(i)) for i in ranked]


usage = strawberry.federation.Schema(query=UsageQuery, federation_version="2.3")


# --- licensing ------------------------------------------------------------------------------------


@strawberry.federation.interface_object(keys=[Key(fields="id", resolvable=False)], name="Asset")
class LicensedAsset:
    id: strawberry.ID


@strawberry.type
class License:
    code: str
    assets: list[LicensedAsset]


@strawberry.type
class LicensingQuery:
    @strawberry.field
    def licenses(self) -> list[License]:
        return [
            License(code=code, assets=[LicensedAsset(id=strawberry.ID(i)) for i in ids])
            for code, ids in LICENSES
        ]


licensing = strawberry.federation.Schema(query=LicensingQuery, federation_version="2.3")


# --- credits --------------------------------------------------------------------------------------


@strawberry.federation.type(keys=["id"], name="Photo")
class CreditedPhoto:
    id: strawberry.ID

    @strawberry.field
    def photographer(self) -> str:
        return PHOTOGRAPHERS[self.id]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> CreditedPhoto:
        return cls(id=id)


@strawberry.type
class CreditsQuery:
    @strawberry.field
    def photographers(self) -> list[str]:
        return sorted(set(PHOTOGRAPHERS.values()))

    @strawberry.field
    def featured_photo(self) -> CreditedPhoto | None:
        return CreditedPhoto(id=strawberry.ID("ph-1"))


credits = strawberry.federation.Schema(query=CreditsQuery, types=[CreditedPhoto], federation_version="2.3")

SCHEMAS = {"media": media, "usage": usage, "licensing": licensing, "credits": credits}
APPS = {name: GraphQL(schema) for name, schema in SCHEMAS.items()}
