"""The access log: one JSON object per HTTP request, on one line.

    {"time": "2025-05-01T12:00:00.123Z", "request_id": "…", "method": "POST", "path": "/graphql",
     "status": 200, "operation": "Dashboard", "operation_type": "query", "client_name": "…",
     "client_version": "…", "duration_ms": 12.3, "subgraph_ms": 9.8, "error_codes": [],
     "principal": "citizen"}

Every value is JSON-encoded (orjson escapes quotes, newlines and control characters), so nothing a
client sends can end a line or forge another. Never logged: who the principal is (only its kind),
tokens, headers other than the client name and version, variables, the document. The errors a
subgraph answered are not in it: with `mode: production` the masking plugin logs them, under the
request id, while the client sees an incident id.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import IO, Any

import orjson

from .config import AccessLogConfig
from .exchange import Exchange

MAX_VALUE = 200  # characters of a client-chosen value (operation name, client name and version)


def _clip(value: str | None) -> str | None:
    return value[:MAX_VALUE] if value is not None else None


def access_record(exchange: Exchange) -> dict[str, Any]:
    ctx = exchange.ctx
    name, version = exchange.client()
    subgraphs = exchange.subgraph_seconds
    return {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "request_id": exchange.request_id,
        "method": exchange.method,
        "path": exchange.path,
        "status": exchange.status,
        "operation": _clip(exchange.operation_name),
        "operation_type": ctx.kind if ctx is not None else None,
        "client_name": _clip(name),
        "client_version": _clip(version),
        "duration_ms": round(exchange.duration * 1000, 3),
        "subgraph_ms": round(subgraphs * 1000, 3) if subgraphs is not None else None,
        "error_codes": list(exchange.error_codes),
        "principal": ctx.principal.kind if ctx is not None else None,
    }


class AccessLog:
    def __init__(self, config: AccessLogConfig) -> None:
        self.config = config
        self._stream: IO[bytes] | None = None

    def open(self) -> None:
        """At start: a file that cannot be written fails the start, not the requests."""
        self.stream  # noqa: B018

    @property
    def stream(self) -> IO[bytes]:
        if self._stream is None:
            file = self.config.file
            self._stream = open(file, "ab", buffering=0) if file else sys.stdout.buffer  # noqa: SIM115
        return self._stream

    def write(self, exchange: Exchange) -> None:
        stream = self.stream
        stream.write(orjson.dumps(access_record(exchange)) + b"\n")
        if not self.config.file:
            stream.flush()  # a container's standard output is a pipe: block-buffered

    def close(self) -> None:
        if self._stream is not None and self.config.file:
            self._stream.close()
        self._stream = None
