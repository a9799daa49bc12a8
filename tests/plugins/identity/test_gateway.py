"""The identity plugin in a real gateway, with real subgraphs that record what they receive and the
provider's JWKS served by a real local HTTP server."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import jwt
import pytest

from gateway.plugins import build_plugins
from gateway.plugins.headers import HeaderRule, HeaderRules, HeadersConfig, Propagate
from subgraphs.common.identity import IdentityVerifier, InvalidIdentity
from tests.benchmarks.subgraphs import NAMES, create_subgraph_app
from tests.benchmarks.workload import SUPERGRAPH
from tests.plugins.identity.support import (
    AUDIENCE,
    Provider,
    claims_of,
    gateway_keypair,
    identity_config,
    public_pem,
    serving_jwks,
)
from tests.support.scenario import Scenario

QUERY = "{ topProducts { name reviews { body } } }"  # products, then reviews
CITIZEN = "39001010001"

# Header rules that try their best to let client identity headers through.
LEAKY_RULES = HeadersConfig(
    all=HeaderRules(
        request=(
            HeaderRule(propagate=Propagate(named="x-citizen-id")),
            HeaderRule(propagate=Propagate(named="x-govgraph-identity")),
            HeaderRule(propagate=Propagate(matching="^x-")),
            HeaderRule(propagate=Propagate(named="x-request-id")),
        )
    )
)


@dataclass
class Running:
    scenario: Scenario
    provider: Provider
    public_key: Path

    def post(self, headers: dict[str, str] | None = None, query: str = QUERY) -> httpx.Response:
        return self.scenario.post({"query": query}, headers=headers)

    def bearer(self, token: str, **more: str) -> httpx.Response:
        return self.post({"authorization": f"Bearer {token}", **more})

    def received(self, subgraph: str) -> dict[str, str]:
        recorded = self.scenario.subgraphs[subgraph].headers
        assert len(recorded) == 1, recorded
        return recorded[0]


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    provider = Provider.standard()
    provider.add("late-1", "ec", publish=False)  # published by the rotation test
    provider.add("ghost-1", "ec", publish=False)  # never published
    private, public = gateway_keypair(tmp_path_factory.mktemp("gateway-key"))
    with serving_jwks(provider) as url:
        config = identity_config(
            url,
            signing_key_file=str(private),
            jwks_min_refresh_seconds=0.5,
            remove_headers=("x-legacy-user",),
        )
        plugins = build_plugins({"identity": config, "headers": LEAKY_RULES})
        apps = {name: create_subgraph_app(name) for name in NAMES}
        with Scenario.start(SUPERGRAPH, apps, plugins=plugins) as scenario:
            yield Running(scenario, provider, public)


# -- a valid token ---------------------------------------------------------------------------------
@pytest.mark.parametrize("kid", ["rsa-1", "ec-1", "ed-1"])
def test_a_valid_token_reaches_the_subgraphs_as_the_gateways_signed_identity(
    running: Running, kid: str
) -> None:
    token = running.provider.token(
        kid, citizen_id=CITIZEN, sub="citizen-7", azp="web-app", scope="a:read b:read"
    )
    response = running.bearer(token, **{"x-purpose": "benefit application"})
    assert response.status_code == 200, response.text
    assert "errors" not in response.json() and response.json()["data"]["topProducts"]
    for subgraph in ("products", "reviews"):
        sent = running.received(subgraph)
        assert "authorization" not in sent  # the client's token is not passed on
        caller = IdentityVerifier(subgraph, running.public_key).caller(sent)
        assert caller is not None
        assert (caller.kind, caller.citizen_id, caller.subject) == ("citizen", CITIZEN, "citizen-7")
        assert caller.scopes == {"a:read", "b:read"} and caller.client_id == "web-app"
        assert caller.purpose == "benefit application"
        claims = claims_of(sent["x-govgraph-identity"])
        assert claims["iss"] == "govgraph-gateway" and claims["aud"] == subgraph
        assert 0 < claims["exp"] - claims["iat"] <= 60 and claims["jti"]
        assert jwt.get_unverified_header(sent["x-govgraph-identity"])["alg"] == "EdDSA"
    with pytest.raises(InvalidIdentity, match="not meant for reviews"):  # each subgraph its own audience
        IdentityVerifier("reviews", running.public_key).caller(running.received("products"))


def test_an_official_and_a_service(running: Running) -> None:
    running.bearer(running.provider.token(role="official", sub="olga", scope="tax:read registry:read"))
    official = IdentityVerifier("products", running.public_key).caller(running.received("products"))
    assert official is not None and official.kind == "official" and official.citizen_id is None
    assert official.scopes == {"tax:read", "registry:read"} and official.subject == "olga"
    running.bearer(running.provider.token(sub="batch-job", client_id="nightly"))
    service = IdentityVerifier("products", running.public_key).caller(running.received("products"))
    assert service is not None and (service.kind, service.client_id, service.scopes) == (
        "service",
        "nightly",
        frozenset(),
    )


def test_no_token_is_anonymous(running: Running) -> None:
    response = running.post()
    assert response.status_code == 200 and "errors" not in response.json()
    assert "x-govgraph-identity" not in running.received("products")
    assert IdentityVerifier("products", running.public_key).caller(running.received("products")) is None
    assert "www-authenticate" not in response.headers


# -- bad tokens and bad headers ----------------------------------------------------------------------
def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _bad_tokens(provider: Provider) -> dict[str, str]:
    now = int(time.time())
    forger = Provider()
    forger.add("ec-1", "ec", publish=True)  # the same kid, another key
    rsa_public_pem = public_pem(provider.keys["rsa-1"][0])
    unsigned = (
        _b64({"alg": "none", "typ": "JWT", "kid": "ec-1"})
        + "."
        + _b64(
            {"iss": "https://idp.test", "aud": AUDIENCE, "sub": "x", "exp": now + 600, "citizen_id": CITIZEN}
        )
        + "."
    )
    valid = provider.token()
    header, payload, signature = valid.split(".")
    tampered = payload[:-4] + ("AAAA" if not payload.endswith("AAAA") else "BBBB")
    return {
        "forged signature": forger.token("ec-1", citizen_id=CITIZEN),
        "tampered claims": f"{header}.{tampered}.{signature}",
        "expired": provider.token(exp=now - 120, iat=now - 900, nbf=now - 900),
        "not yet valid": provider.token(nbf=now + 120),
        "wrong audience": provider.token(aud="someone-else"),
        "wrong issuer": provider.token(iss="https://evil.test"),
        "alg none": unsigned,
        "HS256 with the public key's PEM": _hs256_with(rsa_public_pem, "rsa-1", now),
        "unknown kid": provider.token("ghost-1"),
        "alg not matching its key": _rs_header_on_ec(provider),
        "no exp": provider.token(exp=None),
        "malformed": "abc.def.ghi",
        "not a JWT": "hello",
    }


def _hs256_with(secret: bytes, kid: str, now: int) -> str:
    """The classic confusion: HMAC keyed with the provider's public key (PyJWT refuses to make one,
    so it is assembled by hand)."""
    import hashlib
    import hmac

    head = _b64({"alg": "HS256", "typ": "JWT", "kid": kid})
    body = _b64(
        {"iss": "https://idp.test", "aud": AUDIENCE, "sub": "x", "exp": now + 600, "citizen_id": CITIZEN}
    )
    mac = hmac.new(secret, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}." + base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def _rs_header_on_ec(provider: Provider) -> str:
    """Signed by the RSA key but naming the EC key's kid with RS256."""
    return provider.token("rsa-1", headers={"kid": "ec-1"})


