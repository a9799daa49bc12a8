"""The dev issuer: its endpoints, its key kept across restarts, tokens the gateway accepts, and
`govgraph token`."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import jwt
import pytest

from gateway.plugins import build_plugins
from gateway.plugins.identity import IdentityConfig
from subgraphs.common.identity import IdentityVerifier
from subgraphs.issuer.app import DEFAULT_AUDIENCE, DEFAULT_ISSUER, DevIssuer, create_app, issuer_key_file
from subgraphs.platform import REPO_ROOT
from tests.benchmarks.subgraphs import NAMES, create_subgraph_app
from tests.benchmarks.workload import SUPERGRAPH
from tests.plugins.identity.support import gateway_keypair
from tests.support.scenario import Scenario
from tests.support.servers import ServerThread

CITIZEN = "39001010001"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("issuer-data")


@pytest.fixture(scope="module")
def issuer_url(data_dir: Path) -> Iterator[str]:
    server = ServerThread(create_app(DevIssuer(issuer_key_file(data_dir)))).start()
    try:
        yield server.url
    finally:
        server.stop()


def test_jwks_and_tokens(issuer_url: str) -> None:
    jwks = httpx.get(issuer_url + "/.well-known/jwks.json").json()
    (key,) = jwks["keys"]
    assert key["kty"] == "EC" and key["alg"] == "ES256" and "d" not in key  # public only
    answer = httpx.post(issuer_url + "/token", json={"citizen": CITIZEN}).json()
    assert answer["token_type"] == "Bearer" and answer["expires_in"] == 3600
    public = jwt.PyJWK(key).key
    claims = jwt.decode(answer["access_token"], public, algorithms=["ES256"], audience=DEFAULT_AUDIENCE)
    assert claims["citizen_id"] == CITIZEN and claims["iss"] == DEFAULT_ISSUER
    official = httpx.post(
        issuer_url + "/token", json={"official": "Olga Officer", "scopes": ["tax:read", "registry:read"]}
    ).json()["access_token"]
    claims = jwt.decode(official, public, algorithms=["ES256"], audience=DEFAULT_AUDIENCE)
    assert claims["role"] == "official" and claims["scope"] == "registry:read tax:read"
    assert "citizen_id" not in claims


@pytest.mark.parametrize(
    "body",
    [{}, {"citizen": CITIZEN, "official": "x"}, {"citizen": ""}, {"official": "o", "scopes": "tax:read"},
     {"citizen": CITIZEN, "expires_in": 10**9}, {"citizen": CITIZEN, "admin": True}, ["citizen"]],
)  # fmt: skip
def test_bad_token_requests_are_400(issuer_url: str, body: object) -> None:
    response = httpx.post(issuer_url + "/token", json=body)
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"


def test_the_key_is_made_once_and_reused(tmp_path: Path) -> None:
    first = DevIssuer(issuer_key_file(tmp_path))
    assert issuer_key_file(tmp_path).stat().st_mode & 0o077 == 0  # owner only
    assert DevIssuer(issuer_key_file(tmp_path)).kid == first.kid


def test_the_gateway_accepts_what_the_issuer_mints(issuer_url: str, tmp_path: Path) -> None:
    private, public = gateway_keypair(tmp_path)
    config = IdentityConfig(
        jwks_url=issuer_url + "/.well-known/jwks.json",
        issuer=DEFAULT_ISSUER,
        audience=DEFAULT_AUDIENCE,
        signing_key_file=str(private),
    )
    apps = {name: create_subgraph_app(name) for name in NAMES}
    citizen = httpx.post(issuer_url + "/token", json={"citizen": CITIZEN}).json()["access_token"]
    official = httpx.post(issuer_url + "/token", json={"official": "olga", "scopes": ["tax:read"]}).json()
    with Scenario.start(SUPERGRAPH, apps, plugins=build_plugins({"identity": config})) as scenario:
        verifier = IdentityVerifier("products", public)
        response = scenario.post(
            {"query": "{ topProducts { name } }"}, {"authorization": f"Bearer {citizen}"}
        )
        assert response.status_code == 200, response.text
        caller = verifier.caller(scenario.subgraphs["products"].headers[0])
        assert caller is not None and (caller.kind, caller.citizen_id) == ("citizen", CITIZEN)
        response = scenario.post(
            {"query": "{ topProducts { name } }"}, {"authorization": f"Bearer {official['access_token']}"}
        )
        assert response.status_code == 200, response.text
        caller = verifier.caller(scenario.subgraphs["products"].headers[0])
        assert caller is not None and (caller.kind, caller.scopes) == ("official", {"tax:read"})


def _govgraph(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gateway", *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60
    )


def test_govgraph_token_prints_a_token(issuer_url: str, data_dir: Path) -> None:
    done = _govgraph("token", "--citizen", CITIZEN, "--issuer-url", issuer_url)
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    assert jwt.decode(line, options={"verify_signature": False})["citizen_id"] == CITIZEN
    key_file = issuer_key_file(data_dir)
    done = _govgraph(
        "token",
        "--official",
        "Olga",
        "--scope",
        "tax:read",
        "--scope",
        "registry:read",
        "--key-file",
        str(key_file),
    )
    assert done.returncode == 0, done.stderr
    jwks = httpx.get(issuer_url + "/.well-known/jwks.json").json()
    claims = jwt.decode(
        done.stdout.strip(), jwt.PyJWK(jwks["keys"][0]).key, algorithms=["ES256"], audience=DEFAULT_AUDIENCE
    )  # signed locally with the running issuer's own key
    assert claims["role"] == "official" and claims["scope"] == "registry:read tax:read"


def test_govgraph_token_without_an_issuer_says_so() -> None:
    done = _govgraph("token", "--citizen", CITIZEN, "--issuer-url", "http://127.0.0.1:9")
    assert done.returncode != 0 and "no issuer at" in done.stderr and not done.stdout
