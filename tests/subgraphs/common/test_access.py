"""`subgraphs/common/access.py`: the per-app verifier with its cache, and the read rules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from subgraphs.common.access import Access, GatewayIdentity
from subgraphs.common.identity import InvalidIdentity, VerifiedCaller
from tests.subgraphs.callers import PUBLIC_KEY, citizen, identity, official


def test_a_key_written_after_start_is_picked_up_and_tokens_are_cached(tmp_path: Path) -> None:
    later = tmp_path / "gateway-key.pub.pem"
    verifier = GatewayIdentity("tax", later)
    headers = citizen("tax", "38001010001")
    assert verifier.caller({}) is None
    with pytest.raises(InvalidIdentity, match="no key"):
        verifier.caller(headers)  # no key yet: refused, never anonymous
    shutil.copy(PUBLIC_KEY, later)
    first = verifier.caller(headers)
    assert first is not None and first.citizen_id == "38001010001"
    assert verifier.caller(headers) is first  # from the cache, keyed on the token text
    with pytest.raises(InvalidIdentity, match="not meant for tax"):
        verifier.caller(citizen("registry", "38001010001"))
    assert verifier.access(
        identity("tax", kind="citizen", citizen_id="1") | {"x-govgraph-identity": "x"}
    ).invalid


def _access(caller: VerifiedCaller | None) -> Access:
    return Access("tax", caller)


def test_the_rules() -> None:
    def caller(headers: dict[str, str]) -> VerifiedCaller | None:
        return GatewayIdentity("tax", PUBLIC_KEY).caller(headers)

    assert _access(None).refusal("38001010001") is not None
    me = _access(caller(citizen("tax", "38001010001")))
    assert me.refusal("38001010001") is None and me.refusal("48102020002") is not None
    assert me.refusal("51501010006", guardian="38001010001") is None  # a minor child, through `children`
    assert me.refusal("51501010006", guardian="48102020002") is not None
    assert _access(caller(official("tax"))).refusal("48102020002") is None
    no_purpose = _access(caller(identity("tax", scopes=["tax:read"])))
    assert "x-purpose" in str(no_purpose.refusal("48102020002"))
    blank = _access(caller(identity("tax", scopes=["tax:read"], purpose="  ")))
    assert "x-purpose" in str(blank.refusal("48102020002"))
    other_scope = _access(caller(identity("tax", scopes=["registry:read"], purpose="x")))
    assert "tax:read" in str(other_scope.refusal("48102020002"))
    service = _access(caller(identity("tax", kind="service", scopes=["tax:read"], purpose="batch")))
    assert service.refusal("48102020002") is None and service.citizen_id is None
