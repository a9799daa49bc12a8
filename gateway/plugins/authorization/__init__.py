"""Authorization by the supergraph's `@authenticated`, `@requiresScopes` and `@policy`, enforced
before planning, for the request's principal (`ctx.principal`, set by the identity plugin):

- `@authenticated`: any principal but the anonymous one;
- `@requiresScopes`: the principal's `scopes` hold every scope of at least one group;
- `@policy`: the named policies, Python callables `function(principal, ctx) -> bool` (from
  `policies: {name: "package.module:function"}` or given to the plugin), hold for at least one
  group; an unknown policy, or one that raises, denies.

Every field the principal may not see (and every fragment on a type it may not see) is removed
from the operation before it is planned (no subgraph is asked for it), answered null (with
the spec's null propagation for a non-null one, and no further error), and reported with one
error each: `Unauthorized field or type`, `extensions.code: UNAUTHORIZED_FIELD_OR_TYPE`, its
`path` as Apollo Router writes them (`"@"` for every element of a list, `"... on T"` for a
fragment); none for a position the request's `@skip`/`@include` leave out.
`reject_unauthorized: true` refuses such an operation instead: HTTP 403, no data, the same
errors.

Which positions carry which requirements is worked out once per compiled operation; per
request it costs one check per distinct requirement, and the narrowed documents are kept per
set of met requirements. That set is also this plugin's `request_key`: requests of principals
who may see different things never share an execution.

    authorization:
      reject_unauthorized: false
      policies: { owner: "myorg.policies:is_owner" }
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from graphql.language import DirectiveNode

from ...cache import BoundedCache
from ...config.declare import setting
from ...errors import UNAUTHORIZED_FIELD_OR_TYPE, GovgraphError, error_dict
from ...hooks import Narrowing, Plugin, RequestContext
from ...messages import GraphQLResult, Principal
from ...operation import PreparedOperation
from ...operation.conditions import is_excluded
from ...supergraph import Supergraph
from ...supergraph.access import Requirements, met
from .analysis import Analysis, analyse
from .narrow import narrow

log = logging.getLogger("govgraph")
Policy = Callable[[Principal, RequestContext], bool]
MESSAGE = "Unauthorized field or type"
_MET = "authorization.met"  # ctx.state: the requirements this request meets


class PolicyError(GovgraphError):
    """A policy named in the configuration cannot be loaded."""


@dataclass(frozen=True)
class AuthorizationConfig:
    """Enforcing the supergraph's @authenticated, @requiresScopes and @policy."""

    enabled: bool = setting(True, doc="Enforce the authorization directives.")
    reject_unauthorized: bool = setting(
        False, doc="Refuse an operation selecting anything unauthorized (403) instead of removing it."
    )
    policies: dict[str, str] = setting(
        default_factory=dict,
        doc="@policy name -> `package.module:function`, called as function(principal, ctx) -> bool.",
        example={"owner": "myorg.policies:is_owner"},
    )


def load_policy(reference: str) -> Policy:
    module_name, sep, attribute = reference.partition(":")
    try:
        found = getattr(importlib.import_module(module_name), attribute) if sep else None
    except (ImportError, AttributeError) as error:
        raise PolicyError(f"policy {reference}: {error}") from error
    if not callable(found):
        raise PolicyError(f"a policy is a callable named as package.module:function, not {reference!r}")
    return found  # type: ignore[no-any-return]


@dataclass(frozen=True)
class _Outcome:
    """The narrowing for one set of met requirements; `guarded`: (error index, the @skip/@include
    around it) for errors at positions a request's variables may leave out."""

    narrowing: Narrowing
    guarded: tuple[tuple[int, tuple[DirectiveNode, ...]], ...]

    def for_variables(self, variables: dict[str, Any]) -> Narrowing:
        left_out = {i for i, guards in self.guarded if is_excluded(guards, variables)}
        if not left_out:
            return self.narrowing
        errors = tuple(e for i, e in enumerate(self.narrowing.errors) if i not in left_out)
        return replace(self.narrowing, errors=errors)


