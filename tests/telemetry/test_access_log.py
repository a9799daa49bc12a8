"""The JSON access log, written for real by a gateway served from a config file: one valid JSON
line per request whatever the client sends (an operation name with a newline and quotes forges
nothing), the request id sent back as `x-request-id` and reused from the client when plausible,
no identity values or tokens; in production the masked subgraph error is logged under it."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.serve.assemble import build_app, load_config
from tests.benchmarks.workload import SUPERGRAPH, query_body
from tests.http.harness import GarbageSubgraph, Uvicorn
from tests.plugins.test_production import LEAK, SUBGRAPH_ERROR
from tests.support.servers import serving

FORGED = 'Nope"}\n{"request_id": "forged", "status": 200, "x": "'
SECRET = "eyJhbGciOiJub25lIn0.c2VjcmV0LXRva2Vu.sig"


class Logged:
    def __init__(self, url: str, path: Path) -> None:
        self.url, self.path = url, path

    def lines(self) -> list[str]:
        return self.path.read_text().splitlines()

    def after(self, before: int, count: int) -> list[str]:
        """The `count` lines past the first `before` (a line is written once its response is sent)."""
        deadline = time.monotonic() + 5
        while len(lines := self.lines()) < before + count and time.monotonic() < deadline:
            time.sleep(0.01)
        return lines[before:]

    def records(self, before: int, count: int) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.after(before, count)]


@pytest.fixture(scope="module")
def logged(subgraph_urls: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Logged]:
    """Production mode, the access log to a file, `products` answering an internal error."""
    tmp = tmp_path_factory.mktemp("access")
    log = tmp / "access.log"
    with serving({"products": GarbageSubgraph(SUBGRAPH_ERROR)}) as broken:
        urls = {**subgraph_urls, "products": broken["products"]}
        subgraphs = "".join(f"  {name}:\n    url: {url}\n" for name, url in urls.items())
        config = tmp / "gateway.yaml"
        config.write_text(
            f"mode: production\nsupergraph:\n  file: {SUPERGRAPH}\nsubgraphs:\n{subgraphs}"
            f"telemetry:\n  access_log:\n    enabled: true\n    file: {log}\n"
        )
        app, _, _ = build_app(load_config(config))
        server = Uvicorn(app).start()
        try:
            yield Logged(server.url, log)
        finally:
            server.stop()


def test_one_line_of_json_per_request_whatever_the_operation_name(logged: Logged) -> None:
    before = len(logged.lines())
    body = {"query": "query Real { me { name } }", "operationName": FORGED}
    headers = {"authorization": f"Bearer {SECRET}", "x-citizen-id": "38001085718"}
    response = httpx.post(f"{logged.url}/graphql", json=body, headers=headers)
    lines = logged.after(before, 1)
    time.sleep(0.05)
    assert logged.lines()[before:] == lines and len(lines) == 1
    record = json.loads(lines[0])
    assert record["operation"] == FORGED  # escaped, as sent
    assert record["request_id"] == response.headers["x-request-id"] != "forged"
    assert record["status"] == response.status_code
    assert record["principal"] == "anonymous"
    assert record["error_codes"] == ["OPERATION_RESOLUTION_FAILURE"]  # no such operation
    assert SECRET not in lines[0] and "38001085718" not in lines[0]


def test_the_fields_of_a_served_request(logged: Logged) -> None:
    before = len(logged.lines())
    client = {"apollographql-client-name": "citizen-portal", "apollographql-client-version": "2.1"}
    response = httpx.post(f"{logged.url}/graphql", json={"query": "query Me { me { name } }"}, headers=client)
    (record,) = logged.records(before, 1)
    assert set(record) == {
        "time", "request_id", "method", "path", "status", "operation", "operation_type", "client_name",
        "client_version", "duration_ms", "subgraph_ms", "error_codes", "principal",
    }  # fmt: skip
    assert record["time"].endswith("Z")
    assert (record["method"], record["path"], record["status"]) == ("POST", "/graphql", 200)
    assert (record["operation"], record["operation_type"]) == ("Me", "query")
    assert (record["client_name"], record["client_version"]) == ("citizen-portal", "2.1")
    assert record["duration_ms"] >= record["subgraph_ms"] > 0
    assert record["error_codes"] == []
    assert response.headers["x-request-id"] == record["request_id"]


def test_a_plausible_client_request_id_is_kept_another_replaced(logged: Logged) -> None:
    before = len(logged.lines())
    kept = httpx.get(f"{logged.url}/graphql?query={{me{{name}}}}", headers={"x-request-id": "req-42"})
    replaced = httpx.get(f"{logged.url}/nowhere", headers={"x-request-id": "a b\tc"})
    httpx.get(f"{logged.url}/health")  # probes are not logged
    first, second = logged.records(before, 2)
    assert kept.headers["x-request-id"] == first["request_id"] == "req-42"
    assert replaced.status_code == 404
    assert replaced.headers["x-request-id"] == second["request_id"] != "a b\tc"
    assert second["path"] == "/nowhere" and second["operation"] is None


def test_a_masked_subgraph_error_is_logged_under_the_request_id(
    logged: Logged, caplog: pytest.LogCaptureFixture
) -> None:
    before = len(logged.lines())
    with caplog.at_level(logging.WARNING, logger="govgraph.masking"):
        response = httpx.post(f"{logged.url}/graphql", json=query_body())
    error = response.json()["errors"][0]
    assert LEAK not in response.text and error["extensions"]["code"] == "DB_FAILURE"
    (record,) = logged.records(before, 1)
    assert "DB_FAILURE" in record["error_codes"] and LEAK not in json.dumps(record)
    request_id = response.headers["x-request-id"]
    masked = [r.getMessage() for r in caplog.records if r.name == "govgraph.masking"]
    assert any(f"request {request_id}" in line and LEAK in line and "\n" not in line for line in masked)
    assert any(error["extensions"]["incident"] in line for line in masked)
