"""The response cache: whole results of queries.

Key: `r:<scope>:<sha256 of (the operation's printed document, operation name, variables)>` —
the scope `public` or the request's private scope, both looked up. A result is kept only when
nothing went wrong (no errors, nothing stale), for the least max-age of the fetches it used
(`policy.py`), privately when any part was private; listed under the entities it holds
(`tags.py`). A mutation is never cached: it invalidates the entities its result holds (and
those its entity fetches named), in the response and entity caches alike.

Responses carry `Cache-Control` (`public|private, max-age=N`, or `no-store`), `Vary` on the
private headers when private, and `Age` when served from the cache.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from typing import Any

import orjson
from graphql import print_ast

from ...cache import BoundedCache
from ...hooks import ExecuteFn, RequestContext
from ...messages import GraphQLResult, Timing
from .backend import Entry, Store
from .config import ResponseCacheConfig
from .entities import Counters
from .policy import RequestPolicy, policy_of, request_scope
from .tags import result_tags

OUTCOME = "cache.outcome"


class ResponseCache:
    def __init__(self, store: Store, config: ResponseCacheConfig, private_headers: tuple[str, ...]) -> None:
        self.store = store
        self.config = config
        self.private_headers = private_headers
        self.counters = Counters()
        self._documents = BoundedCache[int, tuple[Any, bytes]]("response-cache-documents", 1000)
        # entries as results, decoded and encoded once per stored entry: a hit copies a result
        # whose JSON body is ready, instead of decoding and re-encoding the whole body
        self._hot = BoundedCache[tuple[str, float], GraphQLResult]("response-cache-hot", 256)

    def wrap(self, next_: ExecuteFn) -> ExecuteFn:
        async def cached(ctx: RequestContext) -> GraphQLResult:
            if ctx.kind == "mutation":
                result = await next_(ctx)
                ctx.response_headers.setdefault("cache-control", "no-store")
                await self.invalidate_after(ctx, result)
                return result
            if ctx.kind != "query" or not self.config.enabled:
                result = await next_(ctx)
                self.headers(ctx, result, self.policy(ctx, result), request_scope(ctx, self.private_headers))
                return result
            return await self.answer(ctx, next_)

        return cached

    def digest(self, ctx: RequestContext) -> str:
        compiled = ctx.state["compiled"]
        found = self._documents.get(id(compiled))
        if found is None or found[0] is not compiled:
            found = (compiled, print_ast(compiled.prepared.document).encode())
            self._documents.put(id(compiled), found)
        variables = orjson.dumps(ctx.variables, option=orjson.OPT_SORT_KEYS, default=str)
        name = (ctx.request.operation_name or "").encode()
        return hashlib.sha256(b"\0".join((found[1], name, variables))).hexdigest()

    async def answer(self, ctx: RequestContext, next_: ExecuteFn) -> GraphQLResult:
        scope = request_scope(ctx, self.private_headers)
        digest = self.digest(ctx)
        keys = [f"r:public:{digest}"] + ([f"r:{scope}:{digest}"] if scope else [])
        started = time.perf_counter()
        now = time.time()
        found = [(k, e) for k, e in zip(keys, await self.store.get_many(keys), strict=True) if e]
        entries = [(k, e) for k, e in found if e["f"] > now]
        if entries:
            key, entry = max(entries, key=lambda pair: pair[1]["f"])
            self.counters.hits += 1
            ctx.state[OUTCOME] = "hit"
            ctx.response_headers.setdefault(
                "cache-control", f"{'private' if entry['p'] else 'public'}, max-age={int(entry['f'] - now)}"
            )
            ctx.response_headers.setdefault("age", str(max(int(now - entry["s"]), 0)))
            if entry["p"]:
                ctx.response_headers.setdefault("vary", ", ".join(self.private_headers))
            return self.result_of(key, entry, Timing(time.perf_counter() - started, 0.0))
        self.counters.misses += 1
        result = await next_(ctx)
        policy = self.policy(ctx, result)
        if self.headers(ctx, result, policy, scope):
            tags = policy.tags | self.tags_of(ctx, result)
            body = result.encoded().decode()  # kept encoded: a hit sends these bytes as they are
            value = {"b": body, "f": now + (policy.ttl or 0), "s": now, "p": policy.private}
            key = f"r:{scope}:{digest}" if policy.private else keys[0]
            await self.store.set_many([Entry(key, value, policy.ttl or 0, tuple(tags))])
        return result

    def result_of(self, key: str, entry: dict[str, Any], timing: Timing) -> GraphQLResult:
        """The stored response as a result whose encoded body is ready (decoded once per entry)."""
        hot = self._hot.get((key, entry["s"]))
        if hot is None:
            body: str = entry["b"]
            hot = GraphQLResult(data=orjson.loads(body).get("data"), _encoded=body.encode())
            self._hot.put((key, entry["s"]), hot)
        return dataclasses.replace(hot, timing=timing)

    def policy(self, ctx: RequestContext, result: GraphQLResult) -> RequestPolicy:
        """This request's policy; a follower of a de-duplicated execution (which sent nothing
        itself) gets its leader's, complete once the shared result exists."""
        return policy_of(ctx.leader if ctx.leader is not None else ctx)

    def headers(
        self, ctx: RequestContext, result: GraphQLResult, policy: RequestPolicy, scope: str | None
    ) -> bool:
        """Set `Cache-Control` (and `Vary`); whether the result may be kept."""
        keep = (
            not result.errors
            and result.executed
            and result.subsequent is None  # `@defer`: only the first part is here
            and policy.fetches > 0
            and not policy.stale
            and (policy.ttl or 0) > 0
            and (scope is not None or not policy.private)
        )
        if not keep:
            ctx.response_headers.setdefault("cache-control", "no-store")
            return False
        kind = "private" if policy.private else "public"
        ctx.response_headers.setdefault("cache-control", f"{kind}, max-age={int(policy.ttl or 0)}")
        if policy.private:
            ctx.response_headers.setdefault("vary", ", ".join(self.private_headers))
        return True

    def tags_of(self, ctx: RequestContext, result: GraphQLResult) -> set[str]:
        compiled = ctx.state.get("compiled")
        if compiled is None or not isinstance(result.data, dict):
            return set()
        prepared = compiled.prepared
        return result_tags(
            compiled.shaper.schema,
            compiled.root_type,
            result.data,
            prepared.operation.selection_set,
            prepared.fragments,
        )

    async def invalidate_after(self, ctx: RequestContext, result: GraphQLResult) -> None:
        """The entities a mutation's result holds (and its entity fetches named) are stale now."""
        tags = policy_of(ctx).tags | self.tags_of(ctx, result)
        if tags:
            await self.store.invalidate([[t] for t in sorted(tags)])
