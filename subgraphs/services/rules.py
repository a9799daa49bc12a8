"""Eligibility rules: the catalogue's `TINGIMUS` codes, parsed once and evaluated per citizen.

A rule is clauses joined by ` AND `; each clause is `NAME` or `NAME:NUMBER`:

    ALWAYS · AGE_AT_LEAST:n · AGE_BELOW:n · HAS_CHILD_UNDER:n (years) · CHILDREN_AT_LEAST:n
    HAS_INCOME · INCOME_BELOW:x · INCOME_AT_LEAST:x (EUR, last full year) · HAS_VEHICLE · NO_VEHICLE

Unknown facts make a clause false (an unknown age is not "at least 18"); an unknown income counts
as no income, which is what the tax board's missing declaration means.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


class RuleError(ValueError):
    """A rule code the catalogue export should not contain."""


@dataclass(frozen=True, slots=True)
class Facts:
    age: int | None
    child_ages: tuple[int | None, ...]
    annual_income: float | None
    vehicle_count: int


def _income(f: Facts) -> float:
    return f.annual_income or 0.0


_CHECKS: dict[str, Callable[[Facts, float], bool]] = {
    "ALWAYS": lambda f, _: True,
    "AGE_AT_LEAST": lambda f, n: f.age is not None and f.age >= n,
    "AGE_BELOW": lambda f, n: f.age is not None and f.age < n,
    "HAS_CHILD_UNDER": lambda f, n: any(a is not None and a < n for a in f.child_ages),
    "CHILDREN_AT_LEAST": lambda f, n: len(f.child_ages) >= n,
    "HAS_INCOME": lambda f, _: _income(f) > 0,
    "INCOME_BELOW": lambda f, x: _income(f) < x,
    "INCOME_AT_LEAST": lambda f, x: _income(f) >= x,
    "HAS_VEHICLE": lambda f, _: f.vehicle_count > 0,
    "NO_VEHICLE": lambda f, _: f.vehicle_count == 0,
}
_TAKES_ARGUMENT = {
    "AGE_AT_LEAST",
    "AGE_BELOW",
    "HAS_CHILD_UNDER",
    "CHILDREN_AT_LEAST",
    "INCOME_BELOW",
    "INCOME_AT_LEAST",
}


@dataclass(frozen=True, slots=True)
class Clause:
    name: str
    argument: float

    def holds(self, facts: Facts) -> bool:
        return _CHECKS[self.name](facts, self.argument)


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    clauses: tuple[Clause, ...]

    def holds(self, facts: Facts) -> bool:
        return all(clause.holds(facts) for clause in self.clauses)


def parse_rule(code: str) -> Rule:
    clauses = []
    for part in code.split(" AND "):
        name, _, arg = part.strip().partition(":")
        if name not in _CHECKS:
            raise RuleError(f"unknown rule clause {name!r} in {code!r}")
        if (name in _TAKES_ARGUMENT) != bool(arg):
            raise RuleError(f"clause {name!r} {'needs' if name in _TAKES_ARGUMENT else 'takes no'} argument")
        try:
            clauses.append(Clause(name, float(arg) if arg else 0.0))
        except ValueError:
            raise RuleError(f"clause {name!r} has a non-numeric argument {arg!r}") from None
    return Rule(code, tuple(clauses))
