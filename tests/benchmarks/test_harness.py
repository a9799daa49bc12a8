"""The benchmark harness's pure parts: wrk output, response checks, medians/ratios/tables, overhead."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.benchmarks.harness.bare import create_app as create_bare_app
from tests.benchmarks.harness.capture import Call, stages
from tests.benchmarks.harness.check import check_expected, check_graphql_data
from tests.benchmarks.harness.cli import calibration
from tests.benchmarks.harness.dashboard import overhead
from tests.benchmarks.harness.report import (
    Report,
    Sample,
    TargetInfo,
    markdown,
    markdown_table,
    ratios,
    summarize,
)
from tests.benchmarks.harness.standard import local_supergraph, per_client_request, rotated
from tests.benchmarks.harness.targets import all_targets
from tests.benchmarks.harness.wrk import Load, WrkError, parse_wrk_output, wrk_command
from tests.benchmarks.workload import EXPECTED, expected_response
from tests.support.servers import ServerThread

WRK_STDOUT = """Running 20s test @ http://127.0.0.1:4000/graphql
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    17.40ms    5.10ms  98.00ms   90.00%
  57460 requests in 20.00s, 4.69GB read
Requests/sec:   2873.00
Transfer/sec:    240.00MB
BENCH_JSON {"requests":57460,"duration_us":20000000,"bytes":5033496000,"errors":{"connect":0,"read":1,\
"write":0,"status":2,"timeout":3,"graphql":4},"latency_us":{"p50":17400,"p90":25000,"p99":48012,\
"max":98000,"mean":17412.5}}
"""


def test_wrk_summary_line_is_parsed() -> None:
    result = parse_wrk_output(WRK_STDOUT)
    assert result.requests == 57460
    assert result.rps == pytest.approx(2873.0)
    assert (result.p50_ms, result.p90_ms, result.p99_ms, result.max_ms) == (17.4, 25.0, 48.012, 98.0)
    assert result.errors == {"connect": 0, "read": 1, "write": 0, "status": 2, "timeout": 3, "graphql": 4}
    assert result.error_count == 10


def test_wrk_output_without_summary_is_an_error() -> None:
    with pytest.raises(WrkError, match="BENCH_JSON"):
        parse_wrk_output(WRK_STDOUT.split("BENCH_JSON")[0])


def test_wrk_command_is_pinned_and_closed_loop() -> None:
    load = Load("http://127.0.0.1:1/graphql", Path("/tmp/body.json"), connections=50, duration_s=20)
    command = wrk_command(load, cpu=1)
    assert command[:4] == ["taskset", "-c", "1", "wrk"]
    assert {"-t1", "-c50", "-d20s"} <= set(command)
    assert command[-1] == "http://127.0.0.1:1/graphql"
    assert wrk_command(load)[0] == "wrk"


def test_expected_response_check_wants_same_values_and_key_order() -> None:
    expected = {"data": {"a": [1, {"b": True, "c": None}]}}
    check = check_expected(expected)
    assert check(200, json.dumps(expected).encode()).ok
    reordered = b'{"data": {"a": [1, {"c": null, "b": true}]}}'
    assert "keys" in check(200, reordered).message
    changed = check(200, b'{"data": {"a": [1, {"b": false, "c": null}]}}')
    assert not changed.ok
    assert changed.message.startswith("/data/a/1/b")
    assert check(200, b'{"data": {"a": [1]}}').message == "/data/a: 1 items != expected 2"
    assert check(500, b"boom").message.startswith("HTTP 500")
    assert check(200, b"<html>").message.startswith("not JSON")


def test_the_real_expected_response_passes_its_own_check() -> None:
    assert check_expected(expected_response())(200, EXPECTED.read_bytes()).ok


def test_graphql_data_check_wants_no_errors_and_non_null_paths() -> None:
    check = check_graphql_data("me", "me.taxAccount")
    assert check(200, b'{"data": {"me": {"taxAccount": {"balance": 1}}}}').ok
    assert not check(200, b'{"data": {"me": {"taxAccount": null}}}').ok
    failed = check(200, b'{"data": {"me": null}, "errors": [{"message": "down"}]}')
    assert not failed.ok
    assert "down" in failed.message


def sample(target: str, round_number: int, rps: float, p99: float, ok: bool = True) -> Sample:
    message = "ok" if ok else f"bad in round {round_number}"
    return Sample(target, round_number, rps, p99 / 4, p99, 50.0 + round_number, 6.0, 1, ok, message, 100)


SAMPLES = [
    sample("govgraph", 1, 300, 40),
    sample("apollo", 1, 100, 400),
    sample("govgraph", 2, 330, 44),
    sample("apollo", 2, 110, 440, ok=False),
    sample("govgraph", 3, 270, 50),
    sample("apollo", 3, 90, 500),
]


def test_summary_takes_medians_sums_errors_and_keeps_the_first_failure() -> None:
    summary = summarize(TargetInfo("apollo", "Apollo", "peer"), SAMPLES)
    assert (summary.rounds, summary.rps, summary.p99_ms, summary.peak_rss_mb) == (3, 100, 440, 52.0)
    assert summary.errors == 3
    assert summary.checks == "bad in round 2"
    assert summarize(TargetInfo("govgraph", "govgraph", "govgraph"), SAMPLES).checks == "ok"
    assert summarize(TargetInfo("nothing", "x", "peer"), SAMPLES).checks == "not run"


def test_ratios_are_taken_per_round_then_medianed() -> None:
    ratio = ratios("govgraph", "apollo", [*SAMPLES, sample("govgraph", 4, 1000, 1)])
    assert ratio is not None
    assert ratio.rps == pytest.approx(3.0)
    assert (ratio.rps_low, ratio.rps_high) == (pytest.approx(3.0), pytest.approx(3.0))
    assert ratio.p99 == pytest.approx(0.1)
    assert ratios("govgraph", "nobody", SAMPLES) is None


def test_markdown_table_and_report() -> None:
    summaries = [
        summarize(TargetInfo(n, n.title(), k), SAMPLES)
        for n, k in (("govgraph", "govgraph"), ("apollo", "peer"))
    ]
    rows = markdown_table(summaries)
    assert rows[2] == "| Govgraph | 300 | 11.0 | 44.0 | 52 | 6.00 | 3 | ok |"
    found = ratios("govgraph", "apollo", SAMPLES)
    assert found is not None
    text = markdown(Report("Title", {"load": "50 connections"}, summaries, [found], ["a note"]))
    assert "### Title" in text
    assert "- load: 50 connections" in text
    assert "| Govgraph / Apollo | 3.00x | 3.00-3.00 | 0.10x |" in text
    assert text.endswith("- a note\n")


def test_subgraph_requests_per_client_request_counts_the_requests_left_in_flight() -> None:
    assert per_client_request(6 * 1050, 1000, 50) == pytest.approx(6.0)
    assert per_client_request(10, 0, 50) is None


def test_rounds_rotate_the_target_order() -> None:
    targets = all_targets(dedup=False)[:3]
    assert [t.name for t in rotated(targets, 1)] == [t.name for t in targets]
    assert [t.name for t in rotated(targets, 2)] == [t.name for t in targets[1:] + targets[:1]]


def test_dedup_variants_only_when_the_cli_has_the_option() -> None:
    assert {"govgraph", "govgraph-nodedup"} <= {t.name for t in all_targets(dedup=True)}
    assert "govgraph-nodedup" not in {t.name for t in all_targets(dedup=False)}


def test_local_supergraph_points_every_subgraph_at_the_port(tmp_path: Path) -> None:
    text = local_supergraph(4321, tmp_path).read_text()
    assert "127.0.0.1:4200" not in text
    assert text.count("http://127.0.0.1:4321/") == 4


def call(name: str, started: float, ended: float) -> Call:
    return Call(name, b"{}", (), b"{}", started, ended)


def test_calls_are_grouped_into_stages_and_overhead_is_derived() -> None:
    calls = [call("registry", 0, 1), call("tax", 1.1, 2), call("transport", 1.2, 3), call("services", 3.5, 4)]
    assert [[c.subgraph for c in stage] for stage in stages(calls)] == [
        ["registry"],
        ["tax", "transport"],
        ["services"],
    ]
    p50 = {"registry": 5.0, "tax": 9.0, "transport": 6.0, "services": 10.0}
    found = overhead(40.0, p50, [["registry"], ["tax", "transport"], ["services"]])
    assert found["slowest_call"] == "services"
    assert found["overhead_vs_slowest_ms"] == 30.0
    assert found["critical_path_p50_ms"] == 24.0
    assert found["overhead_vs_critical_path_ms"] == 16.0
    assert found["overhead_vs_all_calls_ms"] == 10.0


def test_bare_reference_answers_with_the_fixed_body() -> None:
    server = ServerThread(create_bare_app(b'{"data":{}}')).start()
    try:
        response = httpx.post(f"{server.url}/graphql", json={"query": "{ anything }"})
        assert (response.status_code, response.content) == (200, b'{"data":{}}')
        assert httpx.get(f"{server.url}/graphql").status_code == 405
    finally:
        server.stop()


def test_calibration_against_the_reference_machine() -> None:
    bare = summarize(TargetInfo("bare", "bare", "reference"), [sample("bare", 1, 8658.3, 10)])
    (note,) = calibration([bare])
    assert "8,658 RPS" in note
    assert "about 3.0x slower" in note
    assert calibration([summarize(TargetInfo("apollo", "Apollo", "peer"), SAMPLES)]) == []
