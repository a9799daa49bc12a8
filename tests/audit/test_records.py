"""Every response with personal data has its record, with who, whose, which fields, why, which
operation and which request; subgraph extensions never reach the client."""

from __future__ import annotations

import hashlib
import re

import orjson

from gateway.plugins.audit import AuditPlugin
from tests.audit.agencies import JAAN, MARI
from tests.audit.support import Backend, gateway, post, who

DASHBOARD = "query Dashboard($id: ID!) { citizen(id: $id) { name address taxAccount { balance currency } } }"


def test_a_citizen_reading_their_data_is_recorded(urls: dict[str, str], log: Backend) -> None:
    with gateway(log.config, urls) as url:
        response = post(url, DASHBOARD, who("citizen", "sub-mari", MARI, "eesti-app"), variables={"id": MARI})
    body = response.json()
    assert response.status_code == 200
    assert body["data"]["citizen"]["taxAccount"]["balance"] == 120.5
    assert "extensions" not in body  # the subgraphs' disclosures are the gateway's, not the client's
    request_id = response.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    [row] = log.rows()
    assert row["seq"] == 1 and row["prev_hash"] == "0" * 64
    assert (row["reader"], row["reader_kind"], row["client_id"]) == ("sub-mari", "citizen", "eesti-app")
    assert row["citizen"] == MARI
    # merged across the two subgraphs, one record per citizen
    assert orjson.loads(row["fields"]) == ["Citizen.address", "Citizen.name", "TaxAccount.balance"]
    assert row["purpose"] is None
    assert row["operation_hash"] == hashlib.sha256(DASHBOARD.encode()).hexdigest()
    assert row["operation_name"] == "Dashboard"
    assert row["request_id"] == request_id
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", row["at"])


def test_an_official_with_a_purpose_reading_two_citizens(urls: dict[str, str], log: Backend) -> None:
    query = f'{{ citizens(ids: ["{MARI}", "{JAAN}"]) {{ id address }} }}'
    headers = {
        **who("official", "officer-7", client="tax-desk"),
        "x-purpose": "case 2026-118",
        "x-request-id": "r-1",
    }
    with gateway(log.config, urls) as url:
        response = post(url, query, headers)
        assert response.headers["x-request-id"] == "r-1"
        assert post(url, "{ weather }").json() == {"data": {"weather": "sunny"}}  # nothing personal
    rows = log.rows()
    assert [(r["seq"], r["citizen"], orjson.loads(r["fields"])) for r in rows] == [
        (1, MARI, ["Citizen.address"]),
        (2, JAAN, ["Citizen.address"]),
    ]
    for row in rows:
        assert (row["reader"], row["reader_kind"], row["client_id"]) == ("officer-7", "official", "tax-desk")
        assert (row["purpose"], row["request_id"], row["operation_name"]) == ("case 2026-118", "r-1", None)
    assert rows[1]["prev_hash"] == rows[0]["hash"]
    assert log.govgraph("verify").returncode == 0


def test_requests_sharing_one_execution_each_have_their_record(urls: dict[str, str], log: Backend) -> None:
    """De-duplicated identical queries share one execution, but each response is a disclosure."""
    import concurrent.futures

    query = f'{{ citizen(id: "{MARI}") {{ name }} }}'
    with gateway(log.config, urls) as url, concurrent.futures.ThreadPoolExecutor(16) as pool:
        headers = [{**who("official", f"officer-{i}"), "x-request-id": f"r-{i}"} for i in range(32)]
        responses = list(pool.map(lambda h: post(url, query, h), headers))
    assert all(r.json()["data"]["citizen"]["name"] == "Mari Maasikas" for r in responses)
    rows = log.rows()
    assert sorted(r["request_id"] for r in rows) == sorted(f"r-{i}" for i in range(32))
    assert [r["seq"] for r in rows] == list(range(1, 33))


def test_concurrent_requests_share_commits(urls: dict[str, str], log: Backend) -> None:
    """Group commit: 48 concurrent responses with personal data, far fewer transactions."""
    import concurrent.futures

    plugin = AuditPlugin(log.config)
    citizens = [MARI, JAAN]
    with gateway(None, urls, extra=[plugin]) as url, concurrent.futures.ThreadPoolExecutor(24) as pool:
        queries = [f'{{ citizen(id: "{citizens[i % 2]}") {{ name address }} }}' for i in range(48)]
        list(pool.map(lambda q: post(url, q, who("official", "officer-1")), queries))
        batches = plugin.writer.batches
    assert len(log.rows()) == 48
    assert batches < 48
    print(f"\n{log.kind}: 48 records in {batches} commits")


def test_the_wait_for_the_commit_is_in_server_timing(urls: dict[str, str], log: Backend) -> None:
    with gateway(log.config, urls) as url:
        personal = post(url, f'{{ citizen(id: "{MARI}") {{ name }} }}', who("official", "officer-1"))
        other = post(url, "{ weather }")
    assert "gateway;dur=" in personal.headers["server-timing"]
    assert "audit;dur=" in personal.headers["server-timing"]
    assert "audit;dur=" not in other.headers["server-timing"]
