"""The `identity` plugin: who is asking, verified, and the trust boundary to the subgraphs.

    on_request            `Authorization: Bearer <JWT>` verified against the provider's JWKS
                          (keys.py, verify.py): `ctx.principal` is set. No header: anonymous. A header
                          or token that does not verify: 401, `WWW-Authenticate: Bearer error=...`,
                          an UNAUTHENTICATED error, nothing executed.
    request_key           the principal's identity (and purpose): requests of different callers
                          never share a de-duplicated execution.
    on_subgraph_request   (after the header rules) client identity headers (x-citizen-id,
                          x-govgraph-role, x-govgraph-identity, `remove_headers`) taken off; the
                          verified principal sent instead as `x-govgraph-identity`, a short-lived JWT
                          the gateway signs (signing.py documents its claims).

Configured by `security.identity` (config.py); left out when that section is absent.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable

from ...errors import BAD_REQUEST, UNAUTHENTICATED, error_dict
from ...hooks import Plugin, RequestContext, SubgraphRequest
from ...messages import GraphQLResult
from .config import IDENTITY_HEADER, IDENTITY_HEADERS, PURPOSE_HEADER, IdentityConfig
from .keys import KeySet
from .signing import IdentitySigner, identity_key
from .verify import InvalidCredentials, Verifier, bearer_token

__all__ = [
    "IDENTITY_HEADER",
    "IDENTITY_HEADERS",
    "IdentityConfig",
    "IdentityPlugin",
    "IdentitySigner",
    "InvalidCredentials",
    "KeySet",
    "Verifier",
]

PURPOSE = "identity.purpose"  # ctx.state key: the request's checked `x-purpose`
MAX_PURPOSE_CHARS = 200


class IdentityPlugin(Plugin):
    name = "identity"
    Config = IdentityConfig

    def __init__(
        self, config: IdentityConfig, keys: KeySet | None = None, now: Callable[[], float] = time.time
    ) -> None:
        super().__init__(config)
        self.keys = keys if keys is not None else KeySet(config)
        self.verifier = Verifier(config, self.keys, now)
        self.signer = (
            IdentitySigner(config.signing_key_file, config.gateway_issuer, config.identity_token_seconds, now)
            if config.signing_key_file
            else None
        )
        self.removed = config.removed_headers

    async def start(self) -> None:
        await self.keys.start()

    async def close(self) -> None:
        await self.keys.close()

    async def on_request(self, ctx: RequestContext) -> GraphQLResult | None:
        purpose = ctx.headers.get(PURPOSE_HEADER)
        if purpose is not None:
            purpose = purpose.strip()
            if len(purpose) > MAX_PURPOSE_CHARS or not purpose.isprintable():
                limit = MAX_PURPOSE_CHARS
                message = f"The {PURPOSE_HEADER} header must be printable, {limit} characters at most."
                return GraphQLResult(errors=[error_dict(message, BAD_REQUEST)], executed=False, status=400)
            ctx.state[PURPOSE] = purpose or None
        try:
            token = bearer_token(ctx.headers)
            if token is not None:
                ctx.principal = await self.verifier.verify(token)
        except InvalidCredentials as refusal:
            ctx.response_headers["www-authenticate"] = refusal.challenge
            error = error_dict(refusal.description, UNAUTHENTICATED)
            return GraphQLResult(errors=[error], executed=False, status=401)
        return None

    def request_key(self, ctx: RequestContext) -> Hashable:
        principal = ctx.principal
        if principal.anonymous:
            return None
        return identity_key(principal), ctx.state.get(PURPOSE)

    def on_subgraph_request(self, request: SubgraphRequest) -> None:
        out = request.headers
        if out:
            removed = self.removed
            for name in [name for name in out if name.lower() in removed]:
                del out[name]
        principal = request.context.principal
        if self.signer is not None and not principal.anonymous:
            purpose = request.context.state.get(PURPOSE)
            out[IDENTITY_HEADER] = self.signer.token_for(principal, request.service, purpose)
