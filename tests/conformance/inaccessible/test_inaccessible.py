"""Conformance: `@inaccessible` types, fields, arguments and enum values.

Clients can neither see (introspection) nor use (validation) anything inaccessible, while the
gateway still uses inaccessible fields to plan: `Patient.internalRef` is the only key `clinic`
resolves patients by, and `clinic`'s `riskScore` `@requires` the inaccessible `weightKg`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest.mock import ANY

import pytest

from tests.conformance.inaccessible.subgraphs import APPS
from tests.support.cases import Case, Mentions, scenario_fixture

FOLDER = Path(__file__).parent
INVALID = "GRAPHQL_VALIDATION_FAILED"


def invalid(word: str) -> dict[str, Any]:
    return {"errors": [{"message": Mentions(word), "extensions": {"code": INVALID}}]}


CASES = [
    Case(
        "accessible_fields_only",
        "{ patients { id name } }",
        {"data": {"patients": [{"id": "p-1", "name": "Ada Lind"}, {"id": "p-2", "name": "Bo Stenberg"}]}},
        requests={"people": 1, "clinic": 0},
    ),
    Case(
        "inaccessible_field_used_as_key",
        "{ patients { name appointments } }",
        {
            "data": {
                "patients": [
                    {"name": "Ada Lind", "appointments": ["09:00 check-up"]},
                    {"name": "Bo Stenberg", "appointments": ["10:30 x-ray", "14:00 follow-up"]},
                ]
            }
        },
        # people: patients {name internalRef}; clinic: _entities by internalRef (its only key).
        requests={"people": 1, "clinic": 1},
    ),
    Case(
        "inaccessible_field_used_by_requires",
        "{ patients { name riskScore } }",
        {
            "data": {
                "patients": [{"name": "Ada Lind", "riskScore": 6}, {"name": "Bo Stenberg", "riskScore": 9}]
            }
        },
        # people: patients {name internalRef weightKg}; clinic: _entities with weightKg -> riskScore.
        requests={"people": 1, "clinic": 1},
    ),
    Case(
        "entity_reached_by_inaccessible_key",
        "{ appointmentsToday { time patient { name } } }",
        {
            "data": {
                "appointmentsToday": [
                    {"time": "09:00", "patient": {"name": "Ada Lind"}},
                    {"time": "10:30", "patient": {"name": "Bo Stenberg"}},
                ]
            }
        },
        # clinic returns patients as {internalRef}; one people _entities fetch by that key.
        requests={"clinic": 1, "people": 1},
    ),
    Case(
        "accessible_enum_value_as_argument",
        "{ patientsByBloodType(bloodType: A) { name bloodType } }",
        {"data": {"patientsByBloodType": [{"name": "Ada Lind", "bloodType": "A"}]}},
    ),
    Case(
        "inaccessible_enum_value_in_output_is_a_field_error",
        "{ patients { id bloodType } }",
        # LEGACY_X is not a value of the API schema's BloodType: serializing it fails, the nullable
        # field becomes null with an error at the client's path (GraphQL spec, "Enums: result coercion").
        # Apollo Gateway nulls the value silently, without an error; we keep the spec's answer.
        {
            "data": {"patients": [{"id": "p-1", "bloodType": "A"}, {"id": "p-2", "bloodType": None}]},
            "errors": [{"message": ANY, "path": ["patients", 1, "bloodType"], "extensions": {"code": ANY}}],
        },
    ),
    Case("inaccessible_field_rejected", "{ patients { id internalRef } }", invalid("internalRef")),
    Case("inaccessible_requires_source_rejected", "{ patients { weightKg } }", invalid("weightKg")),
    Case(
        "inaccessible_argument_rejected",
        "{ patients(includeArchived: true) { id } }",
        invalid("includeArchived"),
    ),
    Case(
        "inaccessible_enum_value_rejected",
        "{ patientsByBloodType(bloodType: LEGACY_X) { id } }",
        invalid("LEGACY_X"),
    ),
    Case("inaccessible_root_field_rejected", "{ auditTrails { entries } }", invalid("auditTrails")),
    Case("field_of_inaccessible_type_rejected", "{ patients { audit { entries } } }", invalid("audit")),
    Case(
        "fragment_on_inaccessible_type_rejected",
        "{ patients { id ... on AuditTrail { entries } } }",
        invalid("AuditTrail"),
        requests={"people": 0, "clinic": 0},
    ),
    Case("introspection_hides_type", '{ __type(name: "AuditTrail") { name } }', {"data": {"__type": None}}),
    Case(
        "introspection_hides_fields",
        '{ __type(name: "Patient") { fields { name } } }',
        {
            "data": {
                "__type": {
                    "fields": [
                        {"name": "appointments"},
                        {"name": "riskScore"},
                        {"name": "id"},
                        {"name": "name"},
                        {"name": "bloodType"},
                    ]
                }
            }
        },
        requests={"people": 0, "clinic": 0},
    ),
    Case(
        "introspection_hides_enum_value",
        '{ __type(name: "BloodType") { enumValues { name } } }',
        {"data": {"__type": {"enumValues": [{"name": "A"}, {"name": "B"}, {"name": "AB"}, {"name": "O"}]}}},
    ),
    Case(
        "introspection_hides_argument_and_root_field",
        '{ __type(name: "Query") { fields { name args { name } } } }',
        {
            "data": {
                "__type": {
                    "fields": [
                        {"name": "appointmentsToday", "args": []},
                        {"name": "patients", "args": []},
                        {"name": "patientsByBloodType", "args": [{"name": "bloodType"}]},
                    ]
                }
            }
        },
    ),
]


sc = scenario_fixture(FOLDER / "supergraph.graphql", APPS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_inaccessible(sc: Any, case: Case) -> None:
    assert case.response(sc) == case.expected
    assert case.requests_sent(sc) == case.requests


def test_schema_types_exclude_inaccessible_and_federation_machinery(sc: Any) -> None:
    response = sc.query("{ __schema { types { name } } }")
    names = {t["name"] for t in response["data"]["__schema"]["types"] if not t["name"].startswith("__")}
    # no AuditTrail (inaccessible), no join__*/link__* (supergraph machinery), no _Any/_Entity/_Service.
    assert names == {"Query", "Appointment", "Patient", "BloodType", "String", "Int", "Boolean", "ID"}
    assert sc.total_subgraph_requests() == 0
