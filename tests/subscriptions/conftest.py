"""The platform with the identity plugin: a test JWKS on a real server, the gateway's signing key."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from gateway.plugins import build_plugins
from subgraphs.common.identity import IdentityVerifier
from tests.plugins.identity.support import Provider, gateway_keypair, identity_config, serving_jwks
from tests.subscriptions.support import Platform, platform

CITIZEN = "39001010001"


@dataclass
class Secured:
    platform: Platform
    provider: Provider
    public_key: Path

    def citizen_token(self, **claims: Any) -> str:
        return self.provider.token(citizen_id=CITIZEN, sub="citizen-7", **claims)

    def caller_seen_by_claims(self, headers: dict[str, str]) -> Any:
        return IdentityVerifier("claims", self.public_key).caller(headers)


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Secured]:
    provider = Provider.standard()
    provider.add("ghost-1", "ec", publish=False)  # never published: its tokens are forged
    private, public = gateway_keypair(tmp_path_factory.mktemp("gateway-key"))
    with serving_jwks(provider) as url:
        plugins = build_plugins({"identity": identity_config(url, signing_key_file=str(private))})
        with platform(plugins) as started:
            yield Secured(started, provider, public)
