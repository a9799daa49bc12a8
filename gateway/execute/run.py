"""The executor: walks a `QueryPlan`, sends fetches, merges answers into one tree.

All of the gateway's I/O happens here. `Sequence` runs in order, `Parallel`
concurrently, `Flatten` gathers the objects at its paths, builds and de-duplicates
their representations, sends one `_entities` call and merges each answer back into
every object it came from. Subgraph errors are re-pathed to the client's paths and
carry `extensions.serviceName`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Mapping
from typing import Any

from .. import errors as codes
from ..federation.table import ENTITIES_FIELD, REPRESENTATIONS_ARGUMENT
from ..hooks import FetchFn, Hooks, RequestContext, SubgraphRequest
from ..messages import SubgraphResponse
from ..plan.nodes import (
    Defer,
    Fetch,
    Flatten,
    Parallel,
    PlanNode,
    Rename,
    Sequence,
    Subscription,
)
from ..shape.fields import NULLED
from .fetch import parse_answer
from .representations import RepresentationSet

Path = list[str | int]
Origin = tuple[dict[str, Any], Path]
EVENT = "subscription.event"  # ctx.state: (SubgraphRequest, SubgraphResponse) of the event being run


class Execution:
    """One client request's run of a plan: `fetchers` send to each subgraph through the
    plugins' subgraph hooks."""

    def __init__(
        self,
        fetchers: Mapping[str, FetchFn],
        hooks: Hooks,
        ctx: RequestContext,
    ) -> None:
        self.fetchers = fetchers
        self.hooks = hooks
        self.ctx = ctx
        self.variables = ctx.variables
        self.data: dict[str, Any] = {}
        self.errors: list[dict[str, Any]] = []
        self.halt_paths: list[tuple[str, ...]] = []  # mutations run so far: a null here stops the rest

    async def run(self, node: PlanNode | None) -> float:
        """Run `node`; return the seconds spent waiting for subgraphs on its critical path."""
        if node is None:
            return 0.0
        if isinstance(node, Fetch):
            return await self.root_fetch(node)
        if isinstance(node, Flatten):
            return await self.entity_fetch(node)
        if isinstance(node, Sequence):
            waited = 0.0
            for child in node.nodes:
                waited += await self.run(child)
            return waited
        if isinstance(node, Parallel):
            return max(await asyncio.gather(*(self.run(child) for child in node.nodes)), default=0.0)
        if isinstance(node, Defer):  # all at once (parts are the engine's: engine/incremental.py)
            steps = (node.primary, *(d.node for d in node.deferred))
            return await self.run(Sequence(tuple(step for step in steps if step is not None)))
        if isinstance(node, Subscription):
            return await self.subscription_event(node)
        branch = node.if_true if self.variables.get(node.variable) else node.if_false
        return await self.run(branch)

    def fetch_variables(self, fetch: Fetch) -> dict[str, Any]:
        return {name: self.variables[name] for name in fetch.variable_usages if name in self.variables}

    async def send(self, fetch: Fetch, variables: dict[str, Any]) -> tuple[SubgraphResponse, float]:
        request = SubgraphRequest(fetch.service, fetch.operation, variables, fetch.operation_kind, self.ctx)
        for hook in self.hooks.on_subgraph_request:
            hook(request)
        started = time.perf_counter()
        answer = await self.fetchers[fetch.service](request)
        waited = time.perf_counter() - started
        response = parse_answer(fetch.service, answer)
        for after in self.hooks.on_subgraph_response:
            after(request, response)
        return response, waited

    async def root_fetch(self, fetch: Fetch) -> float:
        if self.halt_paths and self.halted():
            return 0.0
        self.halt_paths.extend(fetch.halt_paths)
        response, waited = await self.send(fetch, self.fetch_variables(fetch))
        self.accept_root(fetch, response)
        return waited

    async def subscription_event(self, node: Subscription) -> float:
        """One event of a subscription (`ctx.state[EVENT]`: the subgraph request and its `next`)
        is the root data; then the rest of the plan runs over it."""
        opened, response = self.ctx.state[EVENT]
        request = dataclasses.replace(opened, context=self.ctx)  # this event's context, its plugin state
        for after in self.hooks.on_subgraph_response:
            after(request, response)
        self.accept_root(node.primary, response)
        return await self.run(node.rest)

    def accept_root(self, fetch: Fetch, response: SubgraphResponse) -> None:
        if response.failure is not None:
            self.fail(fetch, response, None)
            return
        if fetch.renames is not None:
            unalias(response.data, fetch.renames)
            for error in response.errors:
                if "path" in error:
                    error["path"] = unalias_path(error["path"], fetch.renames, 0)
        if isinstance(response.data, dict):
            deep_merge(self.data, response.data)
        for error in response.errors:
            self.errors.append(_with_service(error, fetch.service, error.get("path")))

    def halted(self) -> bool:
        """A non-null mutation field already run is null: `data` is null, send nothing more."""
        for path in self.halt_paths:
            value: Any = self.data
            for key in path:
                value = value.get(key) if type(value) is dict else None
            if value is None:
                return True
        return False

    async def entity_fetch(self, node: Flatten) -> float:
        fetch = node.node
        reps = RepresentationSet(fetch.requires)
        for path in node.paths:
            for obj in collect(self.data, path):
                reps.add(obj)
        representations, origins = reps.representations, reps.origins
        if not representations:
            return 0.0
        variables = self.fetch_variables(fetch)
        variables[REPRESENTATIONS_ARGUMENT] = representations
        response, waited = await self.send(fetch, variables)
        if response.failure is not None:
            self.fail(fetch, response, self.paths_of(node, origins[0][0])[0][1])
            return waited
        entities = response.data.get(ENTITIES_FIELD) if isinstance(response.data, dict) else None
        if response.data is not None and (not isinstance(entities, list) or len(entities) != len(origins)):
            message = f"{ENTITIES_FIELD} does not match the representations sent"
            self.fail(fetch, _invalid(fetch.service, message), None)
            return waited
        if fetch.renames is not None:
            unalias(entities, fetch.renames)
            for error in response.errors:
                if "path" in error:
                    error["path"] = unalias_path(error["path"], fetch.renames, 2)
        for position, entity in enumerate(entities or ()):
            if type(entity) is dict:
                if _flat(entity):
                    for obj in origins[position]:
                        obj.update(entity)
                else:
                    for obj in origins[position]:
                        deep_merge(obj, entity)
        if response.errors:
            self.add_entity_errors(node, response.errors, origins, entities or [])
        return waited

    def paths_of(self, node: Flatten, obj: dict[str, Any]) -> list[tuple[int, Path]]:
        """Where `obj` sits: (index of the node's path, response path), found again only when an
        error needs them."""
        found = [
            (index, at)
            for index, path in enumerate(node.paths)
            for value, at in locate(self.data, path)
            if value is obj
        ]
        return found or [(0, [])]

    def add_entity_errors(
        self,
        node: Flatten,
        errors: list[dict[str, Any]],
        origins: list[list[dict[str, Any]]],
        entities: list[Any],
    ) -> None:
        """Each error at every path of its entity that asked for the failed field; an entity the
        subgraph nulled is marked (its other missing fields are collateral)."""
        service = node.node.service
        for error in errors:
            path = error.get("path")
            if not (
                isinstance(path, list)
                and len(path) >= 2
                and path[0] == ENTITIES_FIELD
                and isinstance(path[1], int)
                and 0 <= path[1] < len(origins)
            ):
                self.errors.append(_with_service(error, service, None))
                continue
            nulled = path[1] < len(entities) and entities[path[1]] is None
            keys = tuple(key for key in path[2:] if type(key) is str)
            for obj in origins[path[1]]:
                for index, origin_path in self.paths_of(node, obj):
                    if keys and node.asked and not _asked_at(node.asked, index, keys):
                        continue
                    if nulled and keys:
                        obj[NULLED] = True
                    self.errors.append(_with_service(error, service, [*origin_path, *path[2:]]))

    def fail(self, fetch: Fetch, response: SubgraphResponse, path: Path | None) -> None:
        error: dict[str, Any] = {"message": response.failure or "subgraph request failed"}
        if path is not None:
            error["path"] = path
        error["extensions"] = {
            "code": response.code or codes.SUBGRAPH_REQUEST_FAILED,
            "serviceName": fetch.service,
        }
        self.errors.append(error)


