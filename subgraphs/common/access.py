"""Who may read which personal data in an agency subgraph, and the report of what was read.

Every agency app keeps one `GatewayIdentity` (the `x-govgraph-identity` verifier with a cache keyed on
the token text) and puts an `Access` in each request's context. Personal fields are declared with
`personal_field(...)`: the SDL carries `@tag(name: "personal-data")` and the resolver is guarded:

    given_name: str = personal_field()                      # Citizen.givenName, subject = the Citizen's id

    @personal_field(description="...")
    async def tax_account(self, info: Info) -> TaxAccount | None: ...

The rules (`Access.refusal`):
- anonymous (no token): no personal data;
- a citizen: their own data only (and, through `children`, their minor children's: `guardian`);
- an official or a service: the agency's read scope (`registry:read`, `tax:read`, ...) AND a purpose
  (the `purpose` claim, from the client's `x-purpose` header).
A refusal is a FORBIDDEN error at that field (null there, the rest of the response stays). What was
returned is reported to the gateway's audit trail in `extensions.govgraph.disclosures`
(`AgencySchema` adds it), one entry per citizen with the schema coordinates returned. A request whose
`x-govgraph-identity` does not verify is answered with one UNAUTHENTICATED error and no data.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
import strawberry
from graphql import ExecutionResult, GraphQLError
from strawberry.extensions import FieldExtension, SchemaExtension
from strawberry.types import Info

from subgraphs.common.failures import INTERNAL, FailureReport, failure_code
from subgraphs.common.identity import HEADER, IdentityVerifier, InvalidIdentity, VerifiedCaller

PERSONAL_TAG = "personal-data"
EXPECTED_CODES = frozenset({"FORBIDDEN", "UNAUTHENTICATED"})
logger = logging.getLogger(__name__)


class GatewayIdentity:
    """One per app: verifies `x-govgraph-identity` for `subgraph`, remembering verified tokens (by their
    text) until they expire. The key file (`public_key`, else `$GOVGRAPH_GATEWAY_PUBLIC_KEY`) is read when
    first needed and until it can be (a deployment may write it after the subgraph starts); without one
    every token is refused: the subgraph serves anonymous callers only."""

    def __init__(self, subgraph: str, public_key: str | Path | None = None, cache_size: int = 4096) -> None:
        self.subgraph = subgraph
        self.public_key = public_key
        self.cache_size = cache_size
        self._verifier: IdentityVerifier | None = None
        self._cache: OrderedDict[str, tuple[VerifiedCaller, float]] = OrderedDict()

    def verifier(self) -> IdentityVerifier:
        if self._verifier is None:
            try:
                self._verifier = IdentityVerifier(self.subgraph, self.public_key)
            except (ValueError, OSError) as exc:
                logger.warning("%s cannot verify x-govgraph-identity: %s", self.subgraph, exc)
                raise InvalidIdentity("this subgraph has no key to verify x-govgraph-identity with") from None
        return self._verifier

    def caller(self, headers: Mapping[str, str]) -> VerifiedCaller | None:
        """The verified caller, None without the header; raises `InvalidIdentity`."""
        token = headers.get(HEADER)
        if token is None:
            return None
        token = token.strip()
        found = self._cache.get(token)
        if found is not None and found[1] > time.time():
            return found[0]
        caller = self.verifier().verify(token)
        expires = float(jwt.decode(token, options={"verify_signature": False})["exp"])
        self._cache[token] = (caller, expires)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return caller

    def access(self, headers: Mapping[str, str]) -> Access:
        """The request's `Access` (an invalid token is kept as `invalid`, answered by `AgencySchema`)."""
        try:
            return Access(self.subgraph, self.caller(headers))
        except InvalidIdentity as exc:
            return Access(self.subgraph, None, invalid=str(exc))


def forbidden(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "FORBIDDEN"})


