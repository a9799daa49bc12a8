"""Every problem a config file can have: reported all at once, each with its file position."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.config.errors import ConfigError, Problem
from gateway.config.loader import load_file, load_text
from gateway.errors import GovgraphError

from .example import Example, Required


def problems(text: str, schema: type = Example, environ: dict[str, str] | None = None) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_text(text, schema, "govgraph.yaml", environ or {})
    assert str(caught.value) == "\n".join(str(problem) for problem in caught.value.problems)
    return [str(problem) for problem in caught.value.problems]


def test_an_unknown_key_is_named_with_its_position_and_the_closest_known_key() -> None:
    text = "subgraphs:\n  tax:\n    url: http://tax\n    tiemout: 3\n"
    assert problems(text) == [
        "govgraph.yaml:4:5: unknown key 'tiemout' in subgraphs.tax (known: retries, timeout, url);"
        " did you mean 'timeout'?"
    ]


def test_an_unknown_top_level_key_without_a_close_match() -> None:
    [message] = problems("zzz: 1\n")
    assert message.startswith("govgraph.yaml:1:1: unknown key 'zzz' in the top level (known: extra, headers,")
    assert "did you mean" not in message


def test_the_problem_carries_file_line_column_and_path() -> None:
    with pytest.raises(ConfigError) as caught:
        load_text("server:\n  port: x\n", Example, "govgraph.yaml")
    assert isinstance(caught.value, GovgraphError)
    assert caught.value.problems == [
        Problem("govgraph.yaml", 2, 9, "server.port", "server.port: expected integer, got string 'x'")
    ]


# a value of the wrong type
WRONG_TYPE = [
    ("server: {port: '4000'}", "1:16: server.port: expected integer, got string '4000'"),
    ("server: {port: 1.5}", "1:16: server.port: expected integer, got number 1.5"),
    ("server: {port: true}", "1:16: server.port: expected integer, got true"),
    ("server: {debug: yes}", "1:17: server.debug: expected boolean, got string 'yes'"),
    ("server: {debug: 1}", "1:17: server.debug: expected boolean, got integer 1"),
    ("server: {host: ~}", "1:16: server.host: expected string, got null"),
    ("ratios: [0.5, x]", "1:15: ratios[1]: expected number, got string 'x'"),
    (
        "mode: fats",
        "1:7: mode: expected one of 'fast', 'safe', 3, got string 'fats'; did you mean 'fast'?",
    ),
    ("mode: '3'", "1:7: mode: expected one of 'fast', 'safe', 3, got string '3'; write 3 without quotes"),
    (
        "headers: [{name: a, action: keep}]",
        "1:29: headers[0].action: expected one of 'propagate', 'remove', got string 'keep'",
    ),
    ("note: [a]", "1:7: note: expected string or null, got a list"),
    ("extra: 3", "1:8: extra: expected section or null, got integer 3"),
    ("labels: {a: {b: c}}", "1:13: labels.a: expected string, got a mapping"),
    (
        "subgraphs: {tax: {url: http://a, retries: x}}",
        "1:43: subgraphs.tax.retries: expected integer or null, got string 'x'",
    ),
]


# a non-mapping where a section is expected
NOT_A_SECTION = [
    ("server: [a, b]", "1:9: server: expected section, got a list"),
    ("server: localhost", "1:9: server: expected section, got string 'localhost'"),
    (
        "subgraphs: [a]",
        "1:12: subgraphs: expected mapping of string to section, got a list",
    ),
    ("headers: {name: a}", "1:10: headers: expected list of section, got a mapping"),
    ("- a\n- b\n", "1:1: the top level: expected section, got a list"),
    ("just text", "1:1: the top level: expected section, got string 'just text'"),
]


def test_a_missing_required_key_is_named_at_the_enclosing_mapping() -> None:
    assert problems("subgraphs:\n  tax:\n    timeout: 3\n") == [
        "govgraph.yaml:3:5: missing required key 'url' in subgraphs.tax"
    ]
    assert problems("", Required) == ["govgraph.yaml:1:1: missing required key 'name' in the top level"]
    assert problems("server: {}\n", Required) == [
        "govgraph.yaml:1:1: missing required key 'name' in the top level"
    ]


# a value out of range
OUT_OF_RANGE = [
    ("server: {port: 0}", "1:16: server.port: 0 is below the minimum 1"),
    ("server: {port: 70000}", "1:16: server.port: 70000 is above the maximum 65535"),
    ("ratios: [0.5, 1.5]", "1:15: ratios[1]: 1.5 is above the maximum 1"),
    (
        "subgraphs: {a: {url: http://a, retries: -1}}",
        "1:41: subgraphs.a.retries: -1 is below the minimum 0",
    ),
]


# a pattern, a section's own check, duplicate keys, an unset variable, an alias, a key
OTHERS = [
    (  # a pattern
        "subgraphs: {tax: {url: 'ftp://tax'}}",
        "1:24: subgraphs.tax.url: 'ftp://tax' does not match the pattern '^https?://'",
    ),
    (  # the section's own check, at the section
        "subgraphs:\n  tax: {url: 'http://tax/'}\n",
        "2:8: subgraphs.tax: url must not end with '/'",
    ),
    ("server:\n  port: 1\n  port: 2\n", "3:3: duplicate key 'port' in server (first at line 2)"),
    (
        "plugins: [{name: a, options: {x: 1, x: 2}}]",
        "1:37: duplicate key 'x' in plugins[0].options (first at line 1)",
    ),
    (
        "server:\n  host: ${HOST}\n",
        "2:9: server.host: environment variable HOST is not set (write ${HOST:-default})",
    ),
    ("server: &s {port: 1}\nextra: *s\n", "2:8: invalid YAML: aliases (*name) are not supported"),
    ("labels: {[a]: b}", "1:10: labels: a key must be a string"),
]


@pytest.mark.parametrize(("text", "expected"), WRONG_TYPE + NOT_A_SECTION + OUT_OF_RANGE + OTHERS)
def test_one_problem(text: str, expected: str) -> None:
    assert problems(text) == [f"govgraph.yaml:{expected}"]


def test_a_reference_that_does_not_close() -> None:
    [message] = problems("note: ${1X}\n")
    assert message.startswith("govgraph.yaml:1:7: note: '${' must start ${NAME}")


def test_every_problem_is_reported_in_file_order() -> None:
    text = "mode: slow\nserver:\n  port: 0\n  prot: 1\nsubgraphs:\n  a: {}\n  b: {url: x}\nnote: ${NOTE}\n"
    lines = [message.split(": ")[0] for message in problems(text)]
    assert lines == [
        "govgraph.yaml:1:7",
        "govgraph.yaml:3:9",
        "govgraph.yaml:4:3",
        "govgraph.yaml:6:6",
        "govgraph.yaml:7:12",
        "govgraph.yaml:8:7",
    ]


def test_invalid_yaml_has_a_position() -> None:
    [message] = problems("server:\n  port: [1\n")
    assert message.startswith("govgraph.yaml:3:1: invalid YAML:")


def test_an_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_file(tmp_path / "missing.yaml", Example)
    [problem] = caught.value.problems
    assert problem.line is None
    assert str(problem) == f"{tmp_path / 'missing.yaml'}: cannot read the file: No such file or directory"
