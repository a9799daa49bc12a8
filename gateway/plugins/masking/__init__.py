"""Error masking for production (`mode: production`): clients see what they did wrong, never
how the gateway or an agency's system failed.

Kept as they are: the errors of a request refused before execution with a 4xx status (parse,
validation, variables, operation name, method, CSRF, rate limit, an authorization refusal) and,
in executed results, gateway errors whose code is in `expose_codes`. Every other error — each
subgraph's (`serviceName`), a subgraph that failed, an internal error, no query plan — becomes
`"<message> (incident <id>)"` with its `code`, `path` and `locations` kept, `requestId` added, its
other extensions (a subgraph's `stacktrace`, `exception`, `serviceName`, …) dropped, and the
original logged with the same incident id (one id per response) and the request id (`x-request-id`,
the access log's `request_id`, the id the agencies log their own failures under), as JSON on one
line. In development mode subgraph errors pass as the agencies sent them (with `serviceName`); the
agencies themselves never send a legacy system's text (`subgraphs/common/failures.py`).

The result is never changed (it may be shared by de-duplicated requests): `on_response`
answers with a new one.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, replace
from typing import Any

from ...config.declare import setting
from ...errors import INTERNAL_SERVER_ERROR
from ...hooks import Plugin, RequestContext
from ...messages import GraphQLResult, IncrementalPart, encode_json

log = logging.getLogger("govgraph.masking")


@dataclass(frozen=True)
class MaskingConfig:
    """Hiding error details from clients."""

    enabled: bool = setting(False, doc="Mask the details of errors that are not the client's own.")
    message: str = setting("An internal error occurred", doc="What a masked error says.")
    expose_codes: tuple[str, ...] = setting(
        ("UNAUTHENTICATED", "FORBIDDEN"),
        doc="Codes of the gateway's own errors in executed results whose messages are kept.",
    )

    @property
    def empty(self) -> bool:
        return not self.enabled


def _code(error: dict[str, Any]) -> str | None:
    extensions = error.get("extensions")
    code = extensions.get("code") if isinstance(extensions, dict) else None
    return code if isinstance(code, str) else None


class MaskingPlugin(Plugin):
    name = "masking"
    Config = MaskingConfig

    def exposed(self, error: dict[str, Any]) -> bool:
        extensions = error.get("extensions")
        from_subgraph = isinstance(extensions, dict) and "serviceName" in extensions
        return not from_subgraph and _code(error) in self.config.expose_codes

    async def on_response(self, ctx: RequestContext, result: GraphQLResult) -> GraphQLResult | None:
        if not result.errors or (not result.executed and 400 <= result.status < 500):
            return None
        errors = self.mask(ctx, result.errors)
        return replace(result, errors=errors, _encoded=None) if errors is not None else None

    async def on_incremental(self, ctx: RequestContext, part: IncrementalPart) -> IncrementalPart | None:
        """A deferred part's errors, masked like a response's."""
        masked = [self.mask(ctx, item.get("errors") or []) for item in part.items]
        if not any(errors is not None for errors in masked):
            return None
        items = [
            {**item, "errors": errors} if errors is not None else item
            for item, errors in zip(part.items, masked, strict=True)
        ]
        return IncrementalPart(items, part.has_next, part.notes)

    def mask(self, ctx: RequestContext, found: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
        """`found` with the details hidden (logged under one incident id); None when none is."""
        hidden = [i for i, error in enumerate(found) if not self.exposed(error)]
        if not hidden:
            return None
        incident = uuid.uuid4().hex[:12]
        request_id = ctx.ensure_request_id()
        originals = encode_json([found[i] for i in hidden]).decode()  # one line, escaped
        log.warning(
            "masked %d error(s), request %s, incident %s: %s", len(hidden), request_id, incident, originals
        )
        errors = list(found)
        for i in hidden:
            errors[i] = self.masked(errors[i], incident, request_id)
        return errors

    def masked(self, error: dict[str, Any], incident: str, request_id: str) -> dict[str, Any]:
        out: dict[str, Any] = {"message": f"{self.config.message} (incident {incident})."}
        for key in ("locations", "path"):
            if key in error:
                out[key] = error[key]
        code = _code(error) or INTERNAL_SERVER_ERROR
        out["extensions"] = {"code": code, "incident": incident, "requestId": request_id}
        return out
