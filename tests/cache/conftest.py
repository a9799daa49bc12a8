"""Every cache test runs against the memory backend and against Redis (skipped, saying why,
when no Redis answers at `REDIS_URL`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.plugins.redis_support import REDIS_URL, forget, fresh_prefix, redis_answers


@pytest.fixture(params=["memory", "redis"])
def backend(request: pytest.FixtureRequest) -> Iterator[str]:
    """The `cache:` keys choosing the backend (indented for the section)."""
    if request.param == "memory":
        yield "  backend: memory\n"
        return
    if not redis_answers():
        pytest.skip(f"no Redis answers at {REDIS_URL} (set REDIS_URL)")
    prefix = fresh_prefix()
    yield f'  backend: redis\n  redis: {{url: "{REDIS_URL}", key_prefix: "{prefix}"}}\n'
    forget(prefix)
