"""Callers of an agency subgraph as the gateway would present them: `x-govgraph-identity` tokens signed
with a test gateway key (`PUBLIC_KEY` is what the agency apps under test verify with).

    headers = citizen("tax", "38001010001")                      # the citizen themselves
    headers = official("tax")                                    # tax:read and a purpose
    headers = identity("tax", kind="official", scopes=["tax:read"])  # no purpose
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from gateway.messages import Principal
from gateway.plugins.identity import IdentitySigner
from subgraphs.common.credentials import BENEFITS_CASEWORKER, BENEFITS_LEGACY, TAX_LEGACY, credential_env
from subgraphs.common.identity import HEADER
from tests.plugins.identity.support import gateway_keypair

_FOLDER = Path(tempfile.mkdtemp(prefix="govgraph-agency-keys-"))
PRIVATE_KEY, PUBLIC_KEY = gateway_keypair(_FOLDER)
SIGNER = IdentitySigner(PRIVATE_KEY, "govgraph-gateway", lifetime=3600)
PURPOSE = "case 2025-17: benefit review"


def identity(
    subgraph: str,
    *,
    kind: str = "official",
    citizen_id: str | None = None,
    scopes: Iterable[str] = (),
    purpose: str | None = None,
) -> dict[str, str]:
    principal = Principal(
        kind=kind, subject=citizen_id or f"{kind}-1", citizen_id=citizen_id, scopes=frozenset(scopes)
    )
    return {HEADER: SIGNER.token_for(principal, subgraph, purpose)}


def citizen(subgraph: str, code: str) -> dict[str, str]:
    return identity(subgraph, kind="citizen", citizen_id=code)


def official(subgraph: str, purpose: str = PURPOSE) -> dict[str, str]:
    return identity(subgraph, scopes=[f"{subgraph}:read"], purpose=purpose)


ADMIN_TOKEN = "test-admin-token-" + _FOLDER.name  # the legacy systems' test hooks (subgraphs/common/admin.py)
ADMIN = {"authorization": f"Bearer {ADMIN_TOKEN}"}


# each legacy server's service credential, shared with its subgraph (subgraphs/common/credentials.py)
TAX_CREDENTIAL = "test-tax-credential-" + _FOLDER.name
BENEFITS_CREDENTIAL = "test-benefits-credential-" + _FOLDER.name
BENEFITS_SERVICE = {"authorization": f"Bearer {BENEFITS_CREDENTIAL}"}  # the benefits subgraph's header
CASEWORKER_CREDENTIAL = "test-caseworker-credential-" + _FOLDER.name
CASEWORKER = {"authorization": f"Bearer {CASEWORKER_CREDENTIAL}"}  # the caseworkers' system: decisions


def credentials_env() -> dict[str, str]:
    """The legacy servers' credentials as `govgraph up` and the legacy processes read them."""
    return {
        credential_env(TAX_LEGACY): TAX_CREDENTIAL,
        credential_env(BENEFITS_LEGACY): BENEFITS_CREDENTIAL,
        credential_env(BENEFITS_CASEWORKER): CASEWORKER_CREDENTIAL,
    }


def legacy_env() -> dict[str, str]:
    """The environment of a legacy process under test: the admin token opens its test hooks, the
    service credentials its data."""
    return {**os.environ, "GOVGRAPH_ADMIN_TOKEN": ADMIN_TOKEN, **credentials_env()}
