"""The legacy TaxService as an aiohttp app.

Routes: `GET /TaxService?wsdl` (the WSDL), `POST /TaxService` (SOAP 1.1), `GET /health`,
test hooks `GET|DELETE /_stats` (requests served, per operation) and
`POST|DELETE /_admin/fault` (make operations fault: {"operation": "ListAssessments"|"*",
"faultcode": "Server", "faultstring": "...", "times": N|null, "delay": seconds,
"truncate": true}); faultcode "" means no fault (only the delay or truncation). The hooks need
`Authorization: Bearer $GOVGRAPH_ADMIN_TOKEN` (`subgraphs/common/admin.py`). Every SOAP call needs
the service credential as a WS-Security UsernameToken (`security.py`; `$GOVGRAPH_TAX_LEGACY_CREDENTIAL`,
subgraphs/common/credentials.py); the WSDL and `/health` stay open (no citizen data).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

from subgraphs.common.admin import admin_guard
from subgraphs.common.credentials import TAX_LEGACY, configured_credential
from subgraphs.tax.legacy import soap
from subgraphs.tax.legacy.operations import OPERATIONS
from subgraphs.tax.legacy.security import authenticate
from subgraphs.tax.legacy.store import TaxStore, db_path
from subgraphs.tax.legacy.wsdl import render_wsdl, soap_action

XML = "text/xml; charset=utf-8"
SERVICE_PATH = "/TaxService"


@dataclass
class FaultRule:
    operation: str = "*"
    faultcode: str = "Server"
    faultstring: str = "Tax backend temporarily unavailable"
    times: int | None = None  # None: until cleared
    delay: float = 0.0
    truncate: bool = False  # answer 200 with the envelope cut in half (a dropped connection)

    def matches(self, operation: str) -> bool:
        return self.operation in ("*", operation) and (self.times is None or self.times > 0)


@dataclass
class ServiceState:
    store: TaxStore
    credential: str | None = None  # None: every SOAP call is refused
    stats: Counter[str] = field(default_factory=Counter)
    fault: FaultRule | None = None


STATE = web.AppKey("state", ServiceState)


def _xml(body: bytes, status: int = 200) -> web.Response:
    return web.Response(body=body, status=status, headers={"Content-Type": XML})


async def wsdl(request: web.Request) -> web.Response:
    if "wsdl" not in request.query:
        return web.Response(status=405, text="POST SOAP envelopes here; GET ?wsdl for the WSDL")
    location = f"{request.scheme}://{request.host}{SERVICE_PATH}"
    return _xml(render_wsdl(location).encode())


async def _apply_fault_rule(state: ServiceState, operation: str) -> FaultRule | None:
    """The matching rule after its delay; raises its fault when it has a faultcode."""
    rule = state.fault
    if rule is None or not rule.matches(operation):
        return None
    if rule.times is not None:
        rule.times -= 1
    if rule.delay:
        await asyncio.sleep(rule.delay)
    if rule.faultcode:
        raise soap.SoapFault(rule.faultcode, rule.faultstring, "ConfiguredFault")
    return rule


async def endpoint(request: web.Request) -> web.Response:
    state = request.app[STATE]
    state.stats["requests"] += 1
    try:
        req = soap.parse_request(await request.read())
        authenticate(req.header, state.credential)
        state.stats[req.operation] += 1
        handler = OPERATIONS.get(req.operation)
        if handler is None:
            raise soap.SoapFault("Client", f"Unknown operation {req.operation}", "UnknownOperation")
        action = request.headers.get("SOAPAction", "").strip('"')
        if action and action != soap_action(req.operation):
            raise soap.SoapFault("Client", f"SOAPAction {action!r} does not match the body", "BadSOAPAction")
        rule = await _apply_fault_rule(state, req.operation)
        body = handler(state.store, req.body)
        return _xml(body[: len(body) // 2] if rule and rule.truncate else body)
    except soap.SoapFault as exc:
        state.stats["faults"] += 1
        return _xml(soap.fault(exc), status=500)


async def stats(request: web.Request) -> web.Response:
    counter = request.app[STATE].stats
    if request.method == "DELETE":
        counter.clear()
    return web.json_response(dict(counter))


async def admin_fault(request: web.Request) -> web.Response:
    state = request.app[STATE]
    if request.method == "DELETE":
        state.fault = None
    else:
        state.fault = FaultRule(**(await request.json()))
    return web.json_response({"fault": None if state.fault is None else vars(state.fault)})


async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def create_app(
    data_dir: Path, admin_token: str | None = None, credential: str | None = None
) -> web.Application:
    """`admin_token` opens the test hooks (default: `$GOVGRAPH_ADMIN_TOKEN`; none: they refuse);
    `credential` is the service credential SOAP calls must carry (default:
    `$GOVGRAPH_TAX_LEGACY_CREDENTIAL`; none: every call is refused)."""
    app = web.Application(middlewares=[admin_guard(admin_token)])
    state = ServiceState(
        store=TaxStore(db_path(data_dir)), credential=configured_credential(TAX_LEGACY, credential)
    )
    app[STATE] = state
    app.router.add_get(SERVICE_PATH, wsdl)
    app.router.add_get("/", wsdl)
    app.router.add_post(SERVICE_PATH, endpoint)
    app.router.add_post("/", endpoint)
    app.router.add_route("*", "/_stats", stats)
    app.router.add_route("*", "/_admin/fault", admin_fault)
    app.router.add_get("/health", health)

    async def close_store(_: web.Application) -> None:
        state.store.close()

    app.on_cleanup.append(close_store)
    return app
