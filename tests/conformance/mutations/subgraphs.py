"""Subgraphs for the `mutations` scenario: one running total changed by three subgraphs.

`calc` adds, `scale` multiplies (and divides: `divide` is non-null and fails for 0), `audit` notes
(and its non-null `verified` always fails); all three share one in-process `STATE` (the
subgraphs run as threads of the test process), and every mutation appends to `STATE.log`, so the
results reveal the order in which the gateway executed them. Each mutation returns the `Tally`
entity of its step; `audit` adds `entry`, `history` and `logSize`, read live when resolved, so an
entity fetch run after a later mutation would show it. Tests call `reset()` between queries.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import strawberry
from strawberry.asgi import GraphQL


@dataclass
class State:
    value: int = 0
    log: list[str] = field(default_factory=list)
    values: dict[str, int] = field(default_factory=dict)  # step id -> value after that step
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, entry: str, value: int) -> str:
        with self.lock:
            self.value = value
            self.log.append(entry)
            step = str(len(self.log))
            self.values[step] = value
            return step


STATE = State()


def reset() -> None:
    with STATE.lock:
        STATE.value = 0
        STATE.log.clear()
        STATE.values.clear()


# --- calc -----------------------------------------------------------------------------------------


@strawberry.federation.type(keys=["id"])
class Tally:
    id: strawberry.ID

    @strawberry.federation.field(shareable=True)
    def value(self) -> int:
        return STATE.values[self.id]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Tally:
        return cls(id=id)


@strawberry.type
class CalcQuery:
    @strawberry.field
    def total(self) -> int:
        return STATE.value


@strawberry.type
class CalcMutation:
    @strawberry.mutation
    def add(self, n: int) -> Tally:
        return Tally(id=strawberry.ID(STATE.record(f"add {n}", STATE.value + n)))

    @strawberry.federation.mutation(shareable=True)
    def zero(self) -> Tally:
        return Tally(id=strawberry.ID(STATE.record("zero", 0)))


calc = strawberry.federation.Schema(query=CalcQuery, mutation=CalcMutation, federation_version="2.3")


# --- scale ----------------------------------------------------------------------------------------


@strawberry.federation.type(keys=["id"], name="Tally")
class ScaledTally:
    id: strawberry.ID

    @strawberry.federation.field(shareable=True)
    def value(self) -> int:
        return STATE.values[self.id]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> ScaledTally:
        return cls(id=id)


@strawberry.type
class ScaleQuery:
    @strawberry.field
    def factors_applied(self) -> int:
        return sum(1 for entry in STATE.log if entry.startswith("multiply"))


@strawberry.type
class ScaleMutation:
    @strawberry.mutation
    def multiply(self, by: int) -> ScaledTally | None:
        if by <= 0:
            raise ValueError("factor must be positive")
        return ScaledTally(id=strawberry.ID(STATE.record(f"multiply {by}", STATE.value * by)))

    @strawberry.federation.mutation(shareable=True)
    def zero(self) -> ScaledTally:
        return ScaledTally(id=strawberry.ID(STATE.record("zero", 0)))

    @strawberry.mutation
    def divide(self, by: int) -> ScaledTally:
        if by == 0:
            raise ValueError("cannot divide by zero")
        return ScaledTally(id=strawberry.ID(STATE.record(f"divide {by}", STATE.value // by)))


scale = strawberry.federation.Schema(query=ScaleQuery, mutation=ScaleMutation, federation_version="2.3")


# --- audit ----------------------------------------------------------------------------------------


@strawberry.federation.type(keys=["id"], name="Tally")
class AuditedTally:
    id: strawberry.ID
    value: int = strawberry.federation.field(external=True, default=None)

    @strawberry.field
    def entry(self) -> str:
        return STATE.log[int(self.id) - 1]

    @strawberry.field
    def log_size(self) -> int:
        return len(STATE.log)

    @strawberry.field
    def history(self) -> list[str]:
        return list(STATE.log)

    @strawberry.field
    def verified(self) -> str:
        raise ValueError("not verified")

    @strawberry.federation.field(requires=["value"])
    def parity(self) -> str:
        assert self.value is not None, "value was not provided"
        return "even" if self.value % 2 == 0 else "odd"

    @classmethod
    def resolve_reference(cls, id: strawberry.ID, value: int | None = None) -> AuditedTally:
        return cls(id=id, value=value)  # type: ignore[arg-type]


@strawberry.type
class AuditQuery:
    @strawberry.field
    def log(self) -> list[str]:
        return list(STATE.log)


@strawberry.type
class AuditMutation:
    @strawberry.mutation
    def note(self, text: str) -> AuditedTally:
        return AuditedTally(id=strawberry.ID(STATE.record(f"note {text}", STATE.value)))


audit = strawberry.federation.Schema(query=AuditQuery, mutation=AuditMutation, federation_version="2.3")

SCHEMAS = {"calc": calc, "scale": scale, "audit": audit}
APPS = {name: GraphQL(schema) for name, schema in SCHEMAS.items()}
