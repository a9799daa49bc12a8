"""Service credentials: a legacy system that is a server answers only its own agency's subgraph.

Each legacy server (a `legacy` process of subgraphs/agencies.yaml, e.g. `tax-legacy`) and its
agency's subgraph share one secret, read from `$GOVGRAPH_<PROCESS>_CREDENTIAL`
(`GOVGRAPH_TAX_LEGACY_CREDENTIAL`, `GOVGRAPH_BENEFITS_LEGACY_CREDENTIAL`). `govgraph up` keeps one that
is set in its environment (a deployment pins it), else generates one per run; it puts it in the
environment of those two processes only (never on a command line, where `ps` shows it; never to the
gateway or another agency). A legacy server without a configured credential refuses every data
request: closed by default. How each presents it is the legacy system's own style: the tax board's
SOAP service takes a WS-Security UsernameToken (subgraphs/tax/legacy/security.py), the benefits
board's REST API a bearer token. A system outside the platform that calls a legacy server too has a
credential of its own (`callers` in agencies.yaml): the benefits board's caseworker system, the only
one that may decide claims (`$GOVGRAPH_BENEFITS_CASEWORKER_CREDENTIAL`; the subgraph's cannot).
Compared in constant time. Health endpoints stay open (no data);
the test hooks keep their own admin token (subgraphs/common/admin.py).
"""

from __future__ import annotations

import hmac
import os
import re
import secrets
from collections.abc import Mapping

TAX_LEGACY = "tax-legacy"
BENEFITS_LEGACY = "benefits-legacy"
BENEFITS_CASEWORKER = "benefits-caseworker"  # the caseworkers' system: it decides claims
_ENV = re.compile(r"^GOVGRAPH_\w+_CREDENTIAL$")


def credential_env(process: str) -> str:
    """The variable of a legacy process's credential: tax-legacy -> GOVGRAPH_TAX_LEGACY_CREDENTIAL."""
    return f"GOVGRAPH_{process.upper().replace('-', '_')}_CREDENTIAL"


def is_credential_env(name: str) -> bool:
    return bool(_ENV.match(name))


def configured_credential(process: str, given: str | None = None) -> str | None:
    """`given`, else the process's credential from the environment; None when neither is set."""
    return given if given is not None else os.environ.get(credential_env(process)) or None


def credential_matches(presented: str | None, expected: str | None) -> bool:
    """True when `presented` is `expected` (never when no credential is configured)."""
    if not expected or presented is None:
        return False
    return hmac.compare_digest(presented.encode(), expected.encode())


def bearer(headers: Mapping[str, str]) -> str | None:
    """The token of an `Authorization: Bearer ...` header."""
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def platform_credential(process: str, environ: Mapping[str, str]) -> str:
    """The credential `govgraph up` gives a legacy process: the one `environ` sets, else a new one."""
    return environ.get(credential_env(process)) or secrets.token_urlsafe(32)
