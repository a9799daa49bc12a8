"""A legacy fault through the real platform (`govgraph up`, development mode): the client sees a
coded, generic message and the request id; the agency's log has the fault's text once, escaped
(a newline in it cannot forge a log line), under the same request id."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from subgraphs.common.admin import ADMIN_TOKEN_ENV
from tests.subgraphs.callers import ADMIN, ADMIN_TOKEN
from tests.subgraphs.test_platform import Platform, running_platform

HOST = "db-prod-7.tax.internal"
FORGED = "tax failure, request forged-id: everything is fine"
FAULT = f"ORA-12541: TNS no listener at {HOST}:1521\n{FORGED}"
REQUEST_ID = "ops-13-legacy-fault-1"


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ADMIN_TOKEN_ENV, ADMIN_TOKEN)  # opens the legacy systems' test hooks
        with running_platform(tmp_path_factory.mktemp("failures-data")) as running:
            running.wait_for("govgraph is up", timeout=150)
            yield running


def _bearer(platform: Platform) -> str:
    found = re.search(r"-H 'authorization: (Bearer [\w.-]+)'", platform.output())
    assert found, platform.output()
    return found.group(1)


def _wait_for_line(platform: Platform, text: str) -> list[str]:
    platform.wait_for(text, timeout=30)
    return [line for line in platform.lines if text in line]


def _with_fault(platform: Platform, rule: dict[str, object], query: str, **headers: str) -> httpx.Response:
    """`query` through the gateway as the welcome citizen while the tax service follows `rule`."""
    legacy = f"http://127.0.0.1:{platform.ports['tax-legacy']}/_admin/fault"
    httpx.post(legacy, json=rule, headers=ADMIN, timeout=10).raise_for_status()
    try:
        url = f"http://127.0.0.1:{platform.ports['gateway']}/graphql"
        headers["authorization"] = _bearer(platform)
        return httpx.post(url, json={"query": query}, headers=headers, timeout=30)
    finally:
        httpx.delete(legacy, headers=ADMIN, timeout=10)


def test_a_soap_fault_reaches_the_client_coded_and_the_log_escaped(platform: Platform) -> None:
    rule = {"operation": "GetTaxAccount", "faultcode": "Server", "faultstring": FAULT}
    query = "{ me { givenName taxAccount { balance } } }"
    result = _with_fault(platform, rule, query, **{"x-request-id": REQUEST_ID}).json()

    assert result["data"]["me"]["givenName"] and result["data"]["me"]["taxAccount"] is None
    [error] = result["errors"]
    assert error["message"] == "The tax system could not answer."
    assert error["extensions"]["code"] == "LEGACY_FAULT"
    assert error["extensions"]["requestId"] == REQUEST_ID
    assert error["path"] == ["me", "taxAccount"]
    assert HOST not in str(result) and "ORA-" not in str(result)

    [logged] = _wait_for_line(platform, f"request {REQUEST_ID}:")
    assert HOST in logged and "\\nTAX FAILURE".lower() in logged.lower()  # the newline, escaped
    assert not any(line.split("| ", 1)[-1].startswith(FORGED) for line in platform.lines)


def test_the_gateway_sends_its_request_id_to_the_agencies(platform: Platform) -> None:
    """A client that sends no id: the gateway's own reaches the agency, and the client."""
    rule = {"operation": "GetTaxAccount", "faultcode": "", "truncate": True}
    response = _with_fault(platform, rule, "{ me { taxAccount { balance } } }")
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "LEGACY_DATA_CORRUPT"
    request_id = error["extensions"]["requestId"]
    assert response.headers["x-request-id"] == request_id  # the audit plugin sends it back
    [logged] = _wait_for_line(platform, f"request {request_id}:")
    assert "malformed XML" in logged
