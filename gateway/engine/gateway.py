"""The engine: one client request through the stages, with the plugins' hooks around them.

    on_request ─► compile (cached: parse ─► on_document ─► validate ─► plan ─► shaper)
               ─► coerce variables ─► on_operation ─► [a plugin's `Narrowing`: plan its
                  smaller document, shape against its other one; both compiled and cached]
               ─► execution (wrapped by plugins): execute the plan ─► shape
               ─► on_response

`Gateway` holds the loaded supergraph, one client per subgraph (each wrapped by the
plugins' subgraph hooks) and the compiled-operation caches.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    REMOVE,
    DirectiveNode,
    ExecutionResult,
    GraphQLObjectType,
    Visitor,
    experimental_execute_incrementally,
    print_ast,
    visit,
)
from graphql.language import DocumentNode, FieldNode, OperationDefinitionNode, SelectionSetNode

from ..cache import BoundedCache
from ..config import GatewayConfig
from ..errors import (
    INTERNAL_SERVER_ERROR,
    PERSISTED_QUERY_NOT_SUPPORTED,
    MethodNotAllowed,
    PlanningError,
    RequestError,
    SubscriptionNotStreamed,
    ValidationFailed,
    error_dict,
)
from ..execute.fetch import SubgraphClient
from ..execute.run import Execution
from ..hooks import CompileTimes, FetchFn, Hooks, Narrowing, Plugin, RequestContext
from ..messages import GraphQLRequest, GraphQLResult, IncrementalPart, Timing
from ..operation import PreparedOperation, coerce_variables, prepare
from ..plan.build import build_query_plan
from ..plan.nodes import Defer, QueryPlan
from ..shape import Shaper
from ..supergraph import Supergraph, extend_api_schema, load_supergraph
from .incremental import INCREMENTAL, Incremental, delivery, initial_shaper

log = logging.getLogger("govgraph")
CacheKey = tuple[str, str | None]
SUBSCRIBE_OVER_A_STREAM = (
    "A subscription needs a stream: a WebSocket (graphql-transport-ws) or `Accept: text/event-stream`."
)


@dataclass(frozen=True)
class CompiledOperation:
    """Everything about one (document, operation name) that does not depend on variables."""

    prepared: PreparedOperation
    plan: QueryPlan
    shaper: Shaper
    root_type: GraphQLObjectType
    # `@defer`: the shapers of the first part, by the ids of the fragments delivered later
    partial: dict[tuple[int, ...], Shaper] = field(default_factory=dict, compare=False)

    @property
    def kind(self) -> str:
        return self.prepared.kind


class Gateway:
    def __init__(
        self,
        config: GatewayConfig,
        supergraph: Supergraph | None = None,
        hooks: Hooks | Sequence[Plugin] = (),
    ) -> None:
        self.config = config
        self.hooks = hooks if isinstance(hooks, Hooks) else Hooks(hooks)
        self.supergraph = extend_api_schema(
            supergraph or load_supergraph(config.supergraph_sdl), self.hooks.schema_extensions
        )
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
        self.fetchers: dict[str, FetchFn] = {
            name: self.hooks.subgraph(name, client.fetch) for name, client in self.clients.items()
        }
        size = config.plan_cache_size
        self._cache = BoundedCache[CacheKey, CompiledOperation]("operations", size)  # by raw text
        self._normalized = BoundedCache[CacheKey, CompiledOperation]("operations-normalized", size)
        self._narrowed = BoundedCache[tuple[str, str, str | None], CompiledOperation]("narrowed", size)
        self._execution = self.hooks.execution(self.execute_plan)

    def recent_operations(self, limit: int) -> list[tuple[str, str | None]]:
        """The (query, operation name) pairs compiled most recently, newest last (to warm a successor)."""
        return self._cache.keys()[-limit:]

    async def close(self) -> None:
        for client in self.clients.values():
            await client.close()

    def compile(
        self, query: str, operation_name: str | None, ctx: RequestContext | None = None
    ) -> CompiledOperation:
        """Parse, validate and plan; raises `RequestError` or `PlanningError`."""
        key = (query, operation_name)
        found = self._cache.get(key)
        if found is not None:
            return found
        schema = self.supergraph.api_schema
        checks = [lambda document, hook=hook: hook(ctx, document) for hook in self.hooks.on_document]
        started = time.time_ns()
        prepared = prepare(schema, query, operation_name, self.config.max_tokens, checks)
        validated = time.time_ns()
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
        if ctx is not None:
            ctx.compile_times = CompileTimes(started, validated, time.time_ns())
        compiled = CompiledOperation(
            prepared, plan, Shaper(schema, prepared.operation, prepared.fragments), root_type
        )
        self._cache.put(key, compiled)
        self._normalized.put(normalized, compiled)
        return compiled

    def narrow(self, narrowing: Narrowing, operation_name: str | None) -> CompiledOperation:
        """The plan of `narrowing.plan_query` with the shaper of `narrowing.shape_query`."""
        key = (narrowing.plan_query, narrowing.shape_query, operation_name)
        found = self._narrowed.get(key)
        if found is None:
            planned = self.compile(narrowing.plan_query, operation_name)
            shaped = self.compile(narrowing.shape_query, operation_name)
            found = CompiledOperation(shaped.prepared, planned.plan, shaped.shaper, shaped.root_type)
            self._narrowed.put(key, found)
        return found

    async def execute(
        self, request: GraphQLRequest, headers: Mapping[str, str] | None = None, method: str = "POST"
    ) -> GraphQLResult:
        """One request, start to finish (what the HTTP endpoint does, without HTTP)."""
        return await self.handle(RequestContext(request, headers or {}, method))

    async def handle(self, ctx: RequestContext) -> GraphQLResult:
        """Run one request through the hooks and the stages; request errors become results."""
        early = await self.admit(ctx)
        return await self.respond(ctx, early or await self._execution(ctx))

    async def respond(self, ctx: RequestContext, result: GraphQLResult) -> GraphQLResult:
        """The `on_response` hooks (for a subscription: on each event's result)."""
        for hook in self.hooks.on_response:
            result = await hook(ctx, result) or result  # a plugin may answer with a new result
        if result.subsequent is not None and self.hooks.on_incremental:
            result = dataclasses.replace(result, subsequent=self._checked(ctx, result.subsequent))
        return result

    async def _checked(
        self, ctx: RequestContext, parts: AsyncIterator[IncrementalPart]
    ) -> AsyncIterator[IncrementalPart]:
        """Each later part through the plugins' `on_incremental` before it leaves (e.g. audited)."""
        async for part in parts:
            for hook in self.hooks.on_incremental:
                part = await hook(ctx, part) or part
            yield part

    async def run_execution(self, ctx: RequestContext) -> GraphQLResult:
        """The plugins' wrapped execution of an admitted request (`ctx.state["compiled"]`)."""
        return await self._execution(ctx)

    async def admit(self, ctx: RequestContext) -> GraphQLResult | None:
        """on_request, compile, on_operation: None when the request is to be executed, else the
        result that answers it (a refusal)."""
        hooks = self.hooks
        ctx.supergraph = self.supergraph
        for on_request in hooks.on_request:
            early: GraphQLResult | None = await on_request(ctx)
            if early is not None:
                return early
        if not ctx.request.query:  # a persisted document nobody filled in
            message = "Persisted queries are not supported; send the `query`."
            return GraphQLResult(
                errors=[error_dict(message, PERSISTED_QUERY_NOT_SUPPORTED)], executed=False, status=400
            )
        try:
            compiled = self.compile(ctx.request.query, ctx.request.operation_name, ctx)
            ctx.operation, ctx.plan = compiled.prepared, compiled.plan
            if ctx.allowed_kinds and compiled.kind not in ctx.allowed_kinds:
                raise MethodNotAllowed(f"A {compiled.kind} cannot be sent with {ctx.method}.")
            if compiled.kind == "subscription" and not ctx.streaming:
                raise SubscriptionNotStreamed(SUBSCRIBE_OVER_A_STREAM)
            ctx.state["compiled"] = compiled
            ctx.variables = coerce_variables(
                self.supergraph.api_schema, compiled.prepared.operation, ctx.request.variables
            )
            for on_operation in hooks.on_operation:
                early = await on_operation(ctx)
                if early is not None:
                    return early
            if ctx.narrowed is not None:
                ctx.state["compiled"] = narrowed = self.narrow(ctx.narrowed, ctx.request.operation_name)
                ctx.plan = narrowed.plan
        except RequestError as error:
            return GraphQLResult(errors=error.errors, executed=False, status=error.status)
        except PlanningError as error:
            log.warning("no query plan: %s", error)
            return GraphQLResult(errors=[error_dict(str(error), error.code)], executed=False, status=500)
        if hooks.request_key:
            ctx.vary = hooks.vary(ctx)
        return None

    async def execute_plan(self, ctx: RequestContext) -> GraphQLResult:
        """The innermost execution hook: run the plan, then shape the result."""
        compiled: CompiledOperation = ctx.state["compiled"]
        started = time.perf_counter()
        execution = Execution(self.fetchers, self.hooks, ctx)
        incremental = self.incremental(compiled, execution, ctx)
        shaper = incremental.shaper if incremental is not None else compiled.shaper
        waited = 0.0
        try:
            waited = await (incremental.run_initial() if incremental else execution.run(compiled.plan.node))
        except Exception:  # a bug must not become a stack trace for the client
            log.exception("execution failed")
            incremental = None if incremental is None else incremental.failed()
            execution.errors.append(
                error_dict("Internal error while executing the operation.", INTERNAL_SERVER_ERROR)
            )
        if compiled.prepared.introspection_keys:
            execution.data.update(self.introspect(compiled.prepared, ctx.variables))
        errors = execution.errors
        if ctx.narrowed is not None and ctx.narrowed.errors:
            errors[:0] = [dict(e) for e in ctx.narrowed.errors]
        if incremental is not None:
            errors = incremental.initial_errors(errors)
        data = shaper.shape(execution.data, ctx.variables, errors, compiled.root_type)
        result = GraphQLResult(data=data, errors=errors, timing=Timing(time.perf_counter() - started, waited))
        if incremental is not None and incremental.plan.later:
            result.subsequent = incremental.parts(data)
        return result

    def incremental(
        self, compiled: CompiledOperation, execution: Execution, ctx: RequestContext
    ) -> Incremental | None:
        """A plan with `@defer`: what this request gets later (nothing for a client that does not
        take multipart, or when a plugin narrowed the operation: all at once)."""
        node = compiled.plan.node
        if not isinstance(node, Defer):
            return None
        streaming = bool(ctx.state.get(INCREMENTAL)) and ctx.narrowed is None
        plan = delivery(node, ctx.variables, streaming)
        key = tuple(d.id for d in plan.later)
        shaper = compiled.partial.get(key) if key else compiled.shaper
        if shaper is None:
            prepared, schema = compiled.prepared, self.supergraph.api_schema
            shaper = initial_shaper(schema, prepared.operation, prepared.fragments, plan.later)
            compiled.partial[key] = shaper
        return Incremental(execution, node, plan, shaper)

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
        # With `@defer` on, the API schema declares it, and graphql-core's `execute` refuses such
        # a schema outright; introspection is answered whole (a server may ignore `@defer`).
        document = visit(document, _WithoutDefer())
        schema = self.supergraph.api_schema
        result = experimental_execute_incrementally(schema, document, variable_values=variables)
        assert isinstance(result, ExecutionResult)  # no @defer left in the document
        return dict(result.data or {})


class _WithoutDefer(Visitor):
    """Drops every `@defer` from a document."""

    def enter_directive(self, node: DirectiveNode, *_: Any) -> Any:
        return REMOVE if node.name.value == "defer" else None
