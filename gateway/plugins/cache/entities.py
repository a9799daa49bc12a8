"""The entity cache: each representation of an `_entities` fetch is an entry of its own.

Key: `e:<scope>:<sha256 of (subgraph, fetch text, other variables, representation)>`, the scope
`public` or the request's private scope. A call finding some entries sends only the missing (or
expired) representations and merges the answers back at their positions — the body the executor
gets is the one the subgraph would have sent for the whole call, errors re-pathed. When the
subgraph fails or times out and `stale_if_error` kept every missing entity, those are served
with a warning in the response's `extensions.warnings`; otherwise the failure stands.

Each entry is tagged `Type:field=value` per scalar field of its representation (the key fields,
and `@requires` fields), which is how invalidation by type and key finds it.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from ...cache import memoize
from ...federation.table import ENTITIES_FIELD, REPRESENTATIONS_ARGUMENT
from ...hooks import FetchFn, SubgraphRequest
from ...messages import SubgraphHttpAnswer
from .backend import Entry, Store
from .policy import Verdict, parse_cache_control, policy_of, request_scope, verdict

STALE_ENTITIES = "STALE_ENTITIES"


@dataclass(slots=True)
class Counters:
    """Hits, misses and stale answers of one cache (or one subgraph's entities)."""

    hits: int = 0
    misses: int = 0
    stale: int = 0


def entity_tags(representation: dict[str, Any]) -> Iterator[str]:
    typename = representation.get("__typename")
    for name, value in representation.items():
        if name != "__typename" and not isinstance(value, dict | list):
            yield tag(str(typename), name, value)


def tag(typename: str, name: str, value: Any) -> str:
    return f"{typename}:{name}={orjson.dumps(value).decode()}"


OPERATION_NAME = re.compile(r"^query [_A-Za-z][_0-9A-Za-z]*(?=[({])")


@memoize("entity-selection-texts", 1000)
def selection_text(query: str) -> str:
    """The fetch's text without its operation name (named after the client's operation): one
    entity asked with the same selection by different operations is one entry."""
    return OPERATION_NAME.sub("query", query, count=1)


def is_entity_fetch(request: SubgraphRequest) -> bool:
    variables = request.variables
    return (
        request.kind == "query"
        and variables is not None
        and isinstance(variables.get(REPRESENTATIONS_ARGUMENT), list)
        and ENTITIES_FIELD in request.query
    )


@dataclass(slots=True)
class Lookup:
    """One call's representations and what the store had for each."""

    keys: list[str]
    entries: list[dict[str, Any] | None]
    now: float

    def fresh(self, position: int) -> bool:
        entry = self.entries[position]
        return entry is not None and entry["f"] > self.now


@dataclass
class EntityCache:
    """One subgraph's entities."""

    store: Store
    service: str
    ttl: float | None
    stale_if_error: float
    private_headers: tuple[str, ...]
    default_ttl: float = 0.0  # for the response's policy only, when the answer says nothing
    counters: Counters = field(default_factory=Counters)

    async def lookup(self, request: SubgraphRequest, representations: list[Any]) -> Lookup:
        scope = request_scope(request.context, self.private_headers)
        others = {k: v for k, v in (request.variables or {}).items() if k != REPRESENTATIONS_ARGUMENT}
        text = selection_text(request.query)
        base = orjson.dumps([self.service, text, others], option=orjson.OPT_SORT_KEYS)
        digests = [
            hashlib.sha256(base + orjson.dumps(rep, option=orjson.OPT_SORT_KEYS)).hexdigest()
            for rep in representations
        ]
        public = [f"e:public:{d}" for d in digests]
        private = [f"e:{scope}:{d}" for d in digests] if scope else []
        found = await self.store.get_many(public + private)
        entries: list[dict[str, Any] | None] = []
        keys: list[str] = []
        for i, key in enumerate(public):
            mine = found[len(public) + i] if private else None
            entries.append(_fresher(found[i], mine))
            keys.append(private[i] if private else key)
        return Lookup(keys if scope else public, entries, time.time())

    async def fetch(self, request: SubgraphRequest, next_: FetchFn) -> SubgraphHttpAnswer:
        assert request.variables is not None
        representations: list[Any] = request.variables[REPRESENTATIONS_ARGUMENT]
        lookup = await self.lookup(request, representations)
        policy = policy_of(request.context)
        for rep in representations:
            if isinstance(rep, dict):
                policy.tags.update(entity_tags(rep))
        missing = [i for i in range(len(representations)) if not lookup.fresh(i)]
        self.counters.hits += len(representations) - len(missing)
        self.counters.misses += len(missing)
        policy.hits += len(representations) - len(missing)
        policy.misses += len(missing)
        merged: list[Any] = [entry["v"] if entry is not None else None for entry in lookup.entries]
        for i in range(len(representations)):
            if i not in missing:
                entry = lookup.entries[i]
                assert entry is not None
                policy.add(Verdict(entry["f"] - lookup.now, bool(entry["p"])))
        errors: list[dict[str, Any]] = []
        extensions: Extensions = {}
        if missing:
            failed = await self._fill(
                request, next_, representations, missing, lookup, merged, errors, extensions
            )
            if failed is not None:
                return failed
        body: dict[str, Any] = {"data": {ENTITIES_FIELD: merged}}
        if errors:
            body["errors"] = errors
        if extensions:  # e.g. the subgraph's report of personal data it disclosed, for the audit trail
            body["extensions"] = extensions
        return SubgraphHttpAnswer(200, orjson.dumps(body))

    async def _fill(
        self,
        request: SubgraphRequest,
        next_: FetchFn,
        representations: list[Any],
        missing: list[int],
        lookup: Lookup,
        merged: list[Any],
        errors: list[dict[str, Any]],
        extensions: Extensions,
    ) -> SubgraphHttpAnswer | None:
        """Fetch the `missing` positions into `merged` (and `errors`); an answer to return instead
        when the subgraph failed and stale entries cannot stand in."""
        subset = _subset(request, [representations[i] for i in missing])
        answer = await next_(subset if len(missing) < len(representations) else request)
        entities, their_errors, their_extensions = _entities_of(answer, len(missing))
        if entities is None:
            if self.stale_if_error and all(lookup.entries[i] is not None for i in missing):
                self._serve_stale(request, missing, lookup)
                return None
            return answer
        scope = request_scope(request.context, self.private_headers)
        directives = parse_cache_control(answer.cache_control)
        found = verdict(directives, scope is not None, self.ttl)
        policy_of(request.context).add(verdict(directives, scope is not None, self.ttl, self.default_ttl))
        storable = found.ttl > 0 and (scope is not None or not found.private)
        if "govgraph" in their_extensions:  # personal data reported: never kept (see `discloses`)
            extensions.update(their_extensions)
            storable = False
            policy_of(request.context).add(Verdict(0.0, True))
        erroneous = set()
        for error in their_errors:
            path = error.get("path")
            at = path[1] if isinstance(path, list) and len(path) >= 2 else None
            if isinstance(path, list) and isinstance(at, int) and 0 <= at < len(missing):
                erroneous.add(path[1])
                error = {**error, "path": [path[0], missing[path[1]], *path[2:]]}
            errors.append(error)
        keep: list[Entry] = []
        for position, entity in zip(missing, entities, strict=True):
            merged[position] = entity
            if storable and position not in erroneous:
                keep.append(self._entry(lookup, position, representations[position], entity, found))
        await self.store.set_many(keep)
        return None

    def _entry(self, lookup: Lookup, position: int, rep: Any, entity: Any, found: Verdict) -> Entry:
        key = lookup.keys[position]
        if not found.private:
            key = "e:public:" + key.rsplit(":", 1)[1]
        value = {"v": entity, "f": lookup.now + found.ttl, "p": found.private}
        tags = tuple(entity_tags(rep)) if isinstance(rep, dict) else ()
        return Entry(key, value, found.ttl + self.stale_if_error, tags)

    def _serve_stale(self, request: SubgraphRequest, missing: list[int], lookup: Lookup) -> None:
        policy = policy_of(request.context)
        policy.stale = True
        policy.add(Verdict(0.0, True))
        self.counters.stale += len(missing)
        warnings = request.context.extensions.setdefault("warnings", [])
        warnings.append(
            {
                "message": f"subgraph '{self.service}' failed: {len(missing)} cached entities served "
                "past their lifetime",
                "code": STALE_ENTITIES,
                "serviceName": self.service,
            }
        )


def _fresher(public: Any, private: Any) -> Any:
    if public is None:
        return private
    if private is None:
        return public
    return public if public["f"] >= private["f"] else private


def _subset(request: SubgraphRequest, representations: list[Any]) -> SubgraphRequest:
    variables = {**(request.variables or {}), REPRESENTATIONS_ARGUMENT: representations}
    return SubgraphRequest(
        request.service,
        request.query,
        variables,
        request.kind,
        request.context,
        headers=request.headers,
        operation_name=request.operation_name,
    )


Extensions = dict[str, Any]


def _entities_of(
    answer: SubgraphHttpAnswer, expected: int
) -> tuple[list[Any] | None, list[dict[str, Any]], Extensions]:
    """The answer's `_entities` (None when the call failed), its errors and its extensions."""
    if answer.failure is not None or answer.status >= 500:
        return None, [], {}
    try:
        payload = orjson.loads(answer.body)
    except orjson.JSONDecodeError:
        return None, [], {}
    data = payload.get("data") if isinstance(payload, dict) else None
    entities = data.get(ENTITIES_FIELD) if isinstance(data, dict) else None
    if not isinstance(entities, list) or len(entities) != expected:
        return None, [], {}
    errors = payload.get("errors") or []
    extensions = payload.get("extensions")
    clean = [e for e in errors if isinstance(e, dict)] if isinstance(errors, list) else []
    return entities, clean, extensions if isinstance(extensions, dict) else {}


def discloses(answer: SubgraphHttpAnswer) -> bool:
    """The subgraph reported a disclosure of personal data (`extensions.govgraph`): such an answer
    is never cached — a cached copy would serve personal data without its audit record."""
    if b'"govgraph"' not in answer.body:
        return False
    try:
        payload = orjson.loads(answer.body)
    except orjson.JSONDecodeError:
        return False
    extensions = payload.get("extensions") if isinstance(payload, dict) else None
    return isinstance(extensions, dict) and "govgraph" in extensions
