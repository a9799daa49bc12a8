"""The `security.identity` section: where the keys of the identity provider come from, what a token
must say to be accepted, which client headers never reach a subgraph, and how the gateway signs what
it verified for the subgraphs.

    security:
      identity:
        jwks_url: https://idp.example/.well-known/jwks.json    # or jwks_file: keys.json
        issuer: https://idp.example
        audience: govgraph                                     # or a list
        algorithms: [RS256, ES256, EdDSA]
        clock_skew: 30
        signing_key_file: /etc/govgraph/identity-key.pem       # ES256 (P-256) or EdDSA (Ed25519)
"""

from __future__ import annotations

from dataclasses import dataclass

from ...config.declare import setting

# Asymmetric signature algorithms only: a JWKS holds public keys, so an HMAC algorithm would make the
# public key the shared secret (the classic key-confusion attack), and `none` signs nothing.
ASYMMETRIC = frozenset(
    ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")
)
DEFAULT_ALGORITHMS = ("RS256", "ES256", "EdDSA")
# Client headers that assert an identity: never forwarded, whatever the header rules say.
IDENTITY_HEADERS = ("x-citizen-id", "x-govgraph-role", "x-govgraph-identity")
IDENTITY_HEADER = "x-govgraph-identity"  # what the gateway sends: its own signed statement
PURPOSE_HEADER = "x-purpose"


@dataclass(frozen=True, kw_only=True)
class IdentityConfig:
    """Bearer tokens (JWT) verified against the identity provider's keys; the verified principal
    sent to the subgraphs as a token the gateway signs (`x-govgraph-identity`), never as client headers."""

    jwks_url: str | None = setting(
        None,
        doc="The identity provider's JWKS (cached; fetched again, at most every `jwks_min_refresh_seconds`, "
        "when a token names an unknown key).",
        example="https://idp.example/.well-known/jwks.json",
    )
    jwks_file: str | None = setting(None, doc="Instead of `jwks_url`: a JWKS file.")
    issuer: str = setting(doc="The `iss` every token must carry.", example="https://idp.example")
    audience: str | tuple[str, ...] = setting(
        doc="The `aud` a token must carry (one of these).", example="govgraph"
    )
    algorithms: tuple[str, ...] = setting(
        DEFAULT_ALGORITHMS,
        doc="Signature algorithms accepted (asymmetric only: `none` and HS* are always refused).",
    )
    clock_skew: float = setting(30.0, doc="Seconds of leeway on `exp` and `nbf`.", minimum=0, maximum=300)
    jwks_cache_seconds: float = setting(
        300.0, doc="Seconds the keys are used before they are fetched again.", minimum=1
    )
    jwks_min_refresh_seconds: float = setting(
        10.0, doc="Seconds at least between two fetches of the keys for unknown key ids.", minimum=0
    )
    jwks_timeout: float = setting(5.0, doc="Seconds for one fetch of the keys.", minimum=0.1)
    remove_headers: tuple[str, ...] = setting(
        (),
        doc="More client headers never forwarded to a subgraph, besides x-citizen-id, x-govgraph-role "
        "and x-govgraph-identity.",
    )
    forward_client_headers: tuple[str, ...] = setting(
        (),
        doc="Transitional, unsafe: identity headers the client sets that the header rules may still "
        "forward (for subgraphs that do not read x-govgraph-identity yet). Never x-govgraph-identity.",
    )
    signing_key_file: str | None = setting(
        None,
        doc="The gateway's private key (PEM; EC P-256 for ES256 or Ed25519 for EdDSA) signing "
        "`x-govgraph-identity` for the subgraphs; without one no identity reaches them.",
    )
    gateway_issuer: str = setting("govgraph-gateway", doc="The `iss` of the tokens the gateway signs.")
    identity_token_seconds: float = setting(
        60.0, doc="Lifetime of the tokens the gateway signs.", minimum=5, maximum=3600
    )
    verified_cache_size: int = setting(
        4096, doc="Verified tokens remembered (until they expire or the keys change; 0: none).", minimum=0
    )

    def __post_init__(self) -> None:
        if (self.jwks_url is None) == (self.jwks_file is None):
            raise ValueError("give either `jwks_url` or `jwks_file`")
        if isinstance(self.audience, str):
            object.__setattr__(self, "audience", (self.audience,))
        if not self.audience or not all(self.audience):
            raise ValueError("`audience` names at least one audience")
        if not self.issuer:
            raise ValueError("`issuer` must not be empty")
        refused = [alg for alg in self.algorithms if alg not in ASYMMETRIC]
        if refused or not self.algorithms:
            raise ValueError(
                f"`algorithms` takes asymmetric signature algorithms only ({', '.join(sorted(ASYMMETRIC))}); "
                f"refused: {', '.join(refused) or 'an empty list'}"
            )
        lowered = {name.lower() for name in self.forward_client_headers}
        if IDENTITY_HEADER in lowered:
            raise ValueError(f"{IDENTITY_HEADER} is the gateway's own header: a client never sets it")

    @property
    def audiences(self) -> tuple[str, ...]:
        audience = self.audience
        return (audience,) if isinstance(audience, str) else audience

    @property
    def removed_headers(self) -> frozenset[str]:
        """The client headers taken off every subgraph request."""
        kept = {name.lower() for name in self.forward_client_headers}
        every = {name.lower() for name in (*IDENTITY_HEADERS, *self.remove_headers)}
        return frozenset(every - kept)
