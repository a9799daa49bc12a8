"""CORS for browser frontends on other origins: Starlette's CORS middleware, configured here.
Preflights are answered; a disallowed origin gets no CORS headers (and a 400 for a preflight),
so the browser blocks the response. Without origins configured the plugin is left out.

    cors:
      origins: [ "http://localhost:5173" ]              # exact origins
      match_origins: [ "^http://127\\.0\\.0\\.1:\\d+$" ]  # regular expressions over the origin
      allow_credentials: true                           # cookies / Authorization from the browser
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

from ...config.declare import setting
from ...hooks import Plugin

# What GraphQL clients send: JSON, credentials, Apollo's client awareness and CSRF headers, a purpose.
CLIENT_HEADERS = (
    "accept",
    "authorization",
    "content-type",
    "apollographql-client-name",
    "apollographql-client-version",
    "apollo-require-preflight",
    "graphql-preflight",
    "x-apollo-operation-name",
    "x-purpose",
    "x-request-id",
)


@dataclass(frozen=True)
class CorsConfig:
    """Which browser origins may call the gateway."""

    origins: tuple[str, ...] = setting((), doc="Allowed origins, exactly (`scheme://host[:port]`).")
    match_origins: tuple[str, ...] = setting((), doc="Allowed origins by regular expression (full match).")
    allow_any_origin: bool = setting(False, doc="Allow every origin (`*`; not with credentials).")
    allow_credentials: bool = setting(False, doc="Let browsers send cookies and `Authorization`.")
    methods: tuple[str, ...] = setting(("GET", "POST"), doc="Methods allowed cross-origin.")
    allow_headers: tuple[str, ...] = setting(
        CLIENT_HEADERS, doc="Request headers allowed cross-origin (those GraphQL clients send)."
    )
    expose_headers: tuple[str, ...] = setting(
        ("server-timing", "x-request-id"), doc="Response headers the page may read."
    )
    max_age: int = setting(600, doc="Seconds a browser may cache a preflight's answer.", minimum=0)

    def __post_init__(self) -> None:
        if self.allow_any_origin and self.allow_credentials:
            raise ValueError("`allow_any_origin` cannot go with `allow_credentials` (browsers refuse it)")
        for pattern in self.match_origins:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"match_origins: {pattern!r} is not a regular expression: {error}") from None

    @property
    def empty(self) -> bool:
        """No origin allowed: the plugin is left out (no CORS headers; OPTIONS is a 405)."""
        return not (self.origins or self.match_origins or self.allow_any_origin)


class CorsPlugin(Plugin):
    name = "cors"
    Config = CorsConfig

    def http_middleware(self) -> Sequence[Middleware]:
        config: CorsConfig = self.config
        regex = "|".join(f"(?:{p})" for p in config.match_origins) or None
        return [
            Middleware(
                CORSMiddleware,
                allow_origins=["*"] if config.allow_any_origin else list(config.origins),
                allow_origin_regex=regex,
                allow_methods=list(config.methods),
                allow_headers=list(config.allow_headers),
                allow_credentials=config.allow_credentials,
                expose_headers=list(config.expose_headers),
                max_age=config.max_age,
            )
        ]
