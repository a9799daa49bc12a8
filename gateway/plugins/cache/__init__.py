"""Caching: whole responses (`response.py`, around execution) and entities (`entities.py`,
around each subgraph's `_entities` calls), in one backend (`backend.py`: memory or Redis),
invalidated by entity type and key after mutations and through an admin endpoint.

    cache:
      backend: redis                       # memory (per process, LRU-bounded) | redis (shared)
      redis: {url: "${REDIS_URL}", key_prefix: "govgraph:cache:"}
      memory: {max_entries: 10000, max_bytes: 67108864}
      response: {enabled: true, default_ttl: 0}
      entities:
        subgraphs: {registry: {ttl: 60}, services: {}}   # {}: the subgraph's Cache-Control decides
        stale_if_error: 300
      invalidation: {token_env: GOVGRAPH_CACHE_TOKEN}

`POST /_govgraph/cache/invalidate` (`Authorization: Bearer <token>`) with
`{"type": "Citizen", "key": {"id": "…"}}` or `{"entities": [{"type": …, "key": {…}}, …]}`
drops every response and entity entry listed under that entity; `{"invalidated": n}`.

Responses say what happened in `Server-Timing: cache;desc=hit|miss|partial|stale`; `stats()`
counts hits, misses and stale answers per cache and per subgraph.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from ...hooks import ExecuteFn, FetchFn, Plugin, RequestContext, SubgraphRequest
from ...messages import GraphQLResult, SubgraphHttpAnswer
from .backend import Store
from .config import CacheConfig
from .entities import Counters, EntityCache, discloses, entity_tags, is_entity_fetch, tag
from .policy import Verdict, parse_cache_control, policy_of, request_scope, verdict
from .response import OUTCOME, ResponseCache

INVALIDATE_PATH = "/_govgraph/cache/invalidate"


@dataclass(frozen=True)
class CacheStatistics:
    response: Counters
    entities: Mapping[str, Counters]
    backend_failures: int
    memory_bytes: int


class CachePlugin(Plugin):
    name = "cache"
    Config = CacheConfig

    def __init__(self, config: CacheConfig | None = None) -> None:
        super().__init__(config)
        self.store = Store(self.config.store)
        self.responses = ResponseCache(self.store, self.config.response, self.private_headers)
        entities = self.config.entities
        self.entity_caches = {
            name: EntityCache(
                self.store,
                name,
                sub.ttl,
                entities.stale_if_error,
                self.private_headers,
                default_ttl=self.config.response.default_ttl,
            )
            for name, sub in entities.subgraphs.items()
        }

    @property
    def private_headers(self) -> tuple[str, ...]:
        return tuple(name.lower() for name in self.config.private_headers)

    def stats(self) -> CacheStatistics:
        return CacheStatistics(
            self.responses.counters,
            {name: cache.counters for name, cache in self.entity_caches.items()},
            self.store.failures,
            self.store.bytes,
        )

    def request_key(self, ctx: RequestContext) -> Hashable | None:
        """Requests of different scopes never share an execution (de-duplication)."""
        return request_scope(ctx, self.private_headers)

    def wrap_execution(self, next_: ExecuteFn) -> ExecuteFn:
        return self.responses.wrap(next_)

    def wrap_subgraph(self, service: str, next_: FetchFn) -> FetchFn:
        recorded = self._recording(next_)
        cache = self.entity_caches.get(service)
        if cache is None:
            return recorded

        async def fetch(request: SubgraphRequest) -> SubgraphHttpAnswer:
            if is_entity_fetch(request):
                return await cache.fetch(request, next_)
            return await recorded(request)

        return fetch

    def _recording(self, next_: FetchFn) -> FetchFn:
        """Note what the answer's `Cache-Control` allows, for the response's policy."""
        default = self.config.response.default_ttl
        headers = self.private_headers

        async def recorded(request: SubgraphRequest) -> SubgraphHttpAnswer:
            answer = await next_(request)
            private = request_scope(request.context, headers) is not None
            policy = policy_of(request.context)
            policy.add(verdict(parse_cache_control(answer.cache_control), private, None, default))
            if discloses(answer):  # personal data with an audit record to write: never cached
                policy.add(Verdict(0.0, True))
            if is_entity_fetch(request):
                for rep in (request.variables or {}).get("representations", ()):
                    if isinstance(rep, dict):
                        policy.tags.update(entity_tags(rep))
            return answer

        return recorded

    async def on_response(self, ctx: RequestContext, result: GraphQLResult) -> None:
        outcome = ctx.state.get(OUTCOME)
        if outcome is None:
            policy = ctx.state.get("cache.policy")
            if policy is None and not (self.config.response.enabled and ctx.kind == "query"):
                return
            outcome = policy.outcome() if policy is not None else "miss"
        timing = ctx.response_headers.get("server-timing")
        entry = f"cache;desc={outcome}"
        ctx.response_headers["server-timing"] = f"{timing}, {entry}" if timing else entry

    def routes(self) -> Sequence[BaseRoute]:
        if not self.config.invalidation.token_env:
            return ()
        return [Route(INVALIDATE_PATH, self._invalidate_endpoint, methods=["POST"])]

    async def _invalidate_endpoint(self, request: Request) -> JSONResponse:
        env = self.config.invalidation.token_env
        token = os.environ.get(env or "", "")
        given = request.headers.get("authorization", "")
        if not token or not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return JSONResponse(
                {"error": "a valid bearer token is required"},
                status_code=401,
                headers={"www-authenticate": "Bearer"},
            )
        try:
            body = orjson.loads(await request.body())
            groups = invalidation_groups(body)
        except (orjson.JSONDecodeError, ValueError, TypeError, AttributeError) as error:
            return JSONResponse(
                {"error": f"expected {{type, key}} or {{entities: [...]}}: {error}"}, status_code=400
            )
        return JSONResponse({"invalidated": await self.invalidate(groups)})

    async def invalidate(self, groups: list[list[str]]) -> int:
        return await self.store.invalidate(groups)

    async def close(self) -> None:
        await self.store.close()


def invalidation_groups(body: Any) -> list[list[str]]:
    """`{type, key}` or `{entities: [{type, key}, ...]}` -> one tag group per entity."""
    entities = body.get("entities") if "entities" in body else [body]
    groups: list[list[str]] = []
    for entity in entities:
        typename, key = entity["type"], entity["key"]
        if not isinstance(typename, str) or not isinstance(key, dict) or not key:
            raise ValueError("each entity needs a `type` and a non-empty `key` object")
        groups.append([tag(typename, name, value) for name, value in sorted(key.items())])
    return groups


__all__ = ["CacheConfig", "CachePlugin", "CacheStatistics"]
