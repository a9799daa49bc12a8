"""From the `Authorization` header to a `Principal`: the bearer token's shape, its signature against
the provider's keys, its claims (`iss`, `aud`, `exp`, `nbf` with a small leeway), and who it names.

Every refusal is an `InvalidCredentials` whose description is one of the fixed sentences below: never
the token, never a library's message (which may quote what it parsed)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from typing import Any

import jwt
from jwt import exceptions as jwt_errors

from ...cache import BoundedCache
from ...messages import Principal
from .config import IdentityConfig
from .keys import KeySet

TOKEN68 = re.compile(r"[A-Za-z0-9\-._~+/]+=*")  # RFC 6750's b64token
MAX_TOKEN_CHARS = 16_384
REQUIRED_CLAIMS = ["exp", "iss", "aud"]


class InvalidCredentials(Exception):
    """A refusal: `error` is RFC 6750's code (invalid_request: the header's shape; invalid_token:
    the token), `description` a fixed sentence safe to send back."""

    def __init__(self, description: str, error: str = "invalid_token") -> None:
        super().__init__(description)
        self.description = description
        self.error = error

    @property
    def challenge(self) -> str:
        return f'Bearer error="{self.error}", error_description="{self.description}"'


def bearer_token(headers: Mapping[str, str]) -> str | None:
    """The bearer token of the request, None when it has no `Authorization` header."""
    getlist = getattr(headers, "getlist", None)
    if getlist is not None:
        values: list[str] = getlist("authorization")
    else:
        value = headers.get("authorization")
        values = [] if value is None else [value]
    if not values:
        return None
    if len(values) > 1:
        raise InvalidCredentials("The request has more than one Authorization header.", "invalid_request")
    scheme, _, rest = values[0].strip().partition(" ")
    if scheme.lower() != "bearer":
        raise InvalidCredentials("Only Bearer tokens are accepted.", "invalid_request")
    token = rest.strip()
    if not token:
        raise InvalidCredentials("The Bearer token is missing.", "invalid_request")
    if len(token) > MAX_TOKEN_CHARS:
        raise InvalidCredentials("The token is too large.", "invalid_request")
    if not TOKEN68.fullmatch(token):
        raise InvalidCredentials(
            "The Authorization header must hold exactly one Bearer token.", "invalid_request"
        )
    return token


FAILURES: tuple[tuple[type[Exception], str], ...] = (
    (jwt_errors.ExpiredSignatureError, "The token has expired."),
    (jwt_errors.ImmatureSignatureError, "The token is not valid yet."),
    (jwt_errors.InvalidAudienceError, "The token is not meant for this audience."),
    (jwt_errors.InvalidIssuerError, "The token's issuer is not accepted."),
    (jwt_errors.InvalidSignatureError, "The token's signature does not verify."),
    (jwt_errors.InvalidAlgorithmError, "The token's signing algorithm is not accepted."),
    (jwt_errors.InvalidIssuedAtError, "The token's issue time is invalid."),
    (jwt_errors.DecodeError, "The token is malformed."),
)


def _failure(error: Exception) -> InvalidCredentials:
    if isinstance(error, jwt_errors.MissingRequiredClaimError) and error.claim in REQUIRED_CLAIMS:
        return InvalidCredentials(f"The token has no '{error.claim}' claim.")
    for kind, description in FAILURES:
        if isinstance(error, kind):
            return InvalidCredentials(description)
    return InvalidCredentials("The token is invalid.")


def _text(claims: Mapping[str, Any], name: str) -> str | None:
    value = claims.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise InvalidCredentials(f"The token's '{name}' claim is not a string.")
    return value


def _scopes(claims: Mapping[str, Any]) -> frozenset[str]:
    scope = claims.get("scope")
    if scope is None:
        return frozenset()
    if isinstance(scope, str):
        return frozenset(scope.split())
    if isinstance(scope, list) and all(isinstance(item, str) for item in scope):
        return frozenset(scope)
    raise InvalidCredentials("The token's 'scope' claim is malformed.")


def principal_from_claims(claims: Mapping[str, Any], token: str) -> Principal:
    """Who a verified token names: a citizen (`citizen_id`), an official (`role: official`) or,
    otherwise, a service (a client acting on its own behalf)."""
    citizen_id = _text(claims, "citizen_id")
    if citizen_id is not None:
        kind = "citizen"
    elif claims.get("role") == "official":
        kind = "official"
    else:
        kind = "service"
    exp = claims.get("exp")
    return Principal(
        kind=kind,
        subject=_text(claims, "sub"),
        citizen_id=citizen_id,
        scopes=_scopes(claims),
        client_id=_text(claims, "azp") or _text(claims, "client_id"),
        issuer=_text(claims, "iss"),
        token_id=_text(claims, "jti"),
        expires_at=float(exp) if isinstance(exp, int | float) else None,
        token=token,
    )


class Verifier:
    """Verifies bearer tokens against `keys`; remembers verified tokens (by their exact text) until
    they expire or the keys change, so a client's repeated token costs no signature check."""

    def __init__(self, config: IdentityConfig, keys: KeySet, now: Callable[[], float] = time.time) -> None:
        self.config = config
        self.keys = keys
        self.now = now
        self.accepted = frozenset(config.algorithms)
        self.audience = list(config.audiences)
        self._decoder = jwt.PyJWT()
        self._options: Any = {"require": REQUIRED_CLAIMS, "verify_iat": True}
        size = config.verified_cache_size
        self._verified = (
            BoundedCache[str, tuple[Principal, float]]("identity-verified", size) if size else None
        )
        self._generation = keys.generation

    async def verify(self, token: str) -> Principal:
        verified = self._verified
        if verified is not None:
            if self._generation != self.keys.generation:
                verified.clear()
                self._generation = self.keys.generation
            found = verified.get(token)
            if found is not None:
                principal, not_before = found
                now, skew = self.now(), self.config.clock_skew
                if principal.expires_at is not None and now > principal.expires_at + skew:
                    raise InvalidCredentials("The token has expired.")
                if now < not_before - skew:
                    raise InvalidCredentials("The token is not valid yet.")
                return principal
        self.keys.maybe_stale()
        principal, not_before = await self._verify(token)
        if verified is not None and self._generation == self.keys.generation:
            verified.put(token, (principal, not_before))
        return principal

    async def _verify(self, token: str) -> tuple[Principal, float]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt_errors.PyJWTError:
            raise InvalidCredentials("The token is malformed.") from None
        alg, kid = header.get("alg"), header.get("kid")
        if not isinstance(alg, str) or alg not in self.accepted:  # none, HS*, anything not configured
            raise InvalidCredentials("The token's signing algorithm is not accepted.")
        if kid is not None and not isinstance(kid, str):
            raise InvalidCredentials("The token is malformed.")
        key = self.keys.find(kid) or await self.keys.refresh_for(kid)
        if key is None:
            raise InvalidCredentials("The token's signing key is unknown.")
        if alg not in key.algorithms:  # e.g. RS256 named with an EC key: never try it
            raise InvalidCredentials("The token's signing algorithm does not match its key.")
        try:
            claims = self._decoder.decode(
                token,
                key.key,
                algorithms=[alg],
                audience=self.audience,
                issuer=self.config.issuer,
                leeway=self.config.clock_skew,
                options=self._options,
            )
        except jwt_errors.PyJWTError as error:
            raise _failure(error) from None
        nbf = claims.get("nbf")
        return principal_from_claims(claims, token), float(nbf) if isinstance(nbf, int | float) else 0.0
