"""The personal-data audit trail: every response that carries a citizen's personal data leaves
only after a tamper-evident record of it is durably written (as X-Road and Estonia's Data
Tracker practise it), and citizens ask `myDataAccess` who read their data.

    subgraph response  extensions.govgraph.disclosures   whose data, which fields (disclosures.py)
    on_subgraph_response   collected per execution; travels with a (shared) result
    on_response            one record per citizen, to the group-commit writer (writer.py); the
                           response waits for the commit (`Server-Timing: audit;dur=ms`); the
                           store fails: data withheld, AUDIT_UNAVAILABLE, HTTP 503
    store                  append-only, hash-chained (records.py); SQLite or PostgreSQL (store.py)
    govgraph audit verify | show                                    (gateway/cli/audit.py)

    audit:
      enabled: true
      file: govgraph-audit.sqlite3        # or database: postgresql://...
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

from graphql.language import DocumentNode

from ...config.declare import setting
from ...errors import AUDIT_UNAVAILABLE, error_dict
from ...hooks import ExecuteFn, Plugin, RequestContext, SubgraphRequest
from ...messages import GraphQLResult, IncrementalPart, SubgraphResponse
from . import access
from .disclosures import Collected
from .records import Disclosure
from .store import AuditStore, check_table, open_store
from .writer import AuditUnavailable, GroupCommitWriter, log

COLLECTED = "audit.collected"  # ctx.state and result.notes: the execution's `Collected`


@dataclass(frozen=True)
class AuditConfig:
    """The personal-data audit trail."""

    enabled: bool = setting(False, doc="Record every disclosure of personal data; serve `myDataAccess`.")
    file: str = setting("govgraph-audit.sqlite3", doc="The SQLite file of the log (unless `database`).")
    database: str | None = setting(
        None, doc="A PostgreSQL URL: keep the log there instead.", example="postgresql://audit@db/govgraph"
    )
    table: str = setting("audit_log", doc="The log's table (`name` or `schema.name`).")
    purpose_header: str = setting("x-purpose", doc="The request header that states the purpose.")
    request_id_header: str = setting(
        "x-request-id", doc="The request id header (generated when absent; always sent back)."
    )
    batch_max: int = setting(1000, doc="Records committed in one transaction at most.", minimum=1)
    commit_timeout: float = setting(
        5.0,
        doc="Seconds a response waits for its record; then it is withheld (AUDIT_UNAVAILABLE).",
        minimum=0,
    )

    def __post_init__(self) -> None:
        check_table(self.table)


class AuditPlugin(Plugin):
    name = "audit"
    Config = AuditConfig
    schema_extension = access.SCHEMA_EXTENSION

    def __init__(self, config: AuditConfig | None = None, store: AuditStore | None = None) -> None:
        super().__init__(config)
        cfg: AuditConfig = self.config
        self.store = store or open_store(cfg.file, cfg.database, cfg.table)
        self.writer = GroupCommitWriter(self.store, cfg.batch_max)
        self.queries = access.AccessQueries()

    async def start(self) -> None:
        """Open the log now, so that a problem shows at start; the gateway serves anyway (data
        that needs a record is withheld until the store can be written)."""
        try:
            await self.store.open()
        except Exception as error:
            log.error(
                "audit store %s cannot be opened: %r; personal data will be withheld",
                self.store.description,
                error,
            )

    async def close(self) -> None:
        await self.writer.close()

    async def on_request(self, ctx: RequestContext) -> GraphQLResult | None:
        header = self.config.request_id_header
        ctx.response_headers[header] = ctx.ensure_request_id(header)
        document = self.queries.document(ctx.request.query, ctx.request.operation_name)
        if document is None:
            return None
        refusal = access.invalid(document)
        if refusal is not None:
            return refusal
        principal = ctx.principal
        if principal.kind != "citizen" or not principal.citizen_id:
            return access.refused(principal)
        try:
            records = await self.store.for_citizen(principal.citizen_id, access.MAX_RECORDS)
        except Exception as error:  # the log cannot be read: say so, never a stack trace
            return unavailable(f"The audit log cannot be read: {error.__class__.__name__}.")
        return access.answer(document, ctx.request.variables, records)

    def on_document(self, ctx: RequestContext | None, document: DocumentNode) -> None:
        access.refuse_mixing(document)

    def wrap_execution(self, next_: ExecuteFn) -> ExecuteFn:
        """Innermost of the built-in plugins (inside de-duplication): what the subgraphs reported
        in this execution travels with its result to every request that shares it."""

        async def collecting(ctx: RequestContext) -> GraphQLResult:
            collected = ctx.state[COLLECTED] = Collected()
            result = await next_(ctx)
            if collected:
                result.notes[COLLECTED] = collected
            if result.subsequent is not None:
                result.subsequent = _collect_parts(ctx, result.subsequent)
            return result

        return collecting

    def on_subgraph_response(self, request: SubgraphRequest, response: SubgraphResponse) -> None:
        if response.extensions:
            collected = request.context.state.get(COLLECTED)
            if collected is not None:
                collected.add(request.service, response.extensions)

    async def on_response(self, ctx: RequestContext, result: GraphQLResult) -> GraphQLResult | None:
        refusal = await self.audit(ctx, result.notes.get(COLLECTED))
        return unavailable(refusal) if refusal is not None else None

    async def on_incremental(self, ctx: RequestContext, part: IncrementalPart) -> IncrementalPart | None:
        """A deferred part is audited like a whole response before it leaves (its personal data
        withheld, each item `data: null`, when the record cannot be written)."""
        refusal = await self.audit(ctx, part.notes.get(COLLECTED))
        if refusal is None:
            return None
        error = error_dict(refusal, AUDIT_UNAVAILABLE)
        items = [{**item, "data": None, "errors": [error]} for item in part.items]
        return IncrementalPart(items, part.has_next)

    async def audit(self, ctx: RequestContext, collected: Collected | None) -> str | None:
        """Record what was collected; the reason to withhold the data when that fails."""
        if not collected:
            return None
        if collected.malformed:
            return "A subgraph reported its disclosure of personal data in a malformed way."
        started = time.perf_counter()
        try:
            await self.writer.record(self.disclosures(ctx, collected), self.config.commit_timeout)
        except AuditUnavailable:
            return "The personal data cannot be served: its audit record cannot be written."
        waited = f"audit;dur={(time.perf_counter() - started) * 1000:.3f}"  # the wait for the commit
        timing = ctx.response_headers.get("server-timing")
        ctx.response_headers["server-timing"] = f"{timing}, {waited}" if timing else waited
        return None

    def disclosures(self, ctx: RequestContext, collected: Collected) -> list[Disclosure]:
        principal, request = ctx.principal, ctx.request
        at = datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
        operation_hash = hashlib.sha256(request.query.encode()).hexdigest()
        purpose = ctx.headers.get(self.config.purpose_header) or None
        return [
            Disclosure(
                at=at,
                request_id=ctx.ensure_request_id(self.config.request_id_header),
                reader=principal.subject,
                reader_kind=principal.kind,
                client_id=principal.client_id,
                citizen=citizen,
                fields=fields,
                purpose=purpose,
                operation_hash=operation_hash,
                operation_name=request.operation_name or _operation_name(ctx),
            )
            for citizen, fields in collected.per_citizen()
        ]


def _operation_name(ctx: RequestContext) -> str | None:
    operation = ctx.operation.operation if ctx.operation is not None else None
    return operation.name.value if operation is not None and operation.name is not None else None


async def _collect_parts(
    ctx: RequestContext, parts: AsyncIterator[IncrementalPart]
) -> AsyncIterator[IncrementalPart]:
    """What the subgraphs report while a deferred part runs travels with that part."""
    iterator = aiter(parts)
    while True:
        collected = ctx.state[COLLECTED] = Collected()
        try:
            part = await anext(iterator)
        except StopAsyncIteration:
            return
        if collected:
            part.notes[COLLECTED] = collected
        yield part


def unavailable(message: str) -> GraphQLResult:
    return GraphQLResult(data=None, errors=[error_dict(message, AUDIT_UNAVAILABLE)], status=503)


__all__ = ["AuditConfig", "AuditPlugin"]
