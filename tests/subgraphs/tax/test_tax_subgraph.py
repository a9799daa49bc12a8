"""The tax subgraph against the real legacy TaxService process."""

from __future__ import annotations

import logging

import pytest

from tests.subgraphs.callers import PUBLIC_KEY
from tests.subgraphs.tax.conftest import ADULTS, CHILD, LegacyProcess, entities

SELECTION = "id taxAccount { balance dueDate currency } assessments { year status taxDue } annualIncome"


def test_entities_translate_soap_answers(subgraph_url: str, legacy: LegacyProcess) -> None:
    result = entities(subgraph_url, [ADULTS[1], CHILD], SELECTION)
    assert "errors" not in result
    adult, child = result["data"]["_entities"]
    assert adult["taxAccount"] == {"balance": 49.75, "dueDate": "2025-07-01", "currency": "EUR"}
    assert adult["assessments"] == [
        {"year": 2024, "status": "OVERDUE", "taxDue": 4200.0},
        {"year": 2023, "status": "PAID", "taxDue": 4200.0},
    ]
    assert adult["annualIncome"] == 21500.10  # last closed year (2024) per SYS_PARAM
    assert child == {"id": CHILD, "taxAccount": None, "assessments": [], "annualIncome": None}


def test_null_due_date_and_year_arguments(subgraph_url: str, legacy: LegacyProcess) -> None:
    selection = (
        "taxAccount { balance dueDate } assessments(year: 2023) { year status }"
        " declaredIncome(year: 2023) { year amount }"
    )
    result = entities(subgraph_url, [ADULTS[0]], selection)
    citizen = result["data"]["_entities"][0]
    assert citizen["taxAccount"] == {"balance": 0.0, "dueDate": None}
    assert citizen["assessments"] == [{"year": 2023, "status": "PAID"}]
    assert citizen["declaredIncome"] == {"year": 2023, "amount": 20000.10}


def test_n_representations_cost_one_call_per_operation(subgraph_url: str, legacy: LegacyProcess) -> None:
    result = entities(subgraph_url, [*ADULTS, CHILD], SELECTION)
    assert "errors" not in result
    assert [c["annualIncome"] for c in result["data"]["_entities"]][:2] == [20500.10, 21500.10]
    stats = legacy.stats()
    assert stats["GetTaxAccount"] == 1
    assert stats["ListAssessments"] == 1
    assert stats["GetDeclaredIncome"] == 1
    assert stats["requests"] == 3


def test_distinct_years_are_one_call_each(subgraph_url: str, legacy: LegacyProcess) -> None:
    selection = "d1: declaredIncome(year: 2023) { amount } d2: declaredIncome(year: 2024) { amount }"
    entities(subgraph_url, ADULTS, selection)
    assert legacy.stats()["GetDeclaredIncome"] == 2


def test_soap_fault_is_an_error_on_that_field_only(
    subgraph_url: str, legacy: LegacyProcess, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, "govgraph.agency.failures")
    legacy.fault(operation="ListAssessments", faultcode="Server", faultstring="Mainframe batch window")
    result = entities(subgraph_url, ADULTS[:2], "id taxAccount { balance } assessments { year }")
    citizens = result["data"]["_entities"]
    assert [c["taxAccount"]["balance"] for c in citizens] == [0.0, 49.75]
    assert [c["assessments"] for c in citizens] == [None, None]
    errors = result["errors"]
    assert sorted(e["path"][1] for e in errors) == [0, 1]
    assert {e["path"][2] for e in errors} == {"assessments"}
    assert errors[0]["extensions"]["code"] == "LEGACY_FAULT"
    assert errors[0]["extensions"]["faultcode"] == "Server"
    assert errors[0]["message"] == "The tax system could not answer."  # the fault's text is logged
    assert errors[0]["extensions"]["requestId"] == errors[1]["extensions"]["requestId"]
    logged = [r.getMessage() for r in caplog.records if "Mainframe batch window" in r.getMessage()]
    assert len(logged) == 1 and errors[0]["extensions"]["requestId"] in logged[0]  # once for the batch
    assert legacy.stats()["ListAssessments"] == 1  # one batched call, one fault