BAD_NAMES = [
    "forged signature", "tampered claims", "expired", "not yet valid", "wrong audience", "wrong issuer",
    "alg none", "HS256 with the public key's PEM", "unknown kid", "alg not matching its key", "no exp",
    "malformed", "not a JWT",
]  # fmt: skip


def assert_refused(response: httpx.Response, running: Running, secret: str | None = None) -> str:
    assert response.status_code == 401, response.text
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith('Bearer error="invalid_')
    assert 'error_description="' in challenge
    body = response.json()
    assert "data" not in body
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert running.scenario.total_subgraph_requests() == 0
    if secret:
        for part in secret.split("."):
            if len(part) > 8:
                assert part not in response.text and part not in challenge
    return str(error["message"])


@pytest.mark.parametrize("name", BAD_NAMES)
def test_a_bad_token_is_401_and_reaches_no_subgraph(running: Running, name: str) -> None:
    token = _bad_tokens(running.provider)[name]
    fetches = running.provider.fetches
    message = assert_refused(running.bearer(token), running, token)
    expected = {
        "expired": "expired",
        "not yet valid": "not valid yet",
        "wrong audience": "audience",
        "wrong issuer": "issuer",
        "alg none": "algorithm",
        "HS256 with the public key's PEM": "algorithm",
        "unknown kid": "key is unknown",
        "forged signature": "signature",
        "alg not matching its key": "does not match its key",
    }
    if name in expected:
        assert expected[name] in message, message
    if name != "unknown kid":
        assert running.provider.fetches == fetches  # only an unknown kid asks the provider again


