"""The playground in real headless Chromium against a gateway over the benchmark subgraphs.
Every request to anything but the gateway's origin is blocked by the test, and none may happen;
no request may fail, no CSP violation or console error occur."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.playground.browser import Traffic, chromium_or_skip, open_page


@pytest.fixture(scope="module")
def browser_page(playground_url: str) -> Iterator[tuple[Any, Traffic]]:
    chromium_or_skip()
    with open_page(playground_url) as (page, traffic):
        page.wait_for_selector(".graphiql-container .monaco-editor", timeout=30_000)
        yield page, traffic


def type_query(page: Any, text: str) -> None:
    editor = page.locator(".graphiql-query-editor .monaco-editor").first
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)
    # GraphiQL re-reads the operation name from the editor after a debounce: on a busy machine a
    # click that comes first still sends the old name. Wait until the editor is settled.
    page.wait_for_timeout(1500)


def show(page: Any, title: str) -> None:
    button = page.locator(f"button[aria-label='Show {title}']")
    if button.count():
        button.click()


def test_typing_a_query_and_running_it_shows_the_data(browser_page: tuple[Any, Traffic]) -> None:
    page, _ = browser_page
    type_query(page, "query Top { topProducts { name price reviews { body author { name } } } }")
    page.click(".graphiql-execute-button")
    response = page.locator(".graphiql-response")
    response.get_by_text('"Table"').first.wait_for(timeout=15_000)
    assert '"topProducts"' in response.inner_text()


def test_the_plan_panel_shows_the_fetches_per_subgraph(browser_page: tuple[Any, Traffic]) -> None:
    page, _ = browser_page
    show(page, "Query plan")
    page.locator(".gg-fetch .gg-time").filter(has_text="ms").first.wait_for(timeout=15_000)
    services = page.locator(".gg-fetch .gg-service").all_inner_texts()
    assert services == ["products", "reviews", "accounts"]
    assert page.locator(".gg-sequence .gg-group-head").first.inner_text().lower() == "in order"
    assert page.locator(".gg-bar").count() == 3  # each fetch's time from the last run
    assert "3 fetches" in page.locator(".gg-summary").inner_text()


def test_the_docs_explorer_lists_a_type(browser_page: tuple[Any, Traffic]) -> None:
    page, _ = browser_page
    show(page, "Documentation Explorer")
    page.get_by_text("Query", exact=True).first.click()
    page.locator(".graphiql-doc-explorer").get_by_text("topProducts").first.wait_for(timeout=15_000)


def test_the_examples_and_headers_are_offered(browser_page: tuple[Any, Traffic]) -> None:
    page, _ = browser_page
    show(page, "Examples")
    assert page.locator(".gg-example strong").all_inner_texts() == ["TestQuery"]


def test_no_request_left_the_gateway_and_none_failed(browser_page: tuple[Any, Traffic]) -> None:
    page, traffic = browser_page
    assert traffic.requests, "the page made no requests at all"
    assert traffic.external == []
    assert traffic.failed == []
    assert page.evaluate("window.__csp") == []
    assert traffic.errors == []
