"""Subgraphs for the `inaccessible` scenario: a patient register (`people`) and a `clinic`.

Hidden from clients (`@inaccessible`), yet used by the gateway:
- `Patient.internalRef`: the only key `clinic` knows patients by;
- `Patient.weightKg`: what `clinic`'s `Patient.riskScore` `@requires`;
- type `AuditTrail` and the fields that return it, argument `patients(includeArchived:)`,
  and enum value `BloodType.LEGACY_X` (patient p-2 still carries it in the register).
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.asgi import GraphQL

PATIENTS: dict[str, dict[str, Any]] = {
    "p-1": {"name": "Ada Lind", "ref": "R-100", "blood": "A", "weight": 60, "archived": False},
    "p-2": {"name": "Bo Stenberg", "ref": "R-200", "blood": "LEGACY_X", "weight": 90, "archived": False},
    "p-3": {"name": "Cy Old", "ref": "R-300", "blood": "O", "weight": 75, "archived": True},
}
APPOINTMENTS: dict[str, list[str]] = {
    "R-100": ["09:00 check-up"],
    "R-200": ["10:30 x-ray", "14:00 follow-up"],
}


# --- people ---------------------------------------------------------------------------------------


@strawberry.enum
class BloodType(Enum):
    A = "A"
    B = "B"
    AB = "AB"
    O = "O"  # noqa: E741
    LEGACY_X = strawberry.federation.enum_value("LEGACY_X", inaccessible=True)


@strawberry.federation.type(inaccessible=True)
class AuditTrail:
    entries: list[str]


@strawberry.federation.type(keys=["id", "internalRef"])
class Patient:
    id: strawberry.ID
    name: str
    internal_ref: str = strawberry.federation.field(inaccessible=True)
    weight_kg: int = strawberry.federation.field(inaccessible=True)
    blood_type: BloodType | None

    @strawberry.federation.field(inaccessible=True)
    def audit(self) -> AuditTrail:
        return AuditTrail(entries=[f"opened {self.id}"])

    @classmethod
    def resolve_reference(cls, **rep: Any) -> Patient:
        if "id" in rep:
            return patient(rep["id"])
        return next(patient(pid) for pid, row in PATIENTS.items() if row["ref"] == rep["internalRef"])


def patient(pid: str) -> Patient:
    row = PATIENTS[pid]
    return Patient(
        id=strawberry.ID(pid),
        name=row["name"],
        internal_ref=row["ref"],
        weight_kg=row["weight"],
        blood_type=BloodType(row["blood"]),
    )


@strawberry.type
class PeopleQuery:
    @strawberry.field
    def patients(
        self, include_archived: Annotated[bool, strawberry.federation.argument(inaccessible=True)] = False
    ) -> list[Patient]:
        return [patient(pid) for pid, row in PATIENTS.items() if include_archived or not row["archived"]]

    @strawberry.field
    def patients_by_blood_type(self, blood_type: BloodType) -> list[Patient]:
        return [patient(pid) for pid, row in PATIENTS.items() if row["blood"] == blood_type.value]

    @strawberry.federation.field(inaccessible=True)
    def audit_trails(self) -> list[AuditTrail]:
        return [AuditTrail(entries=["boot"])]


people = strawberry.federation.Schema(query=PeopleQuery, federation_version="2.3")


# --- clinic ---------------------------------------------------------------------------------------


@strawberry.federation.type(keys=["internalRef"], name="Patient")
class ClinicPatient:
    internal_ref: str = strawberry.federation.field(inaccessible=True)
    weight_kg: int = strawberry.federation.field(external=True, default=None)

    @strawberry.field
    def appointments(self) -> list[str]:
        return APPOINTMENTS.get(self.internal_ref, [])

    @strawberry.federation.field(requires=["weightKg"])
    def risk_score(self) -> int:
        assert self.weight_kg is not None, "weightKg was not provided"
        return self.weight_kg // 10

    @classmethod
    def resolve_reference(cls, internalRef: str, **rep: Any) -> ClinicPatient:
        return cls(internal_ref=internalRef, weight_kg=rep.get("weightKg"))


@strawberry.type
class Appointment:
    time: str
    patient: ClinicPatient


@strawberry.type
class ClinicQuery:
    @strawberry.field
    def appointments_today(self) -> list[Appointment]:
        return [
            Appointment(time="09:00", patient=ClinicPatient(internal_ref="R-100")),
            Appointment(time="10:30", patient=ClinicPatient(internal_ref="R-200")),
        ]


clinic = strawberry.federation.Schema(query=ClinicQuery, federation_version="2.3")

SCHEMAS = {"people": people, "clinic": clinic}
APPS = {name: GraphQL(schema) for name, schema in SCHEMAS.items()}
