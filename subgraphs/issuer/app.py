"""The dev issuer as an ASGI app, and the signing it does.

    GET  /.well-known/jwks.json   its public key (what the gateway verifies tokens with)
    POST /token                   {"citizen": "<personal code>"}
                                  {"official": "<name>", "scopes": ["tax:read", ...]}
                                  {"service": "<client name>", "scopes": [...]}
                                  optional "expires_in" (seconds, at most a day)
                                  -> {"access_token": "...", "token_type": "Bearer", "expires_in": N}
    GET  /health

Tokens are ES256 JWTs: iss (default "govgraph-dev-issuer"), aud (default "govgraph"), sub, iat, nbf,
exp, jti, azp "govgraph-dev"; a citizen's carry `citizen_id`, an official's `role: "official"` and
`scope` (space-delimited). The key is generated on first start into `<data-dir>/identity/` and reused.
There is no authentication: anyone who reaches it gets any token. A laptop demo only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import jwt
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from subgraphs.common.keys import ensure_keypair

DEFAULT_ISSUER = "govgraph-dev-issuer"
DEFAULT_AUDIENCE = "govgraph"
DEFAULT_LIFETIME = 3600
MAX_LIFETIME = 86_400
CLIENT_ID = "govgraph-dev"
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._@-]{0,63}")
SCOPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9:._-]{0,63}")


def issuer_key_file(data_dir: Path) -> Path:
    return data_dir / "identity" / "issuer-key.pem"


def gateway_key_file(data_dir: Path) -> Path:
    """The gateway's own signing key (its public key beside it, `gateway-key.pub.pem`)."""
    return data_dir / "identity" / "gateway-key.pem"


class BadTokenRequest(ValueError):
    pass


def _name(value: Any, what: str) -> str:
    if not isinstance(value, str) or not NAME.fullmatch(value):
        raise BadTokenRequest(f"{what} must be 1-64 letters, digits, spaces or ._@-")
    return value


def _scopes(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(s, str) and SCOPE.fullmatch(s) for s in value):
        raise BadTokenRequest("scopes must be a list of scope names such as tax:read")
    return sorted(set(value))


class DevIssuer:
    """Signs dev tokens with the ES256 key in `key_file` (generated when missing)."""

    def __init__(
        self,
        key_file: Path,
        issuer: str = DEFAULT_ISSUER,
        audience: str = DEFAULT_AUDIENCE,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.key = ensure_keypair(key_file, "ES256")
        self.issuer = issuer
        self.audience = audience
        self.now = now
        jwk = jwt.algorithms.ECAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        self.kid = _thumbprint(jwk)
        self.jwk = {**jwk, "kid": self.kid, "alg": "ES256", "use": "sig"}

    @property
    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.jwk]}

    def mint(
        self,
        *,
        citizen: str | None = None,
        official: str | None = None,
        service: str | None = None,
        scopes: Iterable[str] = (),
        expires_in: int = DEFAULT_LIFETIME,
    ) -> str:
        if sum(value is not None for value in (citizen, official, service)) != 1:
            raise BadTokenRequest('ask for exactly one of "citizen", "official", "service"')
        if not (isinstance(expires_in, int) and 0 < expires_in <= MAX_LIFETIME):
            raise BadTokenRequest(f"expires_in must be 1..{MAX_LIFETIME} seconds")
        now = int(self.now())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.audience,
            "iat": now,
            "nbf": now,
            "exp": now + expires_in,
            "jti": uuid.uuid4().hex,
            "azp": CLIENT_ID,
        }
        granted = _scopes(list(scopes))
        if citizen is not None:
            claims |= {"sub": _name(citizen, "citizen"), "citizen_id": citizen}
        elif official is not None:
            claims |= {"sub": _name(official, "official"), "role": "official"}
        else:
            claims |= {"sub": _name(service, "service")}
        if granted:
            claims["scope"] = " ".join(granted)
        return jwt.encode(claims, self.key, algorithm="ES256", headers={"kid": self.kid, "typ": "JWT"})

    def mint_from(self, body: Mapping[str, Any]) -> str:
        unknown = set(body) - {"citizen", "official", "service", "scopes", "expires_in"}
        if unknown:
            raise BadTokenRequest(f"unknown fields: {', '.join(sorted(unknown))}")
        return self.mint(
            citizen=body.get("citizen"),
            official=body.get("official"),
            service=body.get("service"),
            scopes=_scopes(body.get("scopes")),
            expires_in=body.get("expires_in", DEFAULT_LIFETIME),
        )


def _thumbprint(jwk: Mapping[str, Any]) -> str:
    """RFC 7638: the SHA-256 of the key's required members, as the key id."""
    members = {name: jwk[name] for name in ("crv", "kty", "x", "y")}
    digest = hashlib.sha256(json.dumps(members, sort_keys=True, separators=(",", ":")).encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def create_app(issuer: DevIssuer) -> Starlette:
    async def jwks(request: Request) -> JSONResponse:
        return JSONResponse(issuer.jwks, headers={"cache-control": "max-age=300"})

    async def token(request: Request) -> JSONResponse:
        try:
            body = await request.json()
        except ValueError:
            return JSONResponse({"error": "invalid_request", "error_description": "send a JSON object"}, 400)
        if not isinstance(body, dict):
            return JSONResponse({"error": "invalid_request", "error_description": "send a JSON object"}, 400)
        try:
            minted = issuer.mint_from(body)
        except BadTokenRequest as error:
            return JSONResponse({"error": "invalid_request", "error_description": str(error)}, 400)
        expires_in = body.get("expires_in", DEFAULT_LIFETIME)
        return JSONResponse({"access_token": minted, "token_type": "Bearer", "expires_in": expires_in})

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "issuer": issuer.issuer})

    return Starlette(
        routes=[
            Route("/.well-known/jwks.json", jwks, methods=["GET"]),
            Route("/token", token, methods=["POST"]),
            Route("/health", health, methods=["GET"]),
        ]
    )
