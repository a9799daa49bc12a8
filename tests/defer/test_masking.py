"""Production's error masking covers the deferred parts too: an agency's failure inside a deferred
fragment reaches the client as an incident id, never its message."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gateway.plugins.defer import DeferConfig, DeferPlugin
from gateway.plugins.masking import MaskingConfig, MaskingPlugin
from tests.defer.support import agencies_gateway, streamed


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    plugins = [DeferPlugin(DeferConfig(enabled=True)), MaskingPlugin(MaskingConfig(enabled=True))]
    with agencies_gateway(plugins) as found:
        yield found


async def test_a_deferred_parts_errors_are_masked(url: str) -> None:
    async with streamed(url, "{ people { id ... @defer { pension } } }") as parts:
        first = await parts.next()
        rest = await parts.rest()
    assert "errors" not in first
    [failed] = [item for item in rest[0]["incremental"] if item["data"] is None]
    [error] = failed["errors"]
    assert "incident" in error["message"] and "pension record" not in str(rest)
    assert error["path"] == ["people", 1, "pension"]
    assert error["extensions"]["code"] == "DOWNSTREAM_SERVICE_ERROR"
