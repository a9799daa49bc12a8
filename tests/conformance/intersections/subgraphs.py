"""Subgraphs for the `intersections` scenario: building `permits` and their `inspections`.

Composition rules exercised (the supergraph keeps):
- `Priority` (input-only enum): the intersection LOW, NORMAL, URGENT — `permits` also has EMERGENCY.
- `Outcome` (output-only enum): the union APPROVED, REJECTED (permits) + PASSED, FAILED (inspections).
- `District` (input and output): identical in both subgraphs.
- `PermitFilter` (input object): the intersection {status, district} — `permits` also has `applicant`,
  `inspections` also has `inspector`.
"""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry.asgi import GraphQL


@strawberry.enum
class District(Enum):
    NORTH = "NORTH"
    SOUTH = "SOUTH"
    HARBOUR = "HARBOUR"


PERMITS = {
    "pm-1": {
        "district": "NORTH",
        "status": "open",
        "applicant": "Lia",
        "decision": "APPROVED",
        "priority": "URGENT",
    },
    "pm-2": {
        "district": "HARBOUR",
        "status": "open",
        "applicant": "Sven",
        "decision": "REJECTED",
        "priority": "LOW",
    },
    "pm-3": {
        "district": "SOUTH",
        "status": "closed",
        "applicant": "Lia",
        "decision": "APPROVED",
        "priority": "NORMAL",
    },
}
INSPECTIONS = {
    "pm-1": [("PASSED", "URGENT", "roof ok", "Ivo"), ("FAILED", "LOW", "stairs too steep", "Ada")],
    "pm-2": [("PASSED", "NORMAL", "drainage ok", "Ivo")],
}


# --- permits --------------------------------------------------------------------------------------


@strawberry.enum(name="Priority")
class PermitsPriority(Enum):
    LOW = "LOW"
    NORMAL = "NORMAL"
    URGENT = "URGENT"
    EMERGENCY = "EMERGENCY"


@strawberry.enum(name="Outcome")
class Decision(Enum):
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


@strawberry.input(name="PermitFilter")
class PermitsFilter:
    status: str | None = None
    district: District | None = None
    applicant: str | None = None


@strawberry.federation.type(keys=["id"])
class Permit:
    id: strawberry.ID
    district: District
    status: str
    decision: Decision

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Permit:
        return permit(id)


def permit(pid: str) -> Permit:
    row = PERMITS[pid]
    return Permit(
        id=strawberry.ID(pid),
        district=District(row["district"]),
        status=row["status"],
        decision=Decision(row["decision"]),
    )


def matches(row: dict[str, str], flt: PermitsFilter | None) -> bool:
    if flt is None:
        return True
    wanted = {
        "status": flt.status,
        "district": flt.district and flt.district.value,
        "applicant": flt.applicant,
    }
    return all(value is None or row[key] == value for key, value in wanted.items())


@strawberry.type
class PermitsQuery:
    @strawberry.field
    def permits(
        self, filter: PermitsFilter | None = None, priority: PermitsPriority | None = None
    ) -> list[Permit]:
        return [
            permit(pid)
            for pid, row in PERMITS.items()
            if matches(row, filter) and (priority is None or row["priority"] == priority.value)
        ]


permits = strawberry.federation.Schema(query=PermitsQuery, federation_version="2.3")


# --- inspections ----------------------------------------------------------------------------------


@strawberry.enum(name="Priority")
class InspectionsPriority(Enum):
    LOW = "LOW"
    NORMAL = "NORMAL"
    URGENT = "URGENT"


@strawberry.enum(name="Outcome")
class Outcome(Enum):
    PASSED = "PASSED"
    FAILED = "FAILED"


@strawberry.input(name="PermitFilter")
class InspectionsFilter:
    status: str | None = None
    district: District | None = None
    inspector: str | None = None


@strawberry.type
class Inspection:
    outcome: Outcome
    note: str


@strawberry.federation.type(keys=["id"], name="Permit")
class InspectedPermit:
    id: strawberry.ID

    @strawberry.field
    def inspections(self, priority: InspectionsPriority | None = None) -> list[Inspection]:
        return [
            Inspection(outcome=Outcome(outcome), note=note)
            for outcome, prio, note, _ in INSPECTIONS.get(self.id, [])
            if priority is None or prio == priority.value
        ]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> InspectedPermit:
        return cls(id=id)


@strawberry.type
class InspectionsQuery:
    @strawberry.field
    def inspected_permits(self, filter: InspectionsFilter) -> list[InspectedPermit]:
        # inspections keeps its own copy of each permit's district; status is not its business.
        district = filter.district and filter.district.value
        return [
            InspectedPermit(id=strawberry.ID(pid))
            for pid in INSPECTIONS
            if district is None or PERMITS[pid]["district"] == district
        ]


inspections = strawberry.federation.Schema(query=InspectionsQuery, federation_version="2.3")

SCHEMAS = {"permits": permits, "inspections": inspections}
APPS = {name: GraphQL(schema) for name, schema in SCHEMAS.items()}
