"""`X | tuple[X, ...]`: one value or a list of them in the file, always a tuple once bound."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from gateway.config.binding import merge_overrides
from gateway.config.declare import setting
from gateway.config.errors import ConfigError
from gateway.config.jsonschema import json_schema
from gateway.config.loader import load_text
from gateway.config.reference import markdown_reference


@dataclass(frozen=True)
class Tokens:
    audience: str | tuple[str, ...] = setting((), doc="One audience or several.")
    ports: int | tuple[int, ...] = setting((), doc="Ports.", minimum=1)


@pytest.mark.parametrize(
    ("text", "audience"),
    [("audience: web", ("web",)), ("audience: [web, app]", ("web", "app")), ("audience:", ()), ("", ())],
)
def test_one_or_a_list(text: str, audience: tuple[str, ...]) -> None:
    assert load_text(text, Tokens).audience == audience


def test_items_are_checked_like_the_one_value() -> None:
    assert load_text("ports: 80", Tokens).ports == (80,)
    with pytest.raises(ConfigError, match=r"1:8: ports: 0 is below the minimum 1"):
        load_text("ports: 0", Tokens)
    with pytest.raises(ConfigError, match=r"ports\[1\]: expected integer, got string 'x'"):
        load_text("ports: [1, x]", Tokens)
    with pytest.raises(ConfigError, match=r"audience: expected string or list of string, got a mapping"):
        load_text("audience: {a: 1}", Tokens)


def test_schema_reference_and_overrides() -> None:
    schema = json_schema(Tokens)["properties"]["audience"]
    assert schema["anyOf"][1]["type"] == "array"
    assert "| `audience` | string or list of string |" in markdown_reference(Tokens)
    assert merge_overrides(Tokens(), {"audience": "one"}).audience == ("one",)
    assert merge_overrides(Tokens(), {"audience": ["a", "b"]}).audience == ("a", "b")
