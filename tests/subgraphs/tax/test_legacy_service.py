"""The legacy TaxService itself, spoken to as a SOAP 1.1 client would: WSDL, envelopes, faults."""

from __future__ import annotations

import httpx
from lxml import etree

from subgraphs.tax.client import NS, build_envelope
from tests.subgraphs.callers import ADMIN, TAX_CREDENTIAL
from tests.subgraphs.tax.conftest import ADULTS, LegacyProcess

WSDL = "http://schemas.xmlsoap.org/wsdl/"
WSDL_SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"
ACTION = "http://tax.gov.example/TaxService/2009-04/GetTaxAccount"


def envelope(operation: str, codes: list[str]) -> bytes:
    """A SOAP request carrying the tax board's service credential (WS-Security UsernameToken)."""
    return build_envelope(operation, codes, credential=TAX_CREDENTIAL)


def post(legacy: LegacyProcess, body: bytes, action: str) -> httpx.Response:
    headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{action}"'}
    return httpx.post(legacy.url, content=body, headers=headers)


def test_wsdl_describes_the_operations_and_address(legacy: LegacyProcess) -> None:
    response = httpx.get(legacy.url + "?wsdl")
    assert response.headers["content-type"].startswith("text/xml")
    root = etree.fromstring(response.content)
    ops = {op.get("name") for op in root.iterfind(f"{{{WSDL}}}portType/{{{WSDL}}}operation")}
    assert ops == {"GetTaxAccount", "ListAssessments", "GetDeclaredIncome"}
    address = root.find(f".//{{{WSDL_SOAP}}}address")
    assert address is not None and address.get("location") == legacy.url


def test_batch_answer_is_namespaced_and_lists_each_account(legacy: LegacyProcess) -> None:
    body = envelope("GetTaxAccount", ADULTS[:3])
    response = post(legacy, body, ACTION)
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    codes = [el.text for el in root.iterfind(".//tax:TaxAccount/tax:PersonalCode", NS)]
    assert sorted(codes) == sorted(ADULTS[:3])
    nil = root.find(".//tax:TaxAccount/tax:DueDate[@{http://www.w3.org/2001/XMLSchema-instance}nil]", NS)
    assert nil is not None  # ADULTS[0] has nothing due
    assert legacy.stats() == {"requests": 1, "GetTaxAccount": 1}


def test_invalid_code_is_a_client_fault_with_detail(legacy: LegacyProcess) -> None:
    response = post(legacy, envelope("GetTaxAccount", ["12AB"]), ACTION)
    assert response.status_code == 500
    fault = etree.fromstring(response.content).find("soap:Body/soap:Fault", NS)
    assert fault is not None
    assert fault.findtext("faultcode").endswith(":Client")
    assert fault.findtext("detail/tax:TaxFaultDetail/tax:Code", namespaces=NS) == "InvalidPersonalCode"
    assert fault.findtext("detail/tax:TaxFaultDetail/tax:PersonalCode", namespaces=NS) == "12AB"


def test_soap_12_envelope_is_a_version_mismatch(legacy: LegacyProcess) -> None:
    body = envelope("GetTaxAccount", ADULTS[:1]).replace(
        b"http://schemas.xmlsoap.org/soap/envelope/", b"http://www.w3.org/2003/05/soap-envelope"
    )
    response = post(legacy, body, "x")
    assert response.status_code == 500
    assert b"VersionMismatch</faultcode>" in response.content


def test_configured_fault_counts_down(legacy: LegacyProcess) -> None:
    legacy.fault(operation="*", faultcode="Server", faultstring="down", times=1)
    first = post(legacy, envelope("GetTaxAccount", ADULTS[:1]), ACTION)
    second = post(legacy, envelope("GetTaxAccount", ADULTS[:1]), ACTION)
    assert (first.status_code, second.status_code) == (500, 200)
    assert legacy.stats()["faults"] == 1


def test_admin_hooks_refuse_callers_without_the_admin_token(legacy: LegacyProcess) -> None:
    fault = {"operation": "*", "faultcode": "Server", "faultstring": "down"}
    for headers, status in (({}, 401), ({"authorization": "Bearer wrong"}, 403), (ADMIN | {"x": "1"}, 200)):
        assert httpx.post(legacy.base + "/_admin/fault", json=fault, headers=headers).status_code == status
        assert httpx.get(legacy.base + "/_stats", headers=headers).status_code == status
    assert (
        httpx.delete(legacy.base + "/_admin/fault", headers={"authorization": "Basic x"}).status_code == 403
    )
    legacy.reset()


def test_a_call_without_the_service_credential_is_a_generic_security_fault(legacy: LegacyProcess) -> None:
    """An attacker at the port: no UsernameToken, a wrong password, a wrong user, the admin token."""
    attempts = [
        build_envelope("GetTaxAccount", ADULTS[:2]),
        build_envelope("GetTaxAccount", ADULTS[:2], credential="guess"),
        build_envelope("GetTaxAccount", ADULTS[:2], credential=ADMIN["authorization"].split()[1]),
        envelope("GetTaxAccount", ADULTS[:2]).replace(b">govgraph-tax<", b">someone<"),
    ]
    for body in attempts:
        response = post(legacy, body, ACTION)
        assert response.status_code == 500  # SOAP 1.1: a fault is HTTP 500
        fault = etree.fromstring(response.content).find("soap:Body/soap:Fault", NS)
        assert fault is not None
        assert fault.findtext("faultcode") == "wsse:FailedAuthentication"
        assert fault.findtext("faultstring") == "The security token could not be authenticated or authorized"
        assert all(code.encode() not in response.content for code in ADULTS)  # nothing of a citizen
        assert b"TaxAccount>" not in response.content
    assert legacy.stats() == {"requests": 4, "faults": 4}  # no operation ran
    served = post(legacy, envelope("GetTaxAccount", ADULTS[:2]), ACTION)
    assert served.status_code == 200 and ADULTS[0].encode() in served.content


def test_the_wsdl_and_health_stay_open(legacy: LegacyProcess) -> None:
    assert httpx.get(legacy.url + "?wsdl").status_code == 200  # the service description, no data
    assert httpx.get(legacy.base + "/health").json() == {"status": "ok"}
