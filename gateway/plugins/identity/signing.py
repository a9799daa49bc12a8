"""What the gateway tells a subgraph about the caller: a short-lived JWT it signs itself, in the
`x-govgraph-identity` header. Subgraphs verify it with the gateway's public key
(`subgraphs/common/identity.py` does it for the agencies).

    header   alg ES256 (EC P-256 key) or EdDSA (Ed25519 key); kid = the key's RFC 7638 thumbprint
    claims   iss         the gateway's issuer name (`gateway_issuer`, default "govgraph-gateway")
             aud         the subgraph's name, so a token sent to one subgraph is refused by another
             sub         the caller's subject (the provider token's `sub`)
             kind        citizen | official | service
             citizen_id  a citizen's personal code (kind citizen only)
             scopes      the caller's scopes, sorted (a list; empty for most citizens)
             client_id   the client application, when the provider named one
             purpose     the request's `x-purpose` header, when it has one
             iat, exp    issued now, valid for `identity_token_seconds` (60 s), never beyond the
                         provider token's own `exp`
             jti         unique per signed token

Signed tokens are reused per (caller, subgraph, purpose) until a quarter of their lifetime (at most
15 s) is left, so the gateway does not sign on every fetch and identical fetches of one caller stay
identical (and so can be de-duplicated)."""

from __future__ import annotations

import base64
import hashlib
import json
import time
import uuid
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from ...cache import BoundedCache
from ...errors import GovgraphError
from ...messages import Principal


def identity_key(principal: Principal) -> Hashable:
    """What of a principal the subgraphs are told, and so what may change their answers."""
    return (
        principal.kind,
        principal.subject,
        principal.citizen_id,
        tuple(sorted(principal.scopes)),
        principal.client_id,
        principal.issuer,
    )


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_jwk(public_key: Any) -> dict[str, str]:
    """The public key as a JWK with its RFC 7638 thumbprint as `kid`."""
    if isinstance(public_key, ed25519.Ed25519PublicKey):
        raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        members = {"crv": "Ed25519", "kty": "OKP", "x": _b64(raw)}
        alg = "EdDSA"
    elif isinstance(public_key, ec.EllipticCurvePublicKey) and public_key.curve.name == "secp256r1":
        numbers = public_key.public_numbers()
        members = {
            "crv": "P-256",
            "kty": "EC",
            "x": _b64(numbers.x.to_bytes(32, "big")),
            "y": _b64(numbers.y.to_bytes(32, "big")),
        }
        alg = "ES256"
    else:
        raise GovgraphError("the identity signing key must be EC P-256 (ES256) or Ed25519 (EdDSA)")
    canonical = json.dumps(members, sort_keys=True, separators=(",", ":")).encode()
    return {**members, "kid": _b64(hashlib.sha256(canonical).digest()), "alg": alg, "use": "sig"}


def load_private_key(path: str | Path) -> Any:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise GovgraphError(f"identity signing key {path}: {error.strerror or error}") from None
    try:
        return serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as error:
        raise GovgraphError(f"identity signing key {path}: not an unencrypted PEM private key") from error


class IdentitySigner:
    """Signs (and reuses) the `x-govgraph-identity` tokens of one gateway key."""

    def __init__(
        self,
        key_file: str | Path,
        issuer: str,
        lifetime: float = 60.0,
        now: Callable[[], float] = time.time,
        cache_size: int = 10_000,
    ) -> None:
        self.private_key = load_private_key(key_file)
        self.jwk = public_jwk(self.private_key.public_key())
        self.algorithm = self.jwk["alg"]
        self.kid = self.jwk["kid"]
        self.issuer = issuer
        self.lifetime = lifetime
        self.margin = min(15.0, lifetime / 4)
        self.now = now
        self.signed = 0
        self._cache = BoundedCache[Hashable, tuple[str, float]]("identity-signed", cache_size)

    @property
    def jwks(self) -> dict[str, Any]:
        """The public JWKS of the gateway's key (what subgraphs may verify with)."""
        return {"keys": [self.jwk]}

    def token_for(self, principal: Principal, audience: str, purpose: str | None = None) -> str:
        key = (identity_key(principal), audience, purpose)
        now = self.now()
        found = self._cache.get(key)
        if found is not None and now < found[1]:
            return found[0]
        expires = now + self.lifetime
        if principal.expires_at is not None:
            expires = max(min(expires, principal.expires_at), now + 1)
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": audience,
            "kind": principal.kind,
            "scopes": sorted(principal.scopes),
            "iat": int(now),
            "exp": int(expires),
            "jti": uuid.uuid4().hex,
        }
        for name, value in (
            ("sub", principal.subject),
            ("citizen_id", principal.citizen_id),
            ("client_id", principal.client_id),
            ("purpose", purpose),
        ):
            if value is not None:
                claims[name] = value
        token = jwt.encode(
            claims, self.private_key, algorithm=self.algorithm, headers={"kid": self.kid, "typ": "JWT"}
        )
        self.signed += 1
        reuse_until = int(expires) - self.margin
        if reuse_until > now:
            self._cache.put(key, (token, reuse_until))
        return token
