"""`@defer` in the playground, in real headless Chromium, against real subgraphs whose benefits
agency answers only when the test opens its gate (tests/defer/support.py): the response pane
shows the fast part while benefits is still waiting, then the deferred part merged in once the
gate opens; stopping the run in between ends it quietly. The Plan panel shows the first part's
fetches and the deferred one's. Ordering, not wall clock: each step waits for the one before."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from gateway.plugins import build_plugins
from gateway.plugins.defer import DeferConfig
from gateway.plugins.playground import Example, PlaygroundConfig
from tests.defer.support import GATE, agencies_gateway
from tests.playground.browser import Traffic, chromium_or_skip, open_page

DASHBOARD = """query Dashboard {
  me {
    givenName
    taxAccount { balance }
    ... @defer(label: "slow") { benefitClaims { kind status } }
  }
}"""
FIRST = {"data": {"me": {"givenName": "Ada", "taxAccount": {"balance": 102}}}}
MERGED = {
    "data": {
        "me": {
            "givenName": "Ada",
            "taxAccount": {"balance": 102},
            "benefitClaims": [{"kind": "child", "status": "paid"}, {"kind": "housing", "status": "open"}],
        }
    }
}
PLAYGROUND = PlaygroundConfig(
    enabled=True,
    expose_query_plans=True,
    examples=(Example(name="Dashboard, slow part later", query=DASHBOARD),),
)


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    chromium_or_skip()
    plugins = build_plugins({"defer": DeferConfig(enabled=True), "playground": PLAYGROUND})
    with agencies_gateway(plugins) as found:
        yield found


@pytest.fixture
def gate_closed() -> Iterator[None]:
    GATE.open.clear()
    GATE.entered.clear()
    try:
        yield
    finally:
        GATE.open.set()


@pytest.fixture
def browser_page(url: str, gate_closed: None) -> Iterator[tuple[Any, Traffic]]:
    with open_page(url) as (page, traffic):
        page.wait_for_selector(".graphiql-container .monaco-editor", timeout=30_000)
        page.wait_for_timeout(1500)  # GraphiQL reads the pre-filled operation after a debounce
        yield page, traffic


def shown(page: Any) -> Any:
    """The result in the response pane, as JSON (Monaco renders spaces as no-break spaces)."""
    text = page.locator(".graphiql-response .view-lines").inner_text().replace("\u00a0", " ")
    return json.loads(text)


def wait_shown(page: Any, expected: dict[str, Any]) -> None:
    page.wait_for_function(
        """(expected) => {
            const lines = document.querySelector('.graphiql-response .view-lines');
            if (!lines) return false;
            const text = lines.innerText.replaceAll('\\u00a0', ' ');
            try { return JSON.stringify(JSON.parse(text)) === expected; } catch { return false; }
        }""",
        arg=json.dumps(expected, separators=(",", ":")),
        timeout=30_000,
    )


def running(page: Any) -> bool:
    return bool(page.locator(".graphiql-execute-button[aria-label^='Stop']").count())


def test_the_fast_part_shows_first_then_the_deferred_part_merged_in(
    browser_page: tuple[Any, Traffic],
) -> None:
    page, traffic = browser_page
    page.click(".graphiql-execute-button")
    wait_shown(page, FIRST)  # while benefits is still waiting behind the closed gate
    assert GATE.entered.wait(30)  # the deferred call reached benefits, which has not answered
    assert shown(page) == FIRST
    assert running(page)  # the stream is open: the button stops it
    GATE.open.set()
    wait_shown(page, MERGED)
    page.locator(".graphiql-execute-button[aria-label^='Execute']").wait_for(timeout=15_000)
    assert shown(page) == MERGED  # no `hasNext`, no plan: only the merged result
    # the Plan panel: the first part's fetches, then the deferred fragment's
    page.click("button[aria-label='Show Query plan']")
    later = page.locator(".gg-deferred")
    later.locator(".gg-service").first.wait_for(timeout=15_000)
    assert later.locator(".gg-group-head").first.inner_text().lower() == 'later "slow" at me'
    assert later.locator(".gg-service").all_inner_texts() == ["benefits"]
    assert page.locator(".gg-fetch .gg-service").all_inner_texts() == ["people", "tax", "benefits"]
    assert traffic.external == [], traffic.external
    assert traffic.failed == [], traffic.failed
    assert traffic.errors == [], traffic.errors
    assert page.evaluate("window.__csp") == []


def test_stopping_a_deferred_run_keeps_the_first_part_and_ends_quietly(
    browser_page: tuple[Any, Traffic],
) -> None:
    page, traffic = browser_page
    page.click(".graphiql-execute-button")
    wait_shown(page, FIRST)
    assert GATE.entered.wait(30)
    with page.expect_event("requestfailed", timeout=15_000) as failed:
        page.click(".graphiql-execute-button[aria-label^='Stop']")
    assert "ERR_ABORTED" in str(failed.value.failure)  # the request is cut, not left to run out
    page.locator(".graphiql-execute-button[aria-label^='Execute']").wait_for(timeout=15_000)
    GATE.open.set()  # the part the stopped run would have had, with nowhere to go
    assert shown(page) == FIRST  # the first part stays, with no error over it
    assert traffic.errors == [] and traffic.external == []
    assert [f for f in traffic.failed if "ERR_ABORTED" not in f] == []
