"""The README's picture of the playground: the real platform (`python -m subgraphs.platform
--citizens 150`), its Dashboard example run as the pre-filled demo citizen, with the Plan panel.

    PYTHONPATH=. .venv/bin/python -m tests.playground.screenshot [docs/playground.png]

Every request to anything but the gateway is blocked, and the run fails if any was made.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from subgraphs.platform import DEFAULT_PORTS
from tests.playground.browser import open_page


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


def wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the platform stopped")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError("the platform did not start")


def capture(url: str, output: Path) -> None:
    with open_page(url, viewport=(1440, 860)) as (page, traffic):
        page.wait_for_selector(".graphiql-container .monaco-editor", timeout=30_000)
        page.wait_for_timeout(1500)
        page.click(".graphiql-execute-button")
        page.locator(".graphiql-response").get_by_text('"givenName"').first.wait_for(timeout=30_000)
        page.click("button[aria-label='Show Query plan']")
        page.locator(".gg-fetch .gg-time").filter(has_text="ms").first.wait_for(timeout=15_000)
        page.wait_for_timeout(500)
        page.screenshot(path=str(output))
        # the docs explorer lists the citizen-centred schema's types
        page.click("button[aria-label='Show Documentation Explorer']")
        page.get_by_text("Query", exact=True).first.click()
        page.locator(".graphiql-doc-explorer").get_by_text("Citizen").first.wait_for(timeout=15_000)
        problems = traffic.external + traffic.failed + traffic.errors + page.evaluate("window.__csp")
        if problems:
            raise RuntimeError(f"the page went elsewhere or failed: {problems}")


def main(output: Path) -> None:
    ports = dict(zip(DEFAULT_PORTS, free_ports(len(DEFAULT_PORTS)), strict=True))
    with tempfile.TemporaryDirectory() as data_dir:
        command = [sys.executable, "-m", "subgraphs.platform", "--citizens", "150", "--data-dir", data_dir]
        command += [f"--port={name}={port}" for name, port in ports.items()]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            gateway = f"http://127.0.0.1:{ports['gateway']}"
            wait_healthy(gateway + "/health", process)
            capture(gateway + "/graphql", output)
        finally:
            process.terminate()
            process.wait(timeout=30)
    print(f"wrote {output} ({output.stat().st_size} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/playground.png"))
