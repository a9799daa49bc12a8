"""The authorization directives: `@authenticated`, `@requiresScopes`, `@policy` (Federation 2.5/2.6).

A subgraph applies them to object types, fields, scalars and enums (never to interfaces,
their fields or interface objects: AUTH_REQUIREMENTS_APPLIED_ON_INTERFACE). Composition
merges every application of one element, within and across subgraphs, as a conjunction:
`@authenticated` if any says so; scopes and policies are alternatives (OR of ANDs), and two
requirements merge to the cross product of their alternatives, each sorted and
de-duplicated, minus alternatives that contain another, shortest first (the reference's
`mergeScopePolicies`). An interface (and each of its fields) gets the requirements of every
object type implementing it, since a client may reach any of them through it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..federation.supergraph_specs import (
    SUPERGRAPH_AUTHENTICATED,
    SUPERGRAPH_POLICY,
    SUPERGRAPH_REQUIRES_SCOPES,
)
from ..federation.table import AUTHENTICATED, POLICY, REQUIRES_SCOPES
from .print import PDirective, string

Alternatives = list[list[str]]
ON_INTERFACE = "AUTH_REQUIREMENTS_APPLIED_ON_INTERFACE"


def merge_alternatives(first: Alternatives, second: Alternatives) -> Alternatives:
    """Both requirements at once, as the reference writes it."""
    if not first or not second:
        return [list(group) for group in (first or second)]
    merged: dict[str, list[str]] = {}
    for a in first:
        for b in second:
            group = sorted(set(a) | set(b))
            merged[",".join(group)] = group
    kept: Alternatives = []
    for candidate in sorted(merged.values(), key=len):
        if not any(set(existing) <= set(candidate) for existing in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda group: (len(group), ",".join(group)))


def alternatives(value: Any) -> Alternatives:
    """A `[[String!]!]!` argument as given (GraphQL's list coercion: `"a"` is `[["a"]]`)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [[value]]
    return [[str(v) for v in group] if isinstance(group, list) else [str(group)] for group in value]


@dataclass
class Access:
    """What one schema element requires of the client."""

    authenticated: bool = False
    scopes: Alternatives = field(default_factory=list)
    policies: Alternatives = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.authenticated or bool(self.scopes) or bool(self.policies)

    def add(self, other: Access) -> None:
        self.authenticated = self.authenticated or other.authenticated
        self.scopes = merge_alternatives(self.scopes, other.scopes)
        self.policies = merge_alternatives(self.policies, other.policies)

    def directives(self) -> list[PDirective]:
        """As the supergraph applies them (after @tag and @inaccessible, before @deprecated)."""
        found = []
        if self.authenticated:
            found.append(PDirective(SUPERGRAPH_AUTHENTICATED.default_name))
        if self.policies:
            found.append(PDirective(SUPERGRAPH_POLICY.default_name, [("policies", _printed(self.policies))]))
        if self.scopes:
            found.append(
                PDirective(SUPERGRAPH_REQUIRES_SCOPES.default_name, [("scopes", _printed(self.scopes))])
            )
        return found


def _printed(groups: Alternatives) -> str:
    return "[" + ", ".join("[" + ", ".join(string(v) for v in group) + "]" for group in groups) + "]"


def union_of(accesses: Iterable[Access]) -> Access:
    total = Access()
    for access in accesses:
        total.add(access)
    return total


def read_access(find: Callable[[Any, str], list[dict[str, Any]]], node: Any) -> tuple[Access, list[str]]:
    """The requirements one SDL node applies (under whatever names the subgraph imported them),
    and the canonical names of the directives it used."""
    access, used = Access(), []
    if find(node, AUTHENTICATED.name):
        access.authenticated = True
        used.append(AUTHENTICATED.name)
    for args in find(node, REQUIRES_SCOPES.name):
        access.scopes = merge_alternatives(access.scopes, alternatives(args.get("scopes")))
        used.append(REQUIRES_SCOPES.name)
    for args in find(node, POLICY.name):
        access.policies = merge_alternatives(access.policies, alternatives(args.get("policies")))
        used.append(POLICY.name)
    return access, used


def on_interface_message(directive: str, what: str) -> str:
    return (
        f"Invalid use of @{directive} on {what}: @{directive} cannot be applied on interfaces, "
        "interface fields and interface objects"
    )
