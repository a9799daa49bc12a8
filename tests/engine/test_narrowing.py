"""A plugin narrows the operation before planning (`ctx.narrowed`): the engine plans the smaller
document, shapes against the client's, and puts the plugin's errors first."""

from __future__ import annotations

from gateway.hooks import Narrowing, Plugin, RequestContext
from gateway.messages import GraphQLResult
from tests.benchmarks.subgraphs import NAMES, create_subgraph_app
from tests.benchmarks.workload import SUPERGRAPH
from tests.support.scenario import Scenario

ERROR = {"message": "not for you", "path": ["topProducts", "@", "name"], "extensions": {"code": "TEST"}}


class WithoutNames(Plugin):
    name = "without-names"

    async def on_operation(self, ctx: RequestContext) -> GraphQLResult | None:
        plan = ctx.request.query.replace(" name", "")
        ctx.narrowed = Narrowing(plan, ctx.request.query, (ERROR,))
        return None


def test_the_plan_of_the_narrowed_document_shaped_as_the_client_asked() -> None:
    apps = {name: create_subgraph_app(name) for name in NAMES}
    with Scenario.start(SUPERGRAPH, apps, plugins=[WithoutNames()]) as sc:
        for _ in range(2):  # the second through the caches
            result = sc.query("{ topProducts { upc name } }")
            assert result["errors"] == [ERROR]
            products = result["data"]["topProducts"]
            assert products and all(p["name"] is None and p["upc"] for p in products)
            sent = [str(r["query"]) for r in sc.subgraphs["products"].requests]
            assert sent and not any("name" in q for q in sent)
