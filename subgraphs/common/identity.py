"""The subgraph side of the trust boundary: who the gateway says is asking.

The gateway verifies the client's bearer token and sends what it verified to each subgraph as a
short-lived JWT it signs itself, in the `x-govgraph-identity` header (claims: iss, aud = the subgraph's
name, sub, kind, citizen_id, scopes, client_id, purpose, iat, exp, jti; see
`gateway/plugins/identity/signing.py`). A subgraph checks it with the gateway's public key and trusts
nothing else: client headers such as `x-citizen-id` never reach it through the gateway.

    verifier = IdentityVerifier("tax")                     # key file from $GOVGRAPH_GATEWAY_PUBLIC_KEY
    caller = verifier.caller(request.headers)              # VerifiedCaller, or None (anonymous)
    if caller is not None and caller.kind == "citizen": ... caller.citizen_id ...

An invalid header (bad signature, expired, meant for another subgraph, another issuer, malformed)
raises `InvalidIdentity`: answer it as an authentication failure, never as anonymous.

The key file is the gateway's public key as PEM (`gateway-key.pub.pem` in the platform's data dir), or
a JWKS (`{"keys": [...]}`) holding several keys during a rotation.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from jwt import exceptions as jwt_errors

HEADER = "x-govgraph-identity"
PUBLIC_KEY_ENV = "GOVGRAPH_GATEWAY_PUBLIC_KEY"
GATEWAY_ISSUER = "govgraph-gateway"
KINDS = frozenset(("citizen", "official", "service"))
REQUIRED = ["iss", "aud", "exp", "iat", "kind"]


class InvalidIdentity(Exception):
    """`x-govgraph-identity` is present but does not verify (the message says why, never the token)."""


@dataclass(frozen=True, slots=True)
class VerifiedCaller:
    """The caller as the gateway verified it."""

    kind: str  # citizen | official | service
    citizen_id: str | None
    scopes: frozenset[str]
    purpose: str | None
    subject: str | None
    client_id: str | None = None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


def _algorithm(key: Any) -> str:
    if isinstance(key, ed25519.Ed25519PublicKey):
        return "EdDSA"
    if isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name == "secp256r1":
        return "ES256"
    raise ValueError("the gateway's public key must be EC P-256 (ES256) or Ed25519 (EdDSA)")


def load_public_keys(path: str | Path) -> dict[str | None, tuple[Any, str]]:
    """kid -> (public key, algorithm); a PEM file gives one key without a kid."""
    data = Path(path).read_bytes()
    if data.lstrip().startswith(b"{"):
        keys: dict[str | None, tuple[Any, str]] = {}
        for jwk in json.loads(data).get("keys", []):
            key = jwt.PyJWK(jwk).key
            keys[jwk.get("kid")] = (key, _algorithm(key))
        if not keys:
            raise ValueError(f"{path}: the JWKS holds no key")
        return keys
    key = serialization.load_pem_public_key(data)
    return {None: (key, _algorithm(key))}


class IdentityVerifier:
    """Verifies `x-govgraph-identity` for one subgraph (`subgraph` is its name: the token's `aud`)."""

    def __init__(
        self,
        subgraph: str,
        public_key: str | Path | None = None,
        *,
        issuer: str = GATEWAY_ISSUER,
        leeway: float = 5.0,
    ) -> None:
        path = public_key if public_key is not None else os.environ.get(PUBLIC_KEY_ENV)
        if not path:
            raise ValueError(f"no gateway public key: pass one or set ${PUBLIC_KEY_ENV}")
        self.subgraph = subgraph
        self.issuer = issuer
        self.leeway = leeway
        self.keys = load_public_keys(path)

    def caller(self, headers: Mapping[str, str]) -> VerifiedCaller | None:
        """The caller the request's `x-govgraph-identity` names; None without that header."""
        value = headers.get(HEADER)
        if value is None:
            return None
        return self.verify(value.strip())

    def verify(self, token: str) -> VerifiedCaller:
        try:
            header = jwt.get_unverified_header(token)
        except jwt_errors.PyJWTError:
            raise InvalidIdentity("x-govgraph-identity is malformed") from None
        kid = header.get("kid")
        found = self.keys.get(kid) or (self.keys.get(None) if len(self.keys) == 1 else None)
        if found is None:
            raise InvalidIdentity("x-govgraph-identity is signed with an unknown key")
        key, algorithm = found
        if header.get("alg") != algorithm:
            raise InvalidIdentity("x-govgraph-identity uses an algorithm its key does not allow")
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                audience=self.subgraph,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": REQUIRED},
            )
        except jwt_errors.ExpiredSignatureError:
            raise InvalidIdentity("x-govgraph-identity has expired") from None
        except jwt_errors.ImmatureSignatureError:
            raise InvalidIdentity("x-govgraph-identity is not valid yet") from None
        except jwt_errors.InvalidAudienceError:
            raise InvalidIdentity(f"x-govgraph-identity is not meant for {self.subgraph}") from None
        except jwt_errors.InvalidIssuerError:
            raise InvalidIdentity("x-govgraph-identity is not from the gateway") from None
        except jwt_errors.InvalidSignatureError:
            raise InvalidIdentity("x-govgraph-identity's signature does not verify") from None
        except jwt_errors.PyJWTError as error:
            raise InvalidIdentity(f"x-govgraph-identity is invalid ({type(error).__name__})") from None
        return _caller(claims)


def _caller(claims: Mapping[str, Any]) -> VerifiedCaller:
    kind = claims.get("kind")
    if kind not in KINDS:
        raise InvalidIdentity("x-govgraph-identity names no known kind of caller")
    citizen_id = claims.get("citizen_id")
    if kind == "citizen" and not (isinstance(citizen_id, str) and citizen_id):
        raise InvalidIdentity("x-govgraph-identity names a citizen without a citizen_id")
    scopes = claims.get("scopes", [])
    if not isinstance(scopes, list) or not all(isinstance(scope, str) for scope in scopes):
        raise InvalidIdentity("x-govgraph-identity has malformed scopes")
    text = {name: claims.get(name) for name in ("sub", "purpose", "client_id")}
    if any(value is not None and not isinstance(value, str) for value in text.values()):
        raise InvalidIdentity("x-govgraph-identity has a malformed claim")
    return VerifiedCaller(
        kind=str(kind),
        citizen_id=citizen_id if kind == "citizen" else None,
        scopes=frozenset(scopes),
        purpose=text["purpose"],
        subject=text["sub"],
        client_id=text["client_id"],
    )


def verify_caller(
    headers: Mapping[str, str], subgraph: str, public_key: str | Path | None = None
) -> VerifiedCaller | None:
    """One-off: `IdentityVerifier(subgraph, public_key).caller(headers)` (a long-lived subgraph keeps
    one `IdentityVerifier`, which reads the key file once)."""
    return IdentityVerifier(subgraph, public_key).caller(headers)
