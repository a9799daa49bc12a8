"""The `security.identity` section, the plugin's place among the built-ins, keys from a file, and
what the plugin does without a gateway around it."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest

from gateway.config.errors import ConfigError
from gateway.hooks import RequestContext, SubgraphRequest
from gateway.messages import GraphQLRequest
from gateway.plugins import BUILTIN, HeadersPlugin, IdentityPlugin, build_plugins
from gateway.plugins.identity import IdentityConfig
from gateway.plugins.identity.keys import allowed_algorithms
from gateway.serve import load_config, plugins
from tests.plugins.identity.support import Provider, gateway_keypair, identity_config, write_jwks


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "govgraph.yaml"
    path.write_text(text)
    return path


def test_the_section_from_a_file(tmp_path: Path) -> None:
    config = load_config(
        _file(
            tmp_path,
            "security:\n  identity:\n    jwks_url: http://idp/jwks.json\n    issuer: https://idp\n"
            "    audience: govgraph\n    clock_skew: 10\n",
        )
    )
    identity = config.security.identity
    assert identity is not None and identity.audience == ("govgraph",) and identity.clock_skew == 10
    assert identity.algorithms == ("RS256", "ES256", "EdDSA")
    listed = load_config(
        _file(
            tmp_path,
            "security:\n  identity:\n    jwks_file: k.json\n    issuer: i\n    audience: [a, b]\n"
            "    algorithms: [ES256]\n",
        )
    )
    assert listed.security.identity is not None and listed.security.identity.audience == ("a", "b")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("    jwks_url: u\n    issuer: i\n    audience: a\n    algorithms: [HS256]\n", "asymmetric"),
        ("    jwks_url: u\n    issuer: i\n    audience: a\n    algorithms: [none, ES256]\n", "asymmetric"),
        ("    issuer: i\n    audience: a\n", "either `jwks_url` or `jwks_file`"),
        ("    jwks_url: u\n    jwks_file: f\n    issuer: i\n    audience: a\n", "either"),
        ("    jwks_url: u\n    audience: a\n", "missing required key 'issuer'"),
        ("    jwks_url: u\n    issuer: i\n", "missing required key 'audience'"),
        ("    jwks_url: u\n    issuer: i\n    audience: {x: 1}\n", "string or list of string"),
        (
            "    jwks_url: u\n    issuer: i\n    audience: a\n"
            "    forward_client_headers: [X-GovGraph-Identity]\n",
            "the gateway's own header",
        ),
        ("    jwks_url: u\n    issuer: i\n    audience: a\n    clock_skew: 3600\n", "above the maximum"),
    ],
)
def test_misconfigurations_are_refused_at_start(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(ConfigError, match=problem.replace("(", r"\(")):
        load_config(_file(tmp_path, "security:\n  identity:\n" + text))


def test_identity_runs_after_the_header_rules_and_only_when_configured(tmp_path: Path) -> None:
    assert BUILTIN.index(IdentityPlugin) == BUILTIN.index(HeadersPlugin) + 1
    assert not any(isinstance(p, IdentityPlugin) for p in build_plugins())
    assert not any(isinstance(p, IdentityPlugin) for p in plugins(load_config(None)))
    write_jwks(tmp_path / "k.json", Provider.standard())
    text = (
        f"security: {{identity: {{jwks_file: {tmp_path / 'k.json'}, issuer: i, audience: a}}}}\n"
        "headers: {all: {request: [{propagate: {named: x-a}}]}}\n"
    )
    names = [p.name for p in plugins(load_config(_file(tmp_path, text)))]
    assert names.index("identity") == names.index("headers") + 1


def test_a_missing_or_wrong_signing_key_fails_at_start(tmp_path: Path) -> None:
    from gateway.errors import GovgraphError

    with pytest.raises(GovgraphError, match="signing key"):
        IdentityPlugin(identity_config(jwks_file="k.json", signing_key_file=str(tmp_path / "none.pem")))
    (tmp_path / "garbage.pem").write_text("not a key")
    with pytest.raises(GovgraphError, match="PEM"):
        IdentityPlugin(identity_config(jwks_file="k.json", signing_key_file=str(tmp_path / "garbage.pem")))
    es256, _ = gateway_keypair(tmp_path, "ES256")
    assert IdentityPlugin(identity_config(jwks_file="k.json", signing_key_file=str(es256))).signer is not None


def test_keys_are_bound_to_the_algorithms_their_type_allows() -> None:
    assert allowed_algorithms({"kty": "RSA"}) >= {"RS256", "PS256"}
    assert allowed_algorithms({"kty": "EC", "crv": "P-256"}) == {"ES256"}
    assert allowed_algorithms({"kty": "EC", "crv": "P-384", "alg": "ES256"}) == set()
    assert allowed_algorithms({"kty": "OKP", "crv": "Ed25519"}) == {"EdDSA"}
    assert allowed_algorithms({"kty": "oct", "k": "c2VjcmV0"}) == set()  # never a shared secret
    assert allowed_algorithms({"kty": "RSA", "use": "enc"}) == set()


def _ctx(token: str | None, **headers: str) -> RequestContext:
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    return RequestContext(GraphQLRequest("{ a }"), headers)


def test_keys_from_a_file_and_the_hooks_in_process(tmp_path: Path) -> None:
    provider = Provider.standard()
    private, _ = gateway_keypair(tmp_path)
    config = identity_config(
        jwks_file=str(write_jwks(tmp_path / "jwks.json", provider)),
        signing_key_file=str(private),
        forward_client_headers=("x-citizen-id",),
        jwks_min_refresh_seconds=0,
    )
    plugin = IdentityPlugin(config)

    async def run() -> None:
        await plugin.start()
        ctx = _ctx(provider.token("ed-1", citizen_id="1", sub="s"), **{"x-purpose": "audit"})
        assert await plugin.on_request(ctx) is None and ctx.principal.citizen_id == "1"
        request = SubgraphRequest(
            "tax", "{ a }", None, "query", ctx, headers={"x-citizen-id": "1", "X-GovGraph-Role": "x"}
        )
        plugin.on_subgraph_request(request)
        assert request.headers["x-citizen-id"] == "1"  # kept: forward_client_headers (transitional)
        assert "X-GovGraph-Role" not in request.headers  # removed whatever its case
        assert request.headers["x-govgraph-identity"]
        # a key added to the file is found on the next unknown kid
        provider.add("ec-2", "ec", publish=True)
        write_jwks(tmp_path / "jwks.json", provider)
        assert await plugin.on_request(_ctx(provider.token("ec-2"))) is None
        # a purpose header that is too long or not printable is refused
        refused = await plugin.on_request(_ctx(None, **{"x-purpose": "x" * 500}))
        assert refused is not None and refused.status == 400
        await plugin.close()

    asyncio.run(run())


def test_a_provider_down_at_start_is_not_fatal(tmp_path: Path) -> None:
    provider = Provider.standard()
    missing = tmp_path / "later.json"
    plugin = IdentityPlugin(identity_config(jwks_file=str(missing), jwks_min_refresh_seconds=0))

    async def run() -> None:
        await plugin.start()  # warns, does not raise
        ctx = _ctx(provider.token())
        refused = await plugin.on_request(ctx)
        assert refused is not None and refused.status == 401
        write_jwks(missing, provider)
        assert await plugin.on_request(_ctx(provider.token())) is None

    asyncio.run(run())


def test_verified_tokens_are_remembered_until_they_expire(tmp_path: Path) -> None:
    provider = Provider.standard()
    clock = [time.time()]
    config = identity_config(jwks_file=str(write_jwks(tmp_path / "jwks.json", provider)), clock_skew=0)
    plugin = IdentityPlugin(config, now=lambda: clock[0])
    token = provider.token(exp=int(clock[0]) + 100)

    async def run() -> None:
        await plugin.start()
        assert await plugin.on_request(_ctx(token)) is None
        assert await plugin.on_request(_ctx(token)) is None  # from memory
        clock[0] += 200
        refused = await plugin.on_request(_ctx(token))
        assert refused is not None and "expired" in refused.errors[0]["message"]

    asyncio.run(run())
    assert json.loads((tmp_path / "jwks.json").read_text())["keys"]


def test_an_identity_config_in_python_takes_one_audience_or_several() -> None:
    assert IdentityConfig(jwks_url="u", issuer="i", audience="a").audiences == ("a",)
    assert IdentityConfig(jwks_url="u", issuer="i", audience=("a", "b")).audiences == ("a", "b")
    with pytest.raises(ValueError, match="audience"):
        IdentityConfig(jwks_url="u", issuer="i", audience=())
