"""The identity provider's public keys: a JWKS from a URL or a file, kept in memory.

- Loaded at start (a provider that is down then is not fatal: tokens are refused until it answers).
- Used for `jwks_cache_seconds`, then fetched again in the background (the old keys serve meanwhile).
- A token naming an unknown `kid` fetches them again at once, at most every `jwks_min_refresh_seconds`
  (concurrent callers share one fetch), so a key rotation is picked up without a restart and a flood
  of made-up key ids cannot turn the gateway into a load generator against the provider.
- Each key is bound to the algorithms its type allows (RSA: RS*/PS*; EC: the ES* of its curve;
  OKP: EdDSA) and to its `alg` when the JWK names one; symmetric (`oct`) keys are never loaded.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import urllib.request
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jwt import PyJWK
from jwt.exceptions import PyJWKError

from .config import IdentityConfig

log = logging.getLogger("govgraph.identity")

MAX_JWKS_BYTES = 1_000_000
RSA_ALGORITHMS = frozenset(("RS256", "RS384", "RS512", "PS256", "PS384", "PS512"))
EC_ALGORITHMS = {"P-256": "ES256", "P-384": "ES384", "P-521": "ES512"}


class KeysUnavailable(Exception):
    """The JWKS could not be fetched or holds no usable key."""


@dataclass(frozen=True, slots=True)
class VerificationKey:
    """One public key and the algorithms it may verify."""

    kid: str | None
    algorithms: frozenset[str]
    key: Any  # a cryptography public key object


def allowed_algorithms(jwk: Mapping[str, Any]) -> frozenset[str]:
    """What a JWK's type (and `alg`, when given) allows; empty for a key never to be used."""
    kty, crv = jwk.get("kty"), jwk.get("crv")
    if kty == "RSA":
        found = RSA_ALGORITHMS
    elif kty == "EC" and crv in EC_ALGORITHMS:
        found = frozenset((EC_ALGORITHMS[crv],))
    elif kty == "OKP" and crv in ("Ed25519", "Ed448"):
        found = frozenset(("EdDSA",))
    else:  # oct (a shared secret), unknown types and curves
        return frozenset()
    alg = jwk.get("alg")
    if alg is not None:
        found = found & {alg}
    if jwk.get("use", "sig") != "sig":
        return frozenset()
    return found


def parse_jwks(document: Any, accepted: frozenset[str]) -> dict[str | None, VerificationKey]:
    """kid -> key for each usable key whose algorithms include an accepted one."""
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise KeysUnavailable("not a JWKS (an object with a `keys` list)")
    found: dict[str | None, VerificationKey] = {}
    for jwk in document["keys"]:
        if not isinstance(jwk, dict):
            continue
        algorithms = allowed_algorithms(jwk) & accepted
        if not algorithms:
            continue
        try:
            key = PyJWK(jwk, algorithm=min(algorithms)).key
        except (PyJWKError, ValueError, TypeError) as error:
            log.warning("JWKS: key %r skipped: %s", jwk.get("kid"), error)
            continue
        kid = jwk.get("kid")
        found[kid if isinstance(kid, str) else None] = VerificationKey(kid, algorithms, key)
    if not found:
        raise KeysUnavailable("the JWKS holds no key for the accepted algorithms")
    return found


def _read_url(url: str, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"accept": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body: bytes = response.read(MAX_JWKS_BYTES + 1)
    if len(body) > MAX_JWKS_BYTES:
        raise KeysUnavailable(f"the JWKS is larger than {MAX_JWKS_BYTES} bytes")
    return body


class KeySet:
    """The provider's keys, by `kid`. `generation` changes whenever the keys do."""

    def __init__(
        self,
        config: IdentityConfig,
        clock: Callable[[], float] = time.monotonic,
        read: Callable[[], Awaitable[bytes]] | None = None,
    ) -> None:
        self.config = config
        self.clock = clock
        self.accepted = frozenset(config.algorithms)
        self.keys: dict[str | None, VerificationKey] = {}
        self.generation = 0
        self.fetches = 0
        self._loaded_at: float | None = None
        self._body = b""
        self._last_attempt: float | None = None
        self._inflight: asyncio.Future[bool] | None = None
        self._background: asyncio.Task[bool] | None = None
        self._read = read or self._read_source

    @property
    def source(self) -> str:
        return self.config.jwks_url or str(self.config.jwks_file)

    async def _read_source(self) -> bytes:
        if self.config.jwks_url is not None:
            return await asyncio.to_thread(_read_url, self.config.jwks_url, self.config.jwks_timeout)
        assert self.config.jwks_file is not None
        return await asyncio.to_thread(Path(self.config.jwks_file).read_bytes)

    async def start(self) -> None:
        if not await self.refresh():
            log.warning(
                "identity: no keys from %s yet; bearer tokens are refused until it answers", self.source
            )

    async def close(self) -> None:
        for task in (self._background, self._inflight):
            if task is not None and not task.done():
                task.cancel()

    def find(self, kid: str | None) -> VerificationKey | None:
        """The key a token names; a token without `kid` may use the only key there is."""
        if kid is None and len(self.keys) == 1:
            return next(iter(self.keys.values()))
        return self.keys.get(kid)

    def maybe_stale(self) -> None:
        """Past `jwks_cache_seconds`: fetch again in the background (the current keys serve meanwhile)."""
        loaded = self._loaded_at
        if loaded is None or self.clock() - loaded < self.config.jwks_cache_seconds:
            return
        if self._background is None or self._background.done():
            self._background = asyncio.ensure_future(self.refresh())

    async def refresh_for(self, kid: str | None) -> VerificationKey | None:
        """An unknown `kid`: fetch the keys again unless that was done too recently; the key, or None."""
        last = self._last_attempt
        recently = last is not None and self.clock() - last < self.config.jwks_min_refresh_seconds
        if self._inflight is None and recently:
            return None
        await self.refresh()
        return self.find(kid)

    async def refresh(self) -> bool:
        """Fetch and parse the keys (one fetch at a time, shared by concurrent callers); whether
        usable keys came back. On failure the keys held so far stay."""
        if self._inflight is None:
            self._last_attempt = self.clock()
            self._inflight = asyncio.ensure_future(self._fetch())
            self._inflight.add_done_callback(self._done)
        return await asyncio.shield(self._inflight)

    def _done(self, future: asyncio.Future[bool]) -> None:
        self._inflight = None

    async def _fetch(self) -> bool:
        self.fetches += 1
        try:
            body = await self._read()
            keys = parse_jwks(json.loads(body), self.accepted)
        except (OSError, ValueError, KeysUnavailable) as error:  # URLError is an OSError
            log.warning("identity: keys from %s not loaded: %s", self.source, error)
            return False
        if body != self._body:
            self.generation += 1
            self._body = body
        self.keys = keys
        self._loaded_at = self.clock()
        return True
