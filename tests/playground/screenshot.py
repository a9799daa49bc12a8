"""The README's picture of the playground: the real platform (`python -m subgraphs.platform
--citizens 150`), its Dashboard example run as the pre-filled demo citizen, with the Plan panel.
Then its `@defer` example streams (`multipart/mixed`) and its subscription example gets the event
of a benefit application made meanwhile, over the platform's broker.

    PYTHONPATH=. .venv/bin/python -m tests.playground.screenshot [docs/playground.png]

Every request to anything but the gateway is blocked, and the run fails if any was made.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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


def open_example(page: Any, name: str, marker: str) -> None:
    """Opens the example `name` in a new tab; `marker` is text of its operation."""
    shown = page.locator("button[aria-label='Show Examples']")
    if shown.count():  # else the panel is open already
        shown.click()
    page.locator(".gg-example", has=page.locator("strong", has_text=name)).first.click()
    page.locator(".graphiql-query-editor").get_by_text(marker).first.wait_for(timeout=15_000)
    page.wait_for_timeout(1500)  # GraphiQL reads the operation after a debounce


def subscriptions_at(benefits: str, count: int) -> None:
    deadline = time.monotonic() + 30
    while httpx.get(benefits + "/health", timeout=5).json().get("subscriptions") != count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"benefits never had {count} subscriptions")
        time.sleep(0.2)


def apply_for_a_benefit(url: str, authorization: str) -> dict[str, Any]:
    """A new claim for the demo citizen (the first benefit without an open application)."""
    headers = {"authorization": authorization}
    me = httpx.post(url, json={"query": "{ me { id } }"}, headers=headers, timeout=30).json()
    mutation = """mutation ($input: BenefitApplicationInput!) {
      applyForBenefit(input: $input) { success claim { kind } errors { code } } }"""
    for kind in ("UNEMPLOYMENT", "DISABILITY", "PARENTAL_BENEFIT", "CHILD_ALLOWANCE", "PENSION"):
        variables = {"input": {"citizenId": me["data"]["me"]["id"], "kind": kind}}
        body = {"query": mutation, "variables": variables}
        result = httpx.post(url, json=body, headers=headers, timeout=30).json()
        if result["data"]["applyForBenefit"]["success"]:
            return dict(result["data"]["applyForBenefit"]["claim"])
    raise RuntimeError(f"no benefit application succeeded: {result}")


def run_the_streaming_examples(page: Any, url: str, benefits: str) -> list[str]:
    """`@defer` comes as `multipart/mixed`; the subscription shows an application made meanwhile.
    Returns what Chromium reported as failed of the `@defer` request: see `capture`."""
    deferred: list[str] = []
    page.on(
        "requestfailed",
        lambda r: deferred.append(f"{r.url} {r.failure}") if "@defer" in (r.post_data or "") else None,
    )
    open_example(page, "Dashboard, slow part later", "@defer")
    with page.expect_response(lambda r: r.url == url and r.request.method == "POST") as answer:
        page.click(".graphiql-execute-button")
    if not answer.value.headers["content-type"].startswith("multipart/mixed"):
        raise RuntimeError(f"the @defer example was not streamed: {answer.value.headers}")
    page.locator(".graphiql-response").get_by_text('"benefitClaims"').first.wait_for(timeout=30_000)
    page.locator(".graphiql-execute-button[aria-label^='Execute']").wait_for(timeout=15_000)  # complete
    open_example(page, "Claim changes", "myBenefitClaimChanged")
    page.click(".graphiql-execute-button")
    subscriptions_at(benefits, 1)
    config = json.loads(page.locator("#govgraph-playground-config").text_content())
    claim = apply_for_a_benefit(url, config["headers"]["authorization"])
    response = page.locator(".graphiql-response")
    response.get_by_text('"myBenefitClaimChanged"').first.wait_for(timeout=30_000)
    response.get_by_text(f'"{claim["kind"]}"').first.wait_for(timeout=15_000)
    page.click(".graphiql-execute-button[aria-label^='Stop']")
    subscriptions_at(benefits, 0)
    return deferred


def capture(url: str, output: Path, benefits: str | None = None) -> None:
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
        if benefits is not None:
            # Chromium reports a `multipart/mixed` response with `cache-control: no-store` (the
            # platform's, for personal data) as aborted at its end, after every byte has arrived
            # and been shown (so it does with a bare Starlette stream; not with no-cache or
            # private): that one report is let pass, any other failure is not.
            for report in run_the_streaming_examples(page, url, benefits):
                if report == f"{url} net::ERR_ABORTED" and report in traffic.failed:
                    traffic.failed.remove(report)
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
            capture(gateway + "/graphql", output, f"http://127.0.0.1:{ports['benefits']}")
        finally:
            process.terminate()
            process.wait(timeout=30)
    print(f"wrote {output} ({output.stat().st_size} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/playground.png"))
