"""Legacy and internal failures are logged, not sent — in every mode.

An agency's resolvers raise errors coded `LEGACY_*` (a SOAP fault, a REST error envelope, a
database error, a damaged export record) with the legacy system's own text, and an unexpected
exception carries Python's. `FailureReport` (an extension of every `AgencySchema`) answers each
with a coded, generic message instead:

    {"message": "The tax system is unavailable; try again later.",
     "path": [...], "extensions": {"code": "LEGACY_UNAVAILABLE", "service": "tax",
                                   "requestId": "…", "faultDetail": "UnknownPerson"}}

keeping only extensions that are numbers or short identifiers (a legacy error code, not its
text), and logs the original once per request and distinct failure, as JSON on one line (a
newline in a fault string is escaped, it cannot forge a log line), under the request id: the
gateway's `x-request-id` (telemetry sends it with every subgraph request), else a new one.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator
from typing import Any

import orjson
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

REQUEST_ID_HEADER = "x-request-id"
INTERNAL = "INTERNAL_SERVER_ERROR"
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")  # as the gateway's (`gateway/hooks/context.py`)
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,63}")
MESSAGES = {
    "LEGACY_UNAVAILABLE": "The {agency} system is unavailable; try again later.",
    "LEGACY_TIMEOUT": "The {agency} system did not answer in time; try again later.",
    "LEGACY_RATE_LIMITED": "The {agency} system is busy; try again later.",
    "LEGACY_DATA_CORRUPT": "The {agency} system holds data that could not be read.",
    "LEGACY_FAULT": "The {agency} system could not answer.",
    INTERNAL: "The {agency} subgraph failed.",
}
logger = logging.getLogger("govgraph.agency.failures")


def request_id_of(request: Any) -> str:
    """The gateway's request id from `request`'s headers when plausible, else a new one."""
    headers = getattr(request, "headers", None)
    value = headers.get(REQUEST_ID_HEADER) if headers is not None else None
    return value if value and _REQUEST_ID.fullmatch(value) else uuid.uuid4().hex


def _code(error: GraphQLError) -> str | None:
    code = (error.extensions or {}).get("code")
    return code if isinstance(code, str) else None


def failure_code(error: GraphQLError) -> str | None:
    """`LEGACY_*` for a legacy failure, INTERNAL for an unexpected exception, else None (an
    answer the caller may read: FORBIDDEN, a bad argument, a validation error)."""
    code = _code(error)
    if code is not None:
        return code if code.startswith("LEGACY_") else None
    original = error.original_error
    return INTERNAL if original is not None and not isinstance(original, GraphQLError) else None


def _safe(value: Any) -> bool:
    if isinstance(value, bool | int | float):
        return True
    return isinstance(value, str) and _IDENTIFIER.fullmatch(value) is not None


def generic(error: GraphQLError, code: str, agency: str, request_id: str) -> GraphQLError:
    """`error` with the generic message of `code`, its path and locations, and its safe extensions."""
    template = MESSAGES.get(code, MESSAGES["LEGACY_FAULT"])
    kept = {k: v for k, v in (error.extensions or {}).items() if k != "code" and _safe(v)}
    extensions = {**kept, "code": code, "service": agency, "requestId": request_id}
    return GraphQLError(
        template.format(agency=agency),
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=extensions,
    )


def log_failures(agency: str, request_id: str, failures: list[tuple[str, GraphQLError]]) -> None:
    """One warning line per distinct failure (a batch's fault fails each of its citizens alike)."""
    seen: dict[bytes, list[Any]] = {}
    for code, error in failures:
        detail = {"code": code, "message": error.message, "extensions": error.extensions or {}}
        original = error.original_error
        if code == INTERNAL and original is not None:
            detail["exception"] = type(original).__name__
        key = orjson.dumps(detail, default=str)
        seen.setdefault(key, []).append(error.path)
    for key, paths in seen.items():
        line = orjson.dumps({"paths": paths[:5], "count": len(paths)}, default=str).decode()
        logger.warning("%s failure, request %s: %s %s", agency, request_id, key.decode(), line)


def _from_context(context: Any, name: str) -> Any:
    return context.get(name) if isinstance(context, dict) else getattr(context, name, None)


class FailureReport(SchemaExtension):
    """Replaces legacy and internal failures with generic coded errors; logs the originals."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if not errors:
            return
        failures = [(code, e) for e in errors if (code := failure_code(e)) is not None]
        if not failures:
            return
        context = self.execution_context.context
        agency = str(getattr(_from_context(context, "access"), "agency", "agency"))
        request_id = request_id_of(_from_context(context, "request"))
        log_failures(agency, request_id, failures)
        result.errors = [  # type: ignore[union-attr]
            generic(e, code, agency, request_id) if (code := failure_code(e)) is not None else e
            for e in errors
        ]