@pytest.mark.parametrize(
    "authorization",
    ["Bearer", "Basic dXNlcjpwYXNz", "Bearer a.b.c, Bearer d.e.f", "Bearer a.b.c d.e.f", "Token x"],
)
def test_a_malformed_authorization_header_is_401(running: Running, authorization: str) -> None:
    message = assert_refused(running.post({"authorization": authorization}), running)
    assert "dXNlcjpwYXNz" not in message


def test_two_authorization_headers_are_401(running: Running) -> None:
    token = running.provider.token()
    headers = [("authorization", f"Bearer {token}"), ("authorization", f"Bearer {token}")]
    for recorder in running.scenario.subgraphs.values():
        recorder.clear()
    response = running.scenario.client.post(
        running.scenario.gateway_url, json={"query": QUERY}, headers=headers
    )
    assert "more than one" in assert_refused(response, running, token)


def test_401_also_with_the_graphql_response_media_type_and_over_get(running: Running) -> None:
    expired = running.provider.token(exp=int(time.time()) - 300)
    accept = {"accept": "application/graphql-response+json"}
    assert_refused(running.bearer(expired, **accept), running, expired)
    for recorder in running.scenario.subgraphs.values():
        recorder.clear()
    headers = {"authorization": f"Bearer {expired}", "graphql-preflight": "1"}  # passes CSRF prevention
    response = running.scenario.client.get(
        running.scenario.gateway_url, params={"query": QUERY}, headers=headers
    )
    assert_refused(response, running, expired)


def test_a_small_clock_skew_is_tolerated(running: Running) -> None:
    now = int(time.time())
    assert running.bearer(running.provider.token(exp=now - 5)).status_code == 200
    assert running.bearer(running.provider.token(nbf=now + 5)).status_code == 200


# -- keys: rotation, rate limit ---------------------------------------------------------------------
def test_a_key_published_after_a_rotation_is_accepted_after_refresh(running: Running) -> None:
    provider = running.provider
    late = provider.token("late-1", citizen_id=CITIZEN)
    assert "unknown" in assert_refused(running.bearer(late), running, late)
    provider.publish("late-1")
    time.sleep(0.6)  # past jwks_min_refresh_seconds
    response = running.bearer(late)
    assert response.status_code == 200, response.text
    caller = IdentityVerifier("products", running.public_key).caller(running.received("products"))
    assert caller is not None and caller.citizen_id == CITIZEN


def test_unknown_kids_do_not_flood_the_provider(running: Running) -> None:
    time.sleep(0.6)
    before = running.provider.fetches
    for i in range(15):
        running.provider.add(f"flood-{i}", "ec", publish=False)
        assert_refused(running.bearer(running.provider.token(f"flood-{i}")), running)
    assert running.provider.fetches - before <= 2  # at most one per jwks_min_refresh_seconds (0.5 s)


# -- the trust boundary -------------------------------------------------------------------------------
SPOOFED = {
    "x-citizen-id": "11111111111",
    "x-govgraph-role": "official",
    "x-govgraph-identity": "eyJhbGciOiJub25lIn0.eyJraW5kIjoib2ZmaWNpYWwifQ.",
    "x-legacy-user": "admin",
    "x-request-id": "r-1",
}


def test_client_identity_headers_never_reach_a_subgraph_even_when_rules_forward_them(
    running: Running,
) -> None:
    response = running.post(SPOOFED)
    assert response.status_code == 200
    for subgraph in ("products", "reviews"):
        sent = running.received(subgraph)
        assert sent["x-request-id"] == "r-1"  # the rules do run
        for name in ("x-citizen-id", "x-govgraph-role", "x-govgraph-identity", "x-legacy-user"):
            assert name not in sent, name


def test_with_a_token_the_identity_header_is_the_gateways_not_the_clients(running: Running) -> None:
    token = running.provider.token(citizen_id=CITIZEN)
    running.bearer(token, **SPOOFED)
    sent = running.received("products")
    assert sent["x-govgraph-identity"] != SPOOFED["x-govgraph-identity"]
    assert "x-citizen-id" not in sent and "x-govgraph-role" not in sent
    caller = IdentityVerifier("products", running.public_key).caller(sent)
    assert caller is not None and caller.citizen_id == CITIZEN


def test_signed_identities_are_reused_not_signed_per_fetch(running: Running) -> None:
    token = running.provider.token(citizen_id="39001010099", sub="reuse")
    running.bearer(token)
    first = running.received("products")["x-govgraph-identity"]
    running.bearer(token)
    assert running.received("products")["x-govgraph-identity"] == first