def test_unknown_person_fails_only_that_citizen(subgraph_url: str, legacy: LegacyProcess) -> None:
    stranger = "39912319999"
    result = entities(subgraph_url, [ADULTS[2], stranger, ADULTS[3]], "taxAccount { balance }")
    accounts = [c["taxAccount"] for c in result["data"]["_entities"]]
    assert accounts == [{"balance": 149.75}, None, {"balance": 249.75}]
    (error,) = result["errors"]
    assert error["path"] == ["_entities", 1, "taxAccount"]
    assert error["extensions"]["code"] == "LEGACY_FAULT"
    assert error["extensions"]["faultDetail"] == "UnknownPerson"
    assert legacy.stats()["GetTaxAccount"] == 2  # the batch, then the batch without the stranger


def test_slow_service_times_out_as_field_error(subgraph_url: str, legacy: LegacyProcess) -> None:
    legacy.fault(operation="GetTaxAccount", faultcode="", delay=2.5)
    result = entities(subgraph_url, [ADULTS[1]], "taxAccount { balance } annualIncome")
    citizen = result["data"]["_entities"][0]
    assert citizen == {"taxAccount": None, "annualIncome": 21500.10}
    (error,) = result["errors"]
    assert error["path"] == ["_entities", 0, "taxAccount"]
    assert error["extensions"]["code"] == "LEGACY_TIMEOUT"


def test_truncated_answer_is_legacy_data_corrupt(subgraph_url: str, legacy: LegacyProcess) -> None:
    legacy.fault(operation="GetTaxAccount", faultcode="", truncate=True)
    result = entities(subgraph_url, [ADULTS[1]], "taxAccount { balance } annualIncome")
    assert result["data"]["_entities"] == [{"taxAccount": None, "annualIncome": 21500.10}]
    assert result["errors"][0]["extensions"]["code"] == "LEGACY_DATA_CORRUPT"


def test_unreachable_service_is_legacy_unavailable() -> None:
    from subgraphs.tax.app import create_app
    from tests.support.servers import ServerThread

    server = ServerThread(
        create_app("http://127.0.0.1:9/TaxService", timeout=1.0, public_key=PUBLIC_KEY), lifespan="on"
    ).start()
    try:
        result = entities(server.url + "/graphql", [ADULTS[0]], "id taxAccount { balance }")
    finally:
        server.stop()
    assert result["data"]["_entities"] == [{"id": ADULTS[0], "taxAccount": None}]
    assert result["errors"][0]["extensions"]["code"] == "LEGACY_UNAVAILABLE"


def test_a_subgraph_with_the_wrong_credential_gets_nothing(legacy: LegacyProcess) -> None:
    """The tax board refuses a caller that is not the agency's subgraph: a fault on the field, no data."""
    from subgraphs.tax.app import create_app
    from tests.support.servers import ServerThread

    app = create_app(legacy.url, timeout=1.0, public_key=PUBLIC_KEY, credential="stolen-or-stale")
    server = ServerThread(app, lifespan="on").start()
    try:
        result = entities(server.url + "/graphql", [ADULTS[1]], "id taxAccount { balance }")
    finally:
        server.stop()
    assert result["data"]["_entities"] == [{"id": ADULTS[1], "taxAccount": None}]
    extensions = result["errors"][0]["extensions"]
    assert (extensions["code"], extensions["faultcode"]) == ("LEGACY_FAULT", "FailedAuthentication")
    assert legacy.stats() == {"requests": 1, "faults": 1}  # refused before any operation ran


def test_sdl_extends_citizen(subgraph_url: str) -> None:
    import httpx

    sdl = httpx.post(subgraph_url, json={"query": "{ _service { sdl } }"}).json()["data"]["_service"]["sdl"]
    assert 'type Citizen @key(fields: "id")' in sdl
    fields = ["taxAccount: TaxAccount", "assessments(year: Int", "declaredIncome(year: Int!)"]
    fields.append("annualIncome: Float")
    for field in fields:
        assert field in sdl
