"""One HTTP request as telemetry sees it (`Exchange`), and the ASGI middleware that makes one
per request, sends its id back as `x-request-id` and hands it, finished, to the metrics and the
access log. The plugin's hooks find the request's exchange through `current()` and fill in
what only they know (the operation, the error codes, the subgraph time)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ...hooks import REQUEST_ID_HEADER, RequestContext, request_id_from

_HEADER = REQUEST_ID_HEADER.encode("latin-1")
_CURRENT: ContextVar[Exchange | None] = ContextVar("govgraph_exchange", default=None)
ANONYMOUS, UNKNOWN = "anonymous", "unknown"


@dataclass(slots=True)
class Exchange:
    method: str
    path: str
    request_id: str
    started: float  # perf_counter seconds
    status: int = 0
    duration: float = 0.0  # seconds, until the last byte of the response was handed to the server
    ctx: RequestContext | None = None  # once the request reached the engine
    error_codes: tuple[str, ...] = ()  # of the result, before any masking
    subgraph_seconds: float | None = None  # waiting for subgraphs on the plan's critical path

    @property
    def operation_name(self) -> str | None:
        """The executed operation's name, else the name the client asked for (may be anything)."""
        ctx = self.ctx
        if ctx is None:
            return None
        if ctx.operation is not None:
            name = ctx.operation.operation.name
            return name.value if name is not None else None
        return ctx.request.operation_name

    def client(self) -> tuple[str | None, str | None]:
        """`apollographql-client-name` and `-version`, as the client sent them."""
        headers = self.ctx.headers if self.ctx is not None else {}
        return headers.get("apollographql-client-name"), headers.get("apollographql-client-version")


def current() -> Exchange | None:
    """The exchange of the HTTP request being served (None outside the middleware)."""
    return _CURRENT.get()


def error_codes(errors: Iterable[dict[str, object]], limit: int = 10) -> tuple[str, ...]:
    """The distinct `extensions.code`s of `errors`, in order, at most `limit`."""
    found: dict[str, None] = {}
    for error in errors:
        extensions = error.get("extensions")
        code = extensions.get("code") if isinstance(extensions, dict) else None
        found[code if isinstance(code, str) else "UNKNOWN"] = None
        if len(found) >= limit:
            break
    return tuple(found)


def _request_id(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == _HEADER:
            return request_id_from(value.decode("latin-1"))
    return request_id_from(None)


class ExchangeMiddleware:
    """Around the whole app (every path but `ignore`): an `Exchange` per HTTP request."""

    def __init__(self, app: ASGIApp, finish: Callable[[Exchange], None], ignore: Iterable[str] = ()) -> None:
        self.app = app
        self.finish = finish
        self.ignore = frozenset(ignore)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.ignore:
            await self.app(scope, receive, send)
            return
        exchange = Exchange(scope["method"], scope["path"], _request_id(scope), time.perf_counter())
        token = _CURRENT.set(exchange)

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                exchange.status = message["status"]
                headers = list(message.get("headers", ()))
                if not any(name.lower() == _HEADER for name, _ in headers):
                    headers.append((_HEADER, exchange.request_id.encode("latin-1")))
                    message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except BaseException:
            exchange.status = exchange.status or 500
            raise
        finally:
            _CURRENT.reset(token)
            exchange.duration = time.perf_counter() - exchange.started
            self.finish(exchange)
