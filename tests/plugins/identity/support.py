"""An identity provider for the tests: RSA, EC P-256 and Ed25519 keys, a JWKS that can be rotated,
served by a real local HTTP server that counts its fetches, and tokens made to order."""

from __future__ import annotations

import contextlib
import json
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from gateway.plugins.identity import IdentityConfig
from subgraphs.common.keys import ensure_keypair, public_path
from tests.support.servers import ServerThread

ISSUER = "https://idp.test"
AUDIENCE = "govgraph"
ALGORITHM_OF = {"rsa": "RS256", "ec": "ES256", "ed": "EdDSA"}


def _new_key(kind: str) -> Any:
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if kind == "ec":
        return ec.generate_private_key(ec.SECP256R1())
    return ed25519.Ed25519PrivateKey.generate()


def public_jwk(key: Any, kid: str) -> dict[str, Any]:
    public = key.public_key()
    if isinstance(public, rsa.RSAPublicKey):
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(public, as_dict=True)
    elif isinstance(public, ec.EllipticCurvePublicKey):
        jwk = jwt.algorithms.ECAlgorithm.to_jwk(public, as_dict=True)
    else:
        jwk = jwt.algorithms.OKPAlgorithm.to_jwk(public, as_dict=True)
    return {**jwk, "kid": kid, "use": "sig"}


def public_pem(key: Any) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


@dataclass
class Provider:
    """Keys by kid (`rsa-1`, `ec-1`, `ed-1` to start with) and the JWKS it publishes."""

    keys: dict[str, Any] = field(default_factory=dict)
    published: list[str] = field(default_factory=list)
    fetches: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def standard(cls) -> Provider:
        provider = cls()
        for kind in ("rsa", "ec", "ed"):
            provider.add(f"{kind}-1", kind, publish=True)
        return provider

    def add(self, kid: str, kind: str, publish: bool) -> None:
        self.keys[kid] = (_new_key(kind), kind)
        if publish:
            self.published.append(kid)

    def publish(self, kid: str) -> None:
        self.published.append(kid)

    def jwks(self) -> dict[str, Any]:
        return {"keys": [public_jwk(self.keys[kid][0], kid) for kid in self.published]}

    def token(
        self,
        kid: str = "ec-1",
        *,
        algorithm: str | None = None,
        key: Any = None,
        headers: dict[str, Any] | None = None,
        **claims: Any,
    ) -> str:
        """A token signed with `kid`'s key (or `key`), claims valid by default; a claim given as None
        is left out."""
        private, kind = self.keys[kid]
        now = int(time.time())
        body: dict[str, Any] = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": "user-1",
            "iat": now,
            "nbf": now,
            "exp": now + 600,
            "jti": uuid.uuid4().hex,
        }
        body.update(claims)
        body = {name: value for name, value in body.items() if value is not None}
        return jwt.encode(
            body,
            key if key is not None else private,
            algorithm=algorithm or ALGORITHM_OF[kind],
            headers={"kid": kid, **(headers or {})},
        )

    def app(self) -> Starlette:
        async def jwks(request: Request) -> JSONResponse:
            with self.lock:
                self.fetches += 1
            return JSONResponse(self.jwks())

        return Starlette(routes=[Route("/.well-known/jwks.json", jwks)])


@contextlib.contextmanager
def serving_jwks(provider: Provider) -> Iterator[str]:
    """The provider's JWKS on a real local HTTP server; yields its URL."""
    server = ServerThread(provider.app()).start()
    try:
        yield server.url + "/.well-known/jwks.json"
    finally:
        server.stop()


def gateway_keypair(folder: Path, algorithm: str = "EdDSA") -> tuple[Path, Path]:
    """The gateway's signing key file and its public key file."""
    private = folder / f"gateway-{algorithm}.pem"
    ensure_keypair(private, algorithm)  # type: ignore[arg-type]
    return private, public_path(private)


def identity_config(jwks_url: str | None = None, **settings: Any) -> IdentityConfig:
    defaults: dict[str, Any] = {"issuer": ISSUER, "audience": AUDIENCE, "clock_skew": 30.0}
    if "jwks_file" not in settings:
        defaults["jwks_url"] = jwks_url
    return IdentityConfig(**{**defaults, **settings})


def claims_of(token: str) -> dict[str, Any]:
    """A token's claims, unverified (to look at what a subgraph got)."""
    return dict(jwt.decode(token, options={"verify_signature": False}))


def write_jwks(path: Path, provider: Provider) -> Path:
    path.write_text(json.dumps(provider.jwks()))
    return path
