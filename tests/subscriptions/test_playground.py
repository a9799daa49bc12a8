"""The playground runs a subscription over the gateway's WebSocket, in real headless Chromium:
the event, with the field from the other subgraph, shows in the response pane; the Plan panel
shows the subgraph subscription and the fetch made for each event."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from gateway.plugins import build_plugins
from gateway.plugins.playground import PlaygroundConfig
from tests.playground.browser import chromium_or_skip, open_page
from tests.subscriptions.support import Platform, platform


@pytest.fixture(scope="module")
def with_playground() -> Iterator[Platform]:
    chromium_or_skip()
    plugins = build_plugins({"playground": PlaygroundConfig(enabled=True, expose_query_plans=True)})
    with platform(plugins) as started:
        yield started


def wait_for_subscribers(running: Platform, count: int) -> None:
    deadline = time.monotonic() + 30
    while running.subscribers() != count:
        assert time.monotonic() < deadline, f"never {count} subscribers"
        time.sleep(0.1)


WATCH = "subscription Watch { claimChanged { id applicant { name } } }"


def type_query(page: Any, text: str) -> None:
    page.wait_for_selector(".graphiql-container .monaco-editor", timeout=30_000)
    editor = page.locator(".graphiql-query-editor .monaco-editor").first
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)
    page.wait_for_timeout(1500)  # GraphiQL reads the operation after a debounce


def test_a_subscription_in_the_playground_shows_its_events(with_playground: Platform) -> None:
    with open_page(with_playground.gateway + "/graphql") as (page, traffic):
        type_query(page, WATCH)
        page.click(".graphiql-execute-button")
        wait_for_subscribers(with_playground, 1)
        with_playground.emit(1)
        response = page.locator(".graphiql-response")
        response.get_by_text("Person p0").first.wait_for(timeout=15_000)
        assert '"claimChanged"' in response.inner_text()
        page.click(".graphiql-execute-button")  # stop: the socket closes, and the subgraph's
        wait_for_subscribers(with_playground, 0)
        assert traffic.external == [] and traffic.errors == []
        assert page.evaluate("window.__csp") == []


def test_the_plan_panel_shows_a_subscription_and_its_fetch_per_event(with_playground: Platform) -> None:
    with open_page(with_playground.gateway + "/graphql") as (page, traffic):
        type_query(page, WATCH)
        page.click("button[aria-label='Show Query plan']")
        plan = page.locator(".gg-subscription")
        plan.locator(".gg-service").nth(1).wait_for(timeout=15_000)  # the dry run's plan
        heads = [h.lower() for h in plan.locator(".gg-group-head").all_inner_texts()]
        assert heads == ["subscribe", "for each event"]
        assert plan.locator(".gg-service").all_inner_texts() == ["claims", "people"]
        assert page.locator(".gg-summary").inner_text().startswith("2 fetches")
        assert traffic.external == [] and traffic.errors == []
