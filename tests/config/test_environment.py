"""`${ENV}` interpolation: before typing, with defaults and escapes."""

from __future__ import annotations

import pytest

from gateway.config.errors import ConfigError
from gateway.config.loader import load_text
from gateway.config.scalars import UnsetVariable, interpolate

from .example import Example, Plugin, Server


@pytest.mark.parametrize(
    ("text", "environ", "expected"),
    [
        ("plain", {}, ("plain", False)),
        ("${A}", {"A": "x"}, ("x", True)),
        ("${A:-d}", {}, ("d", True)),
        ("${A:-d}", {"A": ""}, ("d", True)),
        ("${A:-}", {}, ("", True)),
        ("${A}", {"A": ""}, ("", True)),
        ("http://${HOST:-localhost}:${PORT:-80}/", {"PORT": "9"}, ("http://localhost:9/", True)),
        ("$${A}", {"A": "x"}, ("${A}", False)),
        ("$$${A}", {"A": "x"}, ("$${A}", False)),
        ("cost: $5 and $HOME", {}, ("cost: $5 and $HOME", False)),
        ("${A:-a:-b}", {}, ("a:-b", True)),
    ],
)
def test_interpolate(text: str, environ: dict[str, str], expected: tuple[str, bool]) -> None:
    assert interpolate(text, environ) == expected


@pytest.mark.parametrize("text", ["${A}", "${A", "${}", "${1A}", "x ${A-b}"])
def test_interpolate_refuses(text: str) -> None:
    with pytest.raises(UnsetVariable):
        interpolate(text, {})


def test_an_interpolated_value_is_typed_by_its_setting() -> None:
    text = "server:\n  port: ${PORT:-4000}\n  debug: ${DEBUG}\n  host: '${HOST:-0.0.0.0}'\n"
    text += "ratios: ['${R:-0.25}']\n"
    config = load_text(text, Example, environ={"DEBUG": "true"})
    assert config.server == Server("0.0.0.0", 4000, True)
    assert config.ratios == [0.25]


def test_a_quoted_reference_is_typed_too() -> None:
    assert load_text("server: {port: '${PORT}'}", Example, environ={"PORT": "8080"}).server.port == 8080


def test_an_interpolated_string_setting_keeps_the_text() -> None:
    config = load_text("note: ${NOTE}\nlabels: {v: '${V}'}\n", Example, environ={"NOTE": "007", "V": "true"})
    assert config.note == "007"
    assert config.labels == {"v": "true"}


def test_an_empty_default_makes_an_optional_setting_null() -> None:
    assert load_text("note: ${NOTE:-}\n", Example, environ={}).note is None


def test_free_form_options_are_interpolated_and_typed() -> None:
    text = "plugins: [{name: audit, options: {level: '${LEVEL:-2}', path: '${P}', raw: '3'}}]"
    config = load_text(text, Example, environ={"P": "/var/log"})
    assert config.plugins == (Plugin("audit", {"level": 2, "path": "/var/log", "raw": "3"}),)


def test_an_escape_is_a_literal_and_not_interpolated_again() -> None:
    config = load_text("note: $${NOTE}\nlabels: {a: 'x$${A:-b}'}\n", Example, environ={"NOTE": "no"})
    assert config.note == "${NOTE}"
    assert config.labels == {"a": "x${A:-b}"}


def test_an_interpolated_value_is_checked_against_the_constraints() -> None:
    with pytest.raises(ConfigError, match=r"govgraph.yaml:2:9: server.port: 0 is below the minimum 1"):
        load_text("server:\n  port: ${PORT}", Example, "govgraph.yaml", {"PORT": "0"})
    with pytest.raises(ConfigError, match=r"server.port: expected integer, got string 'eighty'"):
        load_text("server:\n  port: ${PORT}", Example, "govgraph.yaml", {"PORT": "eighty"})


def test_keys_are_not_interpolated() -> None:
    assert load_text("labels: {'${A}': b}", Example, environ={"A": "x"}).labels == {"${A}": "b"}
