"""CORS as a browser enforces it (real headless Chromium): a page from an allowed origin calls the
gateway with `fetch` and credentials and gets data; a page from another origin is blocked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from gateway.plugins import build_plugins
from gateway.plugins.cors import CorsConfig
from tests.http.harness import gateway
from tests.playground.browser import chromium_or_skip
from tests.support.servers import ServerThread

PAGE = "<!doctype html><title>frontend</title><p>a frontend on its own origin</p>"
CALL = """async (url) => {
  try {
    const response = await fetch(url, {
      method: 'POST', credentials: 'include',
      headers: {'content-type': 'application/json', 'authorization': 'Bearer demo'},
      body: JSON.stringify({query: '{ topProducts { name } }'}),
    });
    return {ok: true, status: response.status, body: await response.json()};
  } catch (error) {
    return {ok: false, error: String(error)};
  }
}"""


async def frontend(_: Request) -> HTMLResponse:
    return HTMLResponse(PAGE)


@pytest.fixture(scope="module")
def origins() -> Iterator[tuple[str, str]]:
    """Two local frontends on their own ports: (allowed, other)."""
    app = Starlette(routes=[Route("/", frontend)])
    allowed, other = ServerThread(app).start(), ServerThread(app).start()
    try:
        yield allowed.url, other.url
    finally:
        allowed.stop()
        other.stop()


@pytest.fixture(scope="module")
def cors_gateway(subgraph_urls: dict[str, str], origins: tuple[str, str]) -> Iterator[str]:
    cors = CorsConfig(origins=(origins[0],), allow_credentials=True)
    with gateway(subgraph_urls, plugins=build_plugins({"cors": cors})) as url:
        yield url


def call_from(origin: str, url: str) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_or_skip(), headless=True)
        try:
            page = browser.new_page()
            page.goto(origin + "/")
            result: dict[str, Any] = page.evaluate(CALL, url)
            return result
        finally:
            browser.close()


def test_an_allowed_origin_gets_data_with_credentials(cors_gateway: str, origins: tuple[str, str]) -> None:
    chromium_or_skip()
    result = call_from(origins[0], cors_gateway)
    assert result["ok"], result
    assert result["status"] == 200 and result["body"]["data"]["topProducts"]


def test_another_origin_is_blocked_by_the_browser(cors_gateway: str, origins: tuple[str, str]) -> None:
    chromium_or_skip()
    result = call_from(origins[1], cors_gateway)
    assert not result["ok"] and "Failed to fetch" in result["error"], result
