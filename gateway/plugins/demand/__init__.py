"""Demand control: an operation's cost estimated before any subgraph is called, and what the
subgraphs return counted while it runs.

    demand_control:
      enabled: true
      mode: enforce            # measure: report the cost, refuse nothing
      max_cost: 1000           # the estimated cost an operation may have (see `estimate.py`)
      list_size_default: 10    # a list without @listSize counts as this many items
      max_actual_cost: 5000    # objects the subgraphs may return for one operation (0: no limit)
      max_response_bytes: 5000000  # bytes they may return for it (0: no limit)

Above `max_cost`: refused before execution (400, COST_ESTIMATED_TOO_EXPENSIVE, with `cost` and
`budget` in the message and the error's extensions). While running: each subgraph answer's
bytes and objects are added up; past a ceiling its data is dropped, no further subgraph is
called and the response is `data: null` with COST_ACTUAL_TOO_EXPENSIVE or RESPONSE_TOO_LARGE.
Each event of a subscription is counted on its own (a long subscription never runs out of
budget). The formula is compiled once per operation (and schema) and evaluated per request with
the variables. `extensions.cost` tells `{estimated, actual, budget, mode, result}` (`report_cost`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ...cache import BoundedCache
from ...config.declare import setting
from ...errors import error_dict
from ...execute.run import EVENT
from ...hooks import ExecuteFn, FetchFn, Plugin, RequestContext, SubgraphRequest
from ...messages import GraphQLResult, SubgraphHttpAnswer, SubgraphResponse
from ...supergraph import Supergraph
from .estimate import CostFormula, compile_cost
from .tally import COST_ACTUAL_TOO_EXPENSIVE, COST_ESTIMATED_TOO_EXPENSIVE, RESPONSE_TOO_LARGE, Tally

STATE = "demand"


@dataclass(frozen=True)
class DemandConfig:
    """Operation cost budgets (Apollo's demand control: @cost and @listSize)."""

    enabled: bool = setting(False, doc="Estimate every operation's cost; enforce or measure the budgets.")
    mode: Literal["enforce", "measure"] = setting(
        "enforce", doc="`enforce` refuses what is over a budget; `measure` only reports the cost."
    )
    max_cost: int = setting(1000, doc="The estimated cost an operation may have.", minimum=0)
    list_size_default: int = setting(
        10, doc="Items a list field without `@listSize` (or a slicing argument given) counts as.", minimum=0
    )
    max_actual_cost: int = setting(
        0, doc="Objects the subgraphs may return for one operation (0: no limit).", minimum=0
    )
    max_response_bytes: int = setting(
        0, doc="Bytes the subgraphs may return for one operation (0: no limit).", minimum=0
    )
    report_cost: bool = setting(True, doc="Tell the cost in `extensions.cost`.")
    cache_size: int = setting(1000, doc="Operations whose cost formula is kept.", minimum=1)

    @property
    def empty(self) -> bool:
        return not self.enabled


class DemandPlugin(Plugin):
    name = "demand_control"
    Config = DemandConfig

    def __init__(self, config: DemandConfig | None = None) -> None:
        super().__init__(config)
        self.enforce = self.config.mode == "enforce"
        self._formulas: BoundedCache[tuple[str, str | None], tuple[Supergraph, CostFormula]] = BoundedCache(
            "demand", self.config.cache_size
        )

    def formula(self, ctx: RequestContext) -> CostFormula:
        assert ctx.operation is not None and ctx.supergraph is not None
        key = (ctx.request.query or "", ctx.request.operation_name)
        found = self._formulas.get(key)
        if found is not None and found[0] is ctx.supergraph:
            return found[1]
        operation = ctx.operation
        formula = compile_cost(
            ctx.supergraph, operation.operation, operation.fragments, self.config.list_size_default
        )
        self._formulas.put(key, (ctx.supergraph, formula))
        return formula

    async def on_operation(self, ctx: RequestContext) -> GraphQLResult | None:
        if ctx.operation is None or ctx.supergraph is None:
            return None
        config = self.config
        estimated = self.formula(ctx).cost(ctx.variables)
        tally = ctx.state[STATE] = Tally(config, estimated, self.enforce)
        if estimated <= config.max_cost:
            return None
        tally.result = COST_ESTIMATED_TOO_EXPENSIVE
        if not self.enforce:
            return None
        message = f"The operation's estimated cost is {estimated}; the budget is {config.max_cost}."
        error = error_dict(message, COST_ESTIMATED_TOO_EXPENSIVE, cost=estimated, budget=config.max_cost)
        return GraphQLResult(errors=[error], executed=False, status=400)

    def wrap_subgraph(self, service: str, next_: FetchFn) -> FetchFn:
        async def fetch(request: SubgraphRequest) -> SubgraphHttpAnswer:
            tally: Tally | None = request.context.state.get(STATE)
            if tally is not None and tally.stopped:
                return SubgraphHttpAnswer(failure=tally.failure())
            answer = await next_(request)
            if tally is not None and tally.add_bytes(len(answer.body)):
                return SubgraphHttpAnswer(failure=tally.failure())
            return answer

        return fetch

    def on_subgraph_response(self, request: SubgraphRequest, response: SubgraphResponse) -> None:
        tally: Tally | None = request.context.state.get(STATE)
        if tally is not None and response.failure is None and tally.add_objects(response.data):
            response.data, response.errors = None, []  # past the ceiling: nothing of it is kept

    def wrap_execution(self, next_: ExecuteFn) -> ExecuteFn:
        async def execute(ctx: RequestContext) -> GraphQLResult:
            tally: Tally | None = ctx.state.get(STATE)
            if tally is not None and EVENT in ctx.state:  # a subscription's event: a result of its own
                tally = ctx.state[STATE] = tally.fresh()
            result = await next_(ctx)
            if tally is not None and tally.stopped:
                return GraphQLResult(data=None, errors=[tally.error()])
            return result

        return execute

    async def on_response(self, ctx: RequestContext, result: GraphQLResult) -> GraphQLResult | None:
        tally: Tally | None = ctx.state.get(STATE)
        if tally is not None and self.config.report_cost:
            ctx.extensions["cost"] = tally.report()
        return None


__all__ = [
    "COST_ACTUAL_TOO_EXPENSIVE",
    "COST_ESTIMATED_TOO_EXPENSIVE",
    "RESPONSE_TOO_LARGE",
    "DemandConfig",
    "DemandPlugin",
]