def _asked_at(asked: tuple[frozenset[tuple[str, ...]], ...], index: int, keys: tuple[str, ...]) -> bool:
    """Whether the path at `index` of a fetch merged across paths selected `keys` (an error at a
    field no path selected goes everywhere)."""
    return keys in asked[index] or not any(keys in selected for selected in asked)


def unalias(value: Any, rename: Rename) -> None:
    """Put the client's keys back where a fetch used internal aliases against field conflicts."""
    if type(value) is list:
        for item in value:
            unalias(item, rename)
        return
    if type(value) is not dict:
        return
    for key, below in rename.fields:
        child = value.get(key)
        if child is not None:
            unalias(child, below)
    for alias, original in rename.aliases:
        if alias in value:
            value[original] = value.pop(alias)


def unalias_path(path: Any, rename: Rename, start: int) -> Any:
    """An error's path with the client's keys (from `start`: past `_entities`, index)."""
    if not isinstance(path, list):
        return path
    out = list(path)
    current: Rename | None = rename
    for i in range(start, len(out)):
        key = out[i]
        if current is None or not isinstance(key, str):
            continue
        below = dict(current.fields).get(key)
        out[i] = dict(current.aliases).get(key, key)
        current = below
    return out


def _invalid(service: str, detail: str) -> SubgraphResponse:
    return SubgraphResponse(
        failure=f"subgraph '{service}' answered invalid data: {detail}", code=codes.SUBGRAPH_INVALID_RESPONSE
    )


