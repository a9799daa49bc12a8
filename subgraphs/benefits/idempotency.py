"""The idempotency key `applyForBenefit` sends the board's API, so a retried application never files twice.

The key is derived from the request, and always bound to the caller (the citizen in the gateway's
verified identity), so one citizen's key can never answer with another's claim:

- the client's own `Idempotency-Key` (or `x-idempotency-key`), which the gateway forwards to this
  subgraph (subgraphs/gateway.yaml): the client decides what "the same application" is, and its retry
  after a lost answer (a timeout, `SUBGRAPH_OUTCOME_UNKNOWN`) gets the original claim back, however
  late it comes (the board keeps keys a day). The same key with another input is refused
  (IDEMPOTENCY_KEY_REUSED).
- otherwise a hash of the caller, the input (citizen, kind) and the current `BUCKET_SECONDS` window:
  a double submit or a blind retry within minutes returns the claim made first. A retry that falls
  into the next window gets a new key; it is still never filed twice, because the board refuses a
  second open application of one kind (DUPLICATE_APPLICATION), so the window only decides whether
  such a late retry hears "here is your claim" or "already open". Windows are short so that a
  deliberate new application later (after a rejection, say) is not mistaken for a retry.

Only the hash travels to the board: the client's key may be anything up to `MAX_CLIENT_KEY` characters.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping

HEADERS = ("idempotency-key", "x-idempotency-key")
BUCKET_SECONDS = 300
MAX_CLIENT_KEY = 255


class InvalidKey(ValueError):
    """The client's key is empty or too long."""


def client_key(headers: Mapping[str, str]) -> str | None:
    for name in HEADERS:
        value = headers.get(name)
        if value is not None:
            if not value.strip() or len(value) > MAX_CLIENT_KEY:
                raise InvalidKey(f"Idempotency-Key must be 1-{MAX_CLIENT_KEY} characters")
            return value.strip()
    return None


def application_key(
    headers: Mapping[str, str], caller: str, citizen_id: str, kind: str, now: float | None = None
) -> str:
    """The key for the board: from the client's key when it sent one, else from the request."""
    given = client_key(headers)
    if given is not None:
        material = ["client", caller, given]
    else:
        bucket = int((time.time() if now is None else now) // BUCKET_SECONDS)
        material = ["derived", caller, citizen_id, kind, str(bucket)]
    return "benefits-" + hashlib.sha256("\n".join(material).encode()).hexdigest()
