"""The README keeps what it promises true: its configuration reference is the generated one."""

from __future__ import annotations

from tests.support.readme import README, with_reference


def test_the_configuration_reference_is_current() -> None:
    text = README.read_text()
    assert "<!-- config-reference:start -->" in text
    assert with_reference(text) == text, "stale: run python -m tests.support.readme"