@dataclass
class _Entry:
    """One compiled operation's analysis, and its narrowings per set of met requirements."""

    prepared: PreparedOperation
    supergraph: Supergraph
    analysis: Analysis
    outcomes: dict[tuple[bool, ...], _Outcome] = field(default_factory=dict)

    def outcome(self, satisfied: tuple[bool, ...], query: str) -> _Outcome:
        found = self.outcomes.get(satisfied)
        if found is None:
            failing = self.analysis.failing(satisfied)
            fields = {c.node for c in failing if c.is_field}
            fragments = {c.node for c in failing if not c.is_field}
            narrowed = narrow(self.prepared.document, self.prepared.operation, fields, fragments)
            errors = tuple(
                error_dict(MESSAGE, UNAUTHORIZED_FIELD_OR_TYPE, path=list(c.path)) for c in failing
            )
            guarded = tuple((i, c.guards) for i, c in enumerate(failing) if c.guards)
            found = _Outcome(Narrowing(narrowed.plan_query, narrowed.shape_query or query, errors), guarded)
            if len(self.outcomes) < 64:
                self.outcomes[satisfied] = found
        return found


class AuthorizationPlugin(Plugin):
    name = "authorization"
    Config = AuthorizationConfig

    def __init__(
        self, config: AuthorizationConfig | None = None, policies: Mapping[str, Policy] | None = None
    ):
        super().__init__(config)
        self.policies: dict[str, Policy] = {n: load_policy(r) for n, r in self.config.policies.items()}
        self.policies.update(policies or {})
        self._entries = BoundedCache[tuple[str, str | None], _Entry]("authorization", 1000)

    def request_key(self, ctx: RequestContext) -> Hashable | None:
        found: Hashable | None = ctx.state.get(_MET)
        return found

    async def on_operation(self, ctx: RequestContext) -> GraphQLResult | None:
        supergraph, prepared = ctx.supergraph, ctx.operation
        if supergraph is None or prepared is None or not supergraph.has_requirements:
            return None
        entry = self._entry(ctx, supergraph, prepared)
        requirements = entry.analysis.requirements
        if not requirements:
            return None
        policies: dict[str, bool] = {}
        satisfied = tuple(self.meets(r, ctx, policies) for r in requirements)
        ctx.state[_MET] = frozenset(r for r, ok in zip(requirements, satisfied, strict=True) if ok)
        if all(satisfied):
            return None
        narrowing = entry.outcome(satisfied, ctx.request.query).for_variables(ctx.variables)
        if self.config.reject_unauthorized and narrowing.errors:
            return GraphQLResult(errors=[dict(e) for e in narrowing.errors], executed=False, status=403)
        ctx.narrowed = narrowing
        return None

    def _entry(self, ctx: RequestContext, supergraph: Supergraph, prepared: PreparedOperation) -> _Entry:
        key = (ctx.request.query, ctx.request.operation_name)
        entry = self._entries.get(key)
        if entry is None or entry.prepared is not prepared or entry.supergraph is not supergraph:
            entry = _Entry(prepared, supergraph, analyse(supergraph, prepared))
            self._entries.put(key, entry)
        return entry

    def meets(self, requirements: Requirements, ctx: RequestContext, policies: dict[str, bool]) -> bool:
        principal = ctx.principal
        if requirements.authenticated and principal.anonymous:
            return False
        if not met(requirements.scopes, principal.scopes):
            return False
        if not requirements.policies:
            return True
        for name in requirements.policy_names():
            if name not in policies:
                policies[name] = self.evaluate(name, ctx)
        return met(requirements.policies, frozenset(n for n, ok in policies.items() if ok))

    def evaluate(self, name: str, ctx: RequestContext) -> bool:
        policy = self.policies.get(name)
        if policy is None:
            log.warning("@policy %r has no registered function: denied", name)
            return False
        try:
            return bool(policy(ctx.principal, ctx))
        except Exception:  # a failing policy denies; it must not fail the request
            log.exception("@policy %r failed: denied", name)
            return False


__all__ = ["AuthorizationConfig", "AuthorizationPlugin", "Policy", "PolicyError", "load_policy"]