@dataclass
class Access:
    """The caller of one request, what it may read, and what it was given."""

    agency: str
    caller: VerifiedCaller | None
    invalid: str | None = None
    disclosed: dict[str, set[str]] = field(default_factory=dict)

    @property
    def scope(self) -> str:
        return f"{self.agency}:read"

    @property
    def citizen_id(self) -> str | None:
        """The signed-in citizen's personal code (None for anyone else)."""
        return self.caller.citizen_id if self.caller is not None and self.caller.kind == "citizen" else None

    def refusal(self, citizen: str, guardian: str | None = None) -> GraphQLError | None:
        """Why this caller may not read `citizen`'s personal data here (None: it may). `guardian`: the
        parent through whom a minor child was reached."""
        caller = self.caller
        if caller is None:
            return forbidden(
                "Personal data: sign in as the citizen, or as an official with the scope "
                f"{self.scope} and a purpose (x-purpose header)"
            )
        if caller.kind == "citizen":
            if caller.citizen_id is not None and caller.citizen_id in (citizen, guardian):
                return None
            return forbidden("A citizen may read only their own personal data")
        if not caller.has_scope(self.scope):
            return forbidden(f"Reading personal data in {self.agency} needs the scope {self.scope}")
        if not (caller.purpose or "").strip():
            return forbidden("State the purpose of reading personal data in the x-purpose header")
        return None

    def require(self, citizen: str, guardian: str | None = None) -> None:
        error = self.refusal(citizen, guardian)
        if error is not None:
            raise error

    def disclose(self, citizen: str, coordinate: str) -> None:
        self.disclosed.setdefault(citizen, set()).add(coordinate)

    def report(self) -> list[dict[str, Any]]:
        return [{"citizen": c, "fields": sorted(f)} for c, f in sorted(self.disclosed.items())]


def _find(context: Any) -> Access | None:
    found = context.get("access") if isinstance(context, dict) else getattr(context, "access", None)
    return found if isinstance(found, Access) else None


def access_of(context: Any) -> Access:
    found = _find(context)
    if found is None:
        raise RuntimeError("the request context carries no Access")
    return found


def coordinate(info: Info) -> str:
    return f"{info.path.typename}.{info.field_name}"


class PersonalData(FieldExtension):
    """Guards a field of an object with `id` (the citizen) and reports it when returned."""

    def _check(self, source: Any, info: Info) -> tuple[Access, str]:
        access = access_of(info.context)
        citizen = str(source.id)
        access.require(citizen, getattr(source, "guardian", None))
        return access, citizen

    def resolve(self, next_: Callable[..., Any], source: Any, info: Info, **kwargs: Any) -> Any:
        access, citizen = self._check(source, info)
        result = next_(source, info, **kwargs)
        access.disclose(citizen, coordinate(info))
        return result

    async def resolve_async(self, next_: Callable[..., Any], source: Any, info: Info, **kwargs: Any) -> Any:
        access, citizen = self._check(source, info)
        result = await next_(source, info, **kwargs)
        access.disclose(citizen, coordinate(info))
        return result


def personal_field(resolver: Any = None, **kwargs: Any) -> Any:
    """`strawberry.federation.field` tagged `personal-data` and guarded by `PersonalData`."""
    options = dict(kwargs, tags=[PERSONAL_TAG], extensions=[PersonalData()])
    if resolver is None:
        return strawberry.federation.field(**options)
    return strawberry.federation.field(resolver, **options)


class DisclosureReport(SchemaExtension):
    """Refuses an invalid identity before execution; reports the disclosures after it."""

    def on_execute(self) -> Iterator[None]:
        access = _find(self.execution_context.context)  # none: in-process `execute_sync` (schema export)
        if access is not None and access.invalid is not None:
            error = GraphQLError(access.invalid, extensions={"code": "UNAUTHENTICATED"})
            self.execution_context.result = ExecutionResult(data=None, errors=[error])
        yield

    def get_results(self) -> dict[str, Any]:
        access = _find(self.execution_context.context)
        report = access.report() if access is not None else []
        return {"govgraph": {"disclosures": report}} if report else {}


class AgencySchema(strawberry.federation.Schema):
    """A federation schema with `DisclosureReport` and `FailureReport`; FORBIDDEN and UNAUTHENTICATED
    are answers, not crashes to log; legacy failures are logged (once, escaped) by `FailureReport`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["extensions"] = [DisclosureReport, FailureReport, *kwargs.get("extensions", [])]
        super().__init__(*args, **kwargs)

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        unexpected = [e for e in errors if (e.extensions or {}).get("code") not in EXPECTED_CODES]
        unexpected = [e for e in unexpected if failure_code(e) in (None, INTERNAL)]  # a traceback
        super().process_errors(unexpected, execution_context)
