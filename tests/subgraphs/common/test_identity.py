"""`subgraphs/common/identity.py`: a subgraph checks the x-govgraph-identity the gateway signs."""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

import jwt
import pytest

from gateway.messages import Principal
from gateway.plugins.identity import IdentitySigner
from subgraphs.common.identity import (
    PUBLIC_KEY_ENV,
    IdentityVerifier,
    InvalidIdentity,
    VerifiedCaller,
    verify_caller,
)
from tests.plugins.identity.support import gateway_keypair

CITIZEN = Principal(kind="citizen", subject="s-1", citizen_id="39001010001", scopes=frozenset({"b", "a"}))


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    return gateway_keypair(tmp_path)


def _signer(private: Path, **kwargs: object) -> IdentitySigner:
    return IdentitySigner(private, "govgraph-gateway", **kwargs)  # type: ignore[arg-type]


def test_absent_is_none_present_is_the_caller(keys: tuple[Path, Path]) -> None:
    private, public = keys
    verifier = IdentityVerifier("tax", public)
    assert verifier.caller({}) is None
    token = _signer(private).token_for(CITIZEN, "tax", "benefit application")
    caller = verifier.caller({"x-govgraph-identity": token})
    assert caller == VerifiedCaller(
        "citizen", "39001010001", frozenset({"a", "b"}), "benefit application", "s-1"
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        caller.kind = "official"  # type: ignore[misc, union-attr]


def test_the_key_file_from_the_environment(keys: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    private, public = keys
    monkeypatch.setenv(PUBLIC_KEY_ENV, str(public))
    token = _signer(private).token_for(CITIZEN, "tax")
    caller = verify_caller({"x-govgraph-identity": token}, "tax")
    assert caller is not None and caller.purpose is None
    monkeypatch.delenv(PUBLIC_KEY_ENV)
    with pytest.raises(ValueError, match=PUBLIC_KEY_ENV):
        IdentityVerifier("tax")


def test_what_is_refused(keys: tuple[Path, Path], tmp_path: Path) -> None:
    private, public = keys
    verifier = IdentityVerifier("tax", public)
    other_private, _ = gateway_keypair(tmp_path / "other")
    now = time.time() - 3600

    def refused(token: str, why: str) -> None:
        with pytest.raises(InvalidIdentity, match=why):
            verifier.caller({"x-govgraph-identity": token})

    refused(_signer(private).token_for(CITIZEN, "transport"), "not meant for tax")
    refused(IdentitySigner(private, "someone-else").token_for(CITIZEN, "tax"), "not from the gateway")
    refused(_signer(private, now=lambda: now).token_for(CITIZEN, "tax"), "expired")
    refused(_signer(other_private).token_for(CITIZEN, "tax"), "signature")
    good = _signer(private).token_for(CITIZEN, "tax")
    head, _, signature = good.split(".")
    claims = jwt.decode(good, options={"verify_signature": False}) | {"citizen_id": "48002020002"}
    forged_body = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    refused(f"{head}.{forged_body}.{signature}", "signature")
    refused(jwt.encode({**claims}, None, algorithm="none"), "algorithm")
    refused("garbage", "malformed")
    refused(_signer(private, now=lambda: time.time() + 3600).token_for(CITIZEN, "tax"), "not valid yet")
    missing_kind = jwt.encode(
        {k: v for k, v in claims.items() if k != "kind"}, _signer(private).private_key, algorithm="EdDSA"
    )
    refused(missing_kind, "invalid")


def test_a_jwks_file_for_a_key_rotation(tmp_path: Path) -> None:
    old_private, _ = gateway_keypair(tmp_path / "old")
    new_private, _ = gateway_keypair(tmp_path / "new", "ES256")
    old, new = _signer(old_private), _signer(new_private)
    jwks = tmp_path / "gateway-jwks.json"
    jwks.write_text(json.dumps({"keys": [old.jwk, new.jwk]}))
    verifier = IdentityVerifier("tax", jwks)
    for signer in (old, new):
        caller = verifier.caller({"x-govgraph-identity": signer.token_for(CITIZEN, "tax")})
        assert caller is not None and caller.citizen_id == "39001010001"
