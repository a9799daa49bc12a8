"""What a type or field requires of the client: the supergraph's `@authenticated`,
`@requiresScopes` and `@policy` (authenticated/v0.1, requiresScopes/v0.1, policy/v0.1).

Scopes and policies are alternatives: the client meets them when it holds every name of at
least one group (an OR of ANDs). A field requires what it carries and what its return type
carries (Apollo's rule: a field returning an `@authenticated` type is `@authenticated`),
unless that type is abstract: an interface's requirements (composition gives it those of
every implementation) hold for the fields selected on the interface itself, while a fragment
on an implementation needs only that implementation's (as Apollo Router filters them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..federation.supergraph_specs import (
    SUPERGRAPH_AUTHENTICATED,
    SUPERGRAPH_POLICY,
    SUPERGRAPH_REQUIRES_SCOPES,
)

Groups = tuple[frozenset[str], ...]  # alternatives, each a set required together


def conjunction(first: Groups, second: Groups) -> Groups:
    """Both requirements at once (no requirement on either side: the other one)."""
    if not first or not second:
        return first or second
    merged = {a | b for a in first for b in second}
    minimal = [g for g in merged if not any(other < g for other in merged)]
    return tuple(sorted(minimal, key=lambda g: (len(g), sorted(g))))


def met(groups: Groups, held: frozenset[str]) -> bool:
    return not groups or any(group <= held for group in groups)


@dataclass(frozen=True, slots=True)
class Requirements:
    authenticated: bool = False
    scopes: Groups = ()
    policies: Groups = ()

    def __bool__(self) -> bool:
        return self.authenticated or bool(self.scopes) or bool(self.policies)

    def and_(self, other: Requirements) -> Requirements:
        if not other:
            return self
        if not self:
            return other
        return Requirements(
            self.authenticated or other.authenticated,
            conjunction(self.scopes, other.scopes),
            conjunction(self.policies, other.policies),
        )

    def policy_names(self) -> frozenset[str]:
        return frozenset().union(*self.policies)


NONE = Requirements()
CANONICAL = (SUPERGRAPH_AUTHENTICATED.name, SUPERGRAPH_REQUIRES_SCOPES.name, SUPERGRAPH_POLICY.name)


def _groups(value: Any) -> Groups:
    if isinstance(value, str):
        return (frozenset((value,)),)
    return tuple(frozenset([g] if isinstance(g, str) else map(str, g)) for g in value or ())


def read_requirements(applied: Iterable[tuple[str, dict[str, Any]]]) -> Requirements:
    """(canonical directive name, arguments) of each authorization directive on one element."""
    found = NONE
    for name, args in applied:
        if name == SUPERGRAPH_AUTHENTICATED.name:
            found = found.and_(Requirements(authenticated=True))
        elif name == SUPERGRAPH_REQUIRES_SCOPES.name:
            found = found.and_(Requirements(scopes=_groups(args.get("scopes"))))
        elif name == SUPERGRAPH_POLICY.name:
            found = found.and_(Requirements(policies=_groups(args.get("policies"))))
    return found
