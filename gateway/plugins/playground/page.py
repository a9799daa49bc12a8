"""The playground page and its assets: the committed GraphiQL bundle in `static/` (built from
`playground/` by `make playground`; never fetched from a CDN), an HTML page that loads it, and an
ASGI middleware that answers browsers asking for HTML at the GraphQL endpoint with that page.

The page carries a strict Content-Security-Policy: everything from the page's own origin, no
inline or evaluated script, workers from 'self' only. The settings the page needs (endpoint,
examples, headers) travel in a JSON data block, which a CSP never has to allow.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

STATIC = Path(__file__).resolve().parent / "static"
ASSETS_PATH = "/playground/assets"

# GraphiQL 5 (Monaco) creates <style> elements at run time, hence 'unsafe-inline' for styles
# only; scripts, workers, fonts, images and connections are all restricted to the page's origin.
CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "worker-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)
PAGE_HEADERS = {
    "content-security-policy": CSP,
    "vary": "accept",
    "cache-control": "no-cache",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


@cache
def manifest() -> dict[str, Any]:
    """What `make playground` wrote: the sha256 of each source and output."""
    loaded: dict[str, Any] = json.loads((STATIC / "manifest.json").read_text())
    return loaded


def asset_version() -> str:
    """A short digest of the outputs, appended to asset URLs so a new bundle is never cached stale."""
    bundle = manifest()["outputs"]
    return str(bundle.get("playground.js", ""))[:12]


@dataclass(frozen=True)
class PageSettings:
    """What the page shows: its title, the endpoint, examples, the headers pre-filled, plans."""

    title: str
    endpoint: str = "/graphql"
    examples: Sequence[Mapping[str, Any]] = ()
    headers: Mapping[str, str] | None = None
    expose_plan: bool = False

    def to_json(self) -> str:
        data = {
            "title": self.title,
            "endpoint": self.endpoint,
            "examples": list(self.examples),
            "headers": dict(self.headers or {}),
            "exposePlan": self.expose_plan,
        }
        # inside <script type="application/json">: "<" escaped, so no "</script>" can end it early
        return json.dumps(data).replace("<", "\\u003c")


def render_page(settings: PageSettings) -> str:
    version = asset_version()
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(settings.title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{ASSETS_PATH}/playground.css?v={version}">
<script type="module" src="{ASSETS_PATH}/playground.js?v={version}"></script>
</head>
<body>
<div id="graphiql">Loading the playground…</div>
<script type="application/json" id="govgraph-playground-config">{settings.to_json()}</script>
</body>
</html>
"""


def _ranges(accept: str) -> list[tuple[str, float]]:
    found = []
    for part in accept.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 1.0
        if media:
            found.append((media.lower(), quality))
    return found


def _quality(ranges: list[tuple[str, float]], media: str, *, wildcards: bool) -> float:
    """The quality of the most specific range naming `media` (`*/*` only with `wildcards`)."""
    kind = media.split("/")[0]
    for candidate in (media, f"{kind}/*", "*/*" if wildcards else None):
        for name, quality in ranges:
            if name == candidate:
                return quality
    return 0.0


def prefers_html(accept: str | None) -> bool:
    """A browser navigating: it names `text/html` and ranks it above every GraphQL response type
    (`*/*` alone, `application/json` or `application/graphql-response+json` never get the page)."""
    if not accept or "html" not in accept:
        return False
    ranges = _ranges(accept)
    page = _quality(ranges, "text/html", wildcards=False)
    graphql = max(
        _quality(ranges, media, wildcards=True)
        for media in ("application/json", "application/graphql-response+json")
    )
    return page > 0 and page > graphql


class PlaygroundMiddleware:
    """Answers `GET` on `paths` with the page when the client prefers HTML; passes the rest on."""

    def __init__(
        self, app: ASGIApp, settings: PageSettings, paths: Sequence[str] = ("/graphql", "/")
    ) -> None:
        self.app = app
        self.page = render_page(settings).encode()
        self.paths = frozenset(paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and scope["path"] in self.paths
            and prefers_html(Headers(scope=scope).get("accept"))
        ):
            response = Response(self.page, media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def asset_routes() -> list[BaseRoute]:
    """The bundle, fonts and workers, under `ASSETS_PATH`."""
    return [Mount(ASSETS_PATH, app=StaticFiles(directory=STATIC), name="playground-assets")]
