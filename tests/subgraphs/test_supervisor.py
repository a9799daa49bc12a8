"""The supervisor's healing with small real children (an HTTP server on a 127.0.0.1 port): a restarted
child counts as healthy only once its health URL answers; one that restarts but never answers is
killed and counts as a crash, toward giving up."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from subgraphs.platform import PlatformOptions
from subgraphs.supervisor import ChildSpec, PlatformError, RestartPolicy, Supervisor
from tests.subgraphs.test_platform import _free_ports, _gone

CHILD = """\
import http.server, pathlib, sys, time
port, marker, mode = int(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
if marker.exists() and mode == "healthy-once":
    time.sleep(600)  # restarted: running, but never listening
marker.write_text("")
http.server.HTTPServer(("127.0.0.1", port), http.server.SimpleHTTPRequestHandler).serve_forever()
"""
POLICY = RestartPolicy(first_delay=0.1, max_delay=0.2, max_crashes=3, window=600, health_timeout=1.0)


class Watched:
    """A supervisor with one child, started and healthy, and its `monitor()` in a thread."""

    def __init__(self, tmp_path: Path, mode: str) -> None:
        script = tmp_path / "child.py"
        script.write_text(CHILD)
        (port,) = _free_ports(1)
        self.lines: list[str] = []
        options = PlatformOptions(data_dir=tmp_path, restart=POLICY, python=sys.executable)
        self.supervisor = Supervisor(options, write=self.lines.append)
        command = [sys.executable, str(script), str(port), str(tmp_path / "started"), mode]
        spec = ChildSpec("flaky", command, f"http://127.0.0.1:{port}/health")
        self.first = self.supervisor.start(spec)
        self.supervisor.wait_healthy([self.first])
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._monitor, daemon=True)
        self.thread.start()

    def _monitor(self) -> None:
        try:
            self.supervisor.monitor()
        except BaseException as exc:  # the test reads what ended it
            self.error = exc

    def wait_for(self, text: str, timeout: float = 30) -> None:
        """Until a line has `text` (the timeout is a hang guard only)."""
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.lines) and self.thread.is_alive():
            assert time.monotonic() < deadline, "\n".join(self.lines)
            time.sleep(0.05)
        assert any(text in line for line in self.lines), "\n".join(self.lines)

    def stop(self) -> None:
        self.supervisor.stop_signal = signal.SIGTERM
        self.thread.join(timeout=30)
        self.supervisor.stop_all()


@pytest.fixture
def watched(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Watched]:
    running = Watched(tmp_path, request.param)
    try:
        yield running
    finally:
        running.stop()


@pytest.mark.parametrize("watched", ["healthy-always"], indirect=True)
def test_a_restarted_child_is_healthy_once_its_url_answers(watched: Watched) -> None:
    os.kill(watched.first.process.pid, signal.SIGKILL)
    watched.wait_for("is healthy again")
    text = "\n".join(watched.lines)
    assert "restarting flaky in 0.1s (crash 1 of 3" in text
    assert text.index("restarting flaky") < text.index("is healthy again")
    assert "not healthy" not in text and watched.error is None
    [child] = watched.supervisor.children
    assert child.process.poll() is None and child.process.pid != watched.first.process.pid


@pytest.mark.parametrize("watched", ["healthy-once"], indirect=True)
def test_a_child_that_restarts_but_never_becomes_healthy_counts_as_crashing(watched: Watched) -> None:
    os.kill(watched.first.process.pid, signal.SIGKILL)
    watched.thread.join(timeout=60)  # a hang guard: it gives up after two restarts that never serve
    assert isinstance(watched.error, PlatformError), "\n".join(watched.lines)
    assert "was not healthy 1s after its restart: crashed 3 times" in str(watched.error)
    assert "giving up on flaky" in str(watched.error)
    text = "\n".join(watched.lines)
    assert "was killed by SIGKILL; restarting flaky in 0.1s (crash 1 of 3" in text
    assert "was not healthy 1s after its restart; restarting flaky in 0.2s (crash 2 of 3" in text
    assert "is healthy again" not in text
    started = [int(line.split("(pid ")[1].split(")")[0]) for line in watched.lines if "started flaky" in line]
    assert len(started) == 3 and all(_gone(pid) for pid in started)  # the unhealthy ones were killed
