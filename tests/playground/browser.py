"""Headless Chromium for the playground tests (Debian's `chromium`, driven by playwright-python;
nothing downloads a browser). Every request to anything but the page's own origin is blocked
and recorded, as is every failed request, console error and CSP violation."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("GOVGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Collect CSP violations in the page (they do not all reach the console).
WATCH_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) =>
  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def chromium_or_skip() -> str:
    """The chromium binary, or skip the test naming why (CI installs it: `make test`)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[dev]')")
    if not os.path.exists(CHROMIUM):
        pytest.skip("chromium is not installed (apt-get install -y chromium; `make test` does it)")
    return CHROMIUM


@dataclass
class Traffic:
    """What the page asked for beyond its origin, what failed, and what the console said."""

    origin: str
    external: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def route(self, route: Any) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or f"{parts.scheme}://{parts.netloc}" == self.origin:
            route.continue_()
        else:
            self.external.append(url)
            route.abort("blockedbyclient")


@contextlib.contextmanager
def open_page(url: str, viewport: tuple[int, int] = (1400, 900)) -> Iterator[tuple[Any, Traffic]]:
    """A fresh browser page on `url` with all traffic watched."""
    from playwright.sync_api import sync_playwright

    executable = chromium_or_skip()
    parts = urlsplit(url)
    traffic = Traffic(f"{parts.scheme}://{parts.netloc}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
            context.route("**/*", traffic.route)
            page = context.new_page()
            page.add_init_script(WATCH_CSP)
            page.on("request", lambda request: traffic.requests.append(request.url))
            page.on(
                "requestfailed", lambda request: traffic.failed.append(f"{request.url} {request.failure}")
            )
            page.on("console", lambda m: traffic.errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: traffic.errors.append(str(error)))
            page.goto(url)
            yield page, traffic
        finally:
            browser.close()
