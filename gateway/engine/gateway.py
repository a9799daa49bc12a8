"""The gateway's pipeline in one place:

    request -> prepare (parse + validate, cached) -> plan (cached) -> execute -> shape -> response

`Gateway` holds the loaded supergraph, one client per subgraph and the operation cache.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import orjson
from graphql import GraphQLObjectType, execute, print_ast
from graphql.language import DocumentNode, FieldNode, OperationDefinitionNode, SelectionSetNode

from ..config import GatewayConfig
from ..errors import INTERNAL_SERVER_ERROR, PlanningError, RequestError, ValidationFailed, error_dict
from ..execute.fetch import SubgraphClient
from ..execute.run import Execution
from ..operation import Limits, PreparedOperation, coerce_variables, prepare
from ..plan.build import build_query_plan
from ..plan.nodes import QueryPlan
from ..shape import Shaper
from ..supergraph import Supergraph, load_supergraph
from .result import GraphQLRequest, GraphQLResult, Timing

log = logging.getLogger("govgraph")


T = TypeVar("T")
RunKey = tuple[int, bytes, tuple[tuple[str, str], ...]]  # compiled operation, variables, headers


@dataclass(frozen=True)
class CompiledOperation:
    """Everything about one (document, operation name) that does not depend on variables."""

    prepared: PreparedOperation
    plan: QueryPlan
    shaper: Shaper
    root_type: GraphQLObjectType

    @property
    def kind(self) -> str:
        return self.prepared.kind


class LRU(Generic[T]):
    """A bounded mapping that forgets the least recently used entry."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, str | None], T] = OrderedDict()

    def get(self, key: tuple[str, str | None]) -> T | None:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def put(self, key: tuple[str, str | None], value: T) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)

    def keys(self) -> list[tuple[str, str | None]]:
        """Oldest first."""
        return list(self._items)


class Gateway:
    def __init__(self, config: GatewayConfig, supergraph: Supergraph | None = None) -> None:
        self.config = config
        self.supergraph = supergraph or load_supergraph(config.supergraph_sdl)
        self.limits = Limits(max_depth=config.max_depth, max_aliases=config.max_aliases)
        self.clients = {
            name: SubgraphClient(
                name,
                config.subgraph_urls.get(name, sg.url),
                config.timeout_for(name),
                config.subgraph_pool_size,
                config.subgraph_transport,
            )
            for name, sg in self.supergraph.subgraphs.items()
        }
        self._cache = LRU[CompiledOperation](config.plan_cache_size)  # by raw query text
        self._normalized = LRU[CompiledOperation](config.plan_cache_size)  # by printed document
        self._inflight: dict[
            tuple[int, bytes, tuple[tuple[str, str], ...]], asyncio.Future[GraphQLResult]
        ] = {}

    def recent_operations(self, limit: int) -> list[tuple[str, str | None]]:
        """The (query, operation name) pairs compiled most recently, newest last (to warm a successor)."""
        return self._cache.keys()[-limit:]

    async def close(self) -> None:
        for client in self.clients.values():
            await client.close()

    def compile(self, query: str, operation_name: str | None) -> CompiledOperation:
        """Parse, validate and plan; raises `RequestError` or `PlanningError`."""
        key = (query, operation_name)
        found = self._cache.get(key)
        if found is not None:
            return found
        schema = self.supergraph.api_schema
        prepared = prepare(schema, query, operation_name, self.limits)
        normalized = (print_ast(prepared.document), operation_name)
        found = self._normalized.get(normalized)
        if found is not None:
            self._cache.put(key, found)
            return found
        if prepared.introspection_keys and not self.config.introspection:
            raise ValidationFailed("Introspection is disabled on this gateway.")
        root_type = schema.get_root_type(prepared.operation.operation)
        if root_type is None:
            raise ValidationFailed(f"The schema has no {prepared.kind} type.")
        plan = build_query_plan(self.supergraph, prepared.document, prepared.operation)
        compiled = CompiledOperation(
            prepared, plan, Shaper(schema, prepared.operation, prepared.fragments), root_type
        )
        self._cache.put(key, compiled)
        self._normalized.put(normalized, compiled)
        return compiled

    async def execute(
        self, request: GraphQLRequest, headers: Mapping[str, str] | None = None
    ) -> GraphQLResult:
        try:
            compiled = self.compile(request.query, request.operation_name)
            return await self.run(compiled, request.variables, headers)
        except RequestError as error:
            return GraphQLResult(errors=error.errors, executed=False)
        except PlanningError as error:
            log.warning("planning failed: %s", error)
            return GraphQLResult(errors=[error_dict(str(error), error.code)], executed=False)

    async def run(
        self,
        compiled: CompiledOperation,
        raw_variables: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None = None,
    ) -> GraphQLResult:
        """Execute; identical concurrent queries share one execution (and one result)."""
        schema = self.supergraph.api_schema
        variables = coerce_variables(schema, compiled.prepared.operation, raw_variables)
        if not self.config.dedup_requests or compiled.kind != "query":
            return await self.execute_plan(compiled, variables, headers)
        key = (
            id(compiled),
            orjson.dumps(variables, option=orjson.OPT_SORT_KEYS, default=str) if variables else b"",
            tuple(sorted(headers.items())) if headers else (),
        )
        task = self._inflight.get(key)
        if task is None:
            task = asyncio.ensure_future(self.execute_plan(compiled, variables, headers))
            self._inflight[key] = task
            task.add_done_callback(lambda _: self._inflight.pop(key, None))
        return await asyncio.shield(task)

    async def execute_plan(
        self, compiled: CompiledOperation, variables: dict[str, Any], headers: Mapping[str, str] | None
    ) -> GraphQLResult:
        started = time.perf_counter()
        execution = Execution(self.clients, variables, headers, self.config.dedup_fetches)
        waited = 0.0
        try:
            waited = await execution.run(compiled.plan.node)
        except Exception:  # a bug must not become a stack trace for the client
            log.exception("execution failed")
            execution.errors.append(
                error_dict("Internal error while executing the operation.", INTERNAL_SERVER_ERROR)
            )
        if compiled.prepared.introspection_keys:
            execution.data.update(self.introspect(compiled.prepared, variables))
        errors = execution.errors
        data = compiled.shaper.shape(execution.data, variables, errors, compiled.root_type)
        return GraphQLResult(data=data, errors=errors, timing=Timing(time.perf_counter() - started, waited))

    def introspect(self, prepared: PreparedOperation, variables: dict[str, Any]) -> dict[str, Any]:
        """Answer `__schema` / `__type` from the API schema with graphql-core."""
        operation = prepared.operation
        only = tuple(
            sel
            for sel in operation.selection_set.selections
            if isinstance(sel, FieldNode) and sel.name.value in ("__schema", "__type")
        )
        narrowed = OperationDefinitionNode(
            operation=operation.operation,
            name=operation.name,
            variable_definitions=operation.variable_definitions,
            directives=operation.directives,
            selection_set=SelectionSetNode(selections=only),
        )
        document = DocumentNode(definitions=(narrowed, *prepared.fragments.values()))
        result = execute(self.supergraph.api_schema, document, variable_values=variables)
        return dict(result.data or {})  # type: ignore[union-attr]