def _with_service(error: dict[str, Any], service: str, path: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"message": str(error.get("message", "subgraph error"))}
    if error.get("locations") and path is None:
        pass
    if isinstance(path, list):
        out["path"] = path
    extensions = dict(error.get("extensions") or {})
    extensions.setdefault("code", "DOWNSTREAM_SERVICE_ERROR")
    extensions["serviceName"] = service
    out["extensions"] = extensions
    return out


def collect(data: dict[str, Any], path: tuple[str, ...]) -> list[dict[str, Any]]:
    """The objects found at `path` in the merged tree."""
    current: list[Any] = [data]
    for segment in path:
        found: list[Any] = []
        if segment == "@":
            for value in current:
                if type(value) is list:
                    found.extend(value)
        else:
            for value in current:
                if type(value) is dict:
                    child = value.get(segment)
                    if child is not None:
                        found.append(child)
        current = found
    return [value for value in current if type(value) is dict]


def locate(data: dict[str, Any], path: tuple[str, ...]) -> list[Origin]:
    """Like `collect`, with each object's concrete response path (for errors)."""
    current: list[tuple[Any, Path]] = [(data, [])]
    for segment in path:
        found: list[tuple[Any, Path]] = []
        for value, at in current:
            if segment == "@":
                if isinstance(value, list):
                    found.extend((item, [*at, i]) for i, item in enumerate(value))
            elif isinstance(value, dict):
                child = value.get(segment)
                if child is not None:
                    found.append((child, [*at, segment]))
        current = found
    return [(value, at) for value, at in current if isinstance(value, dict)]


def _flat(entity: dict[str, Any]) -> bool:
    """Only scalars: merging it is a plain update."""
    for value in entity.values():
        kind = type(value)
        if kind is dict or kind is list:
            return False
    return True


def deep_merge(target: dict[str, Any], source: dict[str, Any]) -> None:
    for key, value in source.items():
        current = target.get(key)
        if current is None:
            target[key] = value
        elif isinstance(current, dict) and isinstance(value, dict):
            deep_merge(current, value)
        elif isinstance(current, list) and isinstance(value, list) and len(current) == len(value):
            _merge_lists(current, value)
        else:
            target[key] = value


def _merge_lists(target: list[Any], source: list[Any]) -> None:
    for i, (mine, theirs) in enumerate(zip(target, source, strict=True)):
        if isinstance(mine, dict) and isinstance(theirs, dict):
            deep_merge(mine, theirs)
        elif isinstance(mine, list) and isinstance(theirs, list) and len(mine) == len(theirs):
            _merge_lists(mine, theirs)
        elif mine is None:
            target[i] = theirs
