"""Persisted documents: Apollo's automatic persisted queries (APQ) and trusted documents.

    persisted_queries:
      apq: true                                  # register-on-miss, as Apollo's protocol
      trusted_documents: [ops/manifest.json]     # Apollo's persisted-query manifest or Relay's {id: text}
      require_trusted: false                     # true: only documents of a manifest run

A request names its document by `extensions.persistedQuery.sha256Hash` (APQ) or `documentId`
(trusted documents; `sha256:<hash>` or a manifest's own id) instead of sending `query`:

    hash known (manifest, or registered)  the document runs
    APQ hash unknown                      PERSISTED_QUERY_NOT_FOUND (200): send it again with `query`
    `query` and a hash that is not its    400 PERSISTED_QUERY_HASH_MISMATCH
    `query` with its hash                 registered (in the cache backend), then runs
    trusted-only, document not listed     400 PERSISTED_QUERY_NOT_IN_LIST / QUERY_NOT_IN_SAFELIST

Over GET (`?extensions={"persistedQuery":…}&variables=…`) a query is a plain URL a CDN can cache.
APQ registrations live in the cache backend (`cache.backend`, shared through Redis).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from ...config.declare import setting
from ...errors import error_dict
from ...hooks import Plugin, RequestContext
from ...messages import GraphQLRequest, GraphQLResult
from ..cache.backend import Store
from ..cache.config import CacheConfig
from .manifests import Manifest, load_manifests

log = logging.getLogger("govgraph.persisted")
PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
PERSISTED_QUERY_HASH_MISMATCH = "PERSISTED_QUERY_HASH_MISMATCH"
PERSISTED_QUERY_NOT_IN_LIST = "PERSISTED_QUERY_NOT_IN_LIST"
QUERY_NOT_IN_SAFELIST = "QUERY_NOT_IN_SAFELIST"
APQ_TTL = 7 * 24 * 3600.0  # a registration lives a week after its last registration


@dataclass(frozen=True)
class PersistedQueriesConfig:
    """Documents sent by hash or id instead of text."""

    apq: bool = setting(True, doc="Automatic persisted queries (Apollo's protocol).")
    trusted_documents: tuple[str, ...] = setting(
        (),
        doc="Manifest files loaded at start: Apollo's persisted-query manifest JSON or Relay's `{id: text}`.",
        example=["ops/persisted-query-manifest.json"],
    )
    require_trusted: bool = setting(False, doc="Refuse every operation that is not in a manifest.")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def refusal(message: str, code: str, status: int = 400) -> GraphQLResult:
    return GraphQLResult(errors=[error_dict(message, code)], executed=False, status=status)


class PersistedQueriesPlugin(Plugin):
    name = "persisted_queries"
    Config = PersistedQueriesConfig

    def __init__(
        self, config: PersistedQueriesConfig | None = None, cache: CacheConfig | None = None
    ) -> None:
        super().__init__(config)
        self.store = Store((cache or CacheConfig()).store)  # `build_plugins` shares the cache's
        self.manifest: Manifest = load_manifests(self.config.trusted_documents)
        self.registered = self.found = self.not_found = 0

    async def close(self) -> None:
        await self.store.close()

    async def on_request(self, ctx: RequestContext) -> GraphQLResult | None:
        request = ctx.request
        extensions = request.extensions or {}
        persisted = extensions.get("persistedQuery")
        wanted = request.document_id or _hash_of(persisted)
        if persisted is not None and wanted is None:
            return refusal("`extensions.persistedQuery` needs a `sha256Hash` string.", "BAD_REQUEST")
        if not request.query:
            if wanted is None:
                return None
            return await self._by_id(ctx, wanted, persisted is not None)
        if wanted is not None and persisted is not None:
            if sha256(request.query) != wanted:
                return refusal(
                    "The provided sha256Hash does not match the query.", PERSISTED_QUERY_HASH_MISMATCH
                )
            if self.config.apq and not self.config.require_trusted:
                await self.store.keep("q:" + wanted, request.query, APQ_TTL)
                self.registered += 1
        if self.config.require_trusted and not self.manifest.has_text(request.query):
            return refusal(
                "Only trusted documents run on this gateway; this one is not.", QUERY_NOT_IN_SAFELIST
            )
        return None

    async def _by_id(self, ctx: RequestContext, wanted: str, apq: bool) -> GraphQLResult | None:
        """Fill in the text of the document named `wanted`, or answer why not."""
        text = self.manifest.text(wanted)
        if text is None and self.config.require_trusted:
            return refusal(
                f"The document {wanted!r} is not in the trusted list.", PERSISTED_QUERY_NOT_IN_LIST
            )
        if text is None and apq and self.config.apq:
            found = await self.store.get("q:" + wanted.removeprefix("sha256:"))
            text = found if isinstance(found, str) else None
        if text is None:
            self.not_found += 1
            if not self.config.apq and not self.manifest:
                return None  # the engine answers PERSISTED_QUERY_NOT_SUPPORTED
            if apq:
                return refusal("PersistedQueryNotFound", PERSISTED_QUERY_NOT_FOUND, status=200)
            return refusal(f"The document {wanted!r} is not known.", PERSISTED_QUERY_NOT_IN_LIST)
        self.found += 1
        ctx.request = dataclasses.replace(ctx.request, query=text)
        return None


def _hash_of(persisted: Any) -> str | None:
    if not isinstance(persisted, dict):
        return None
    value = persisted.get("sha256Hash")
    return value.lower() if isinstance(value, str) and value else None


__all__ = ["GraphQLRequest", "PersistedQueriesConfig", "PersistedQueriesPlugin"]
