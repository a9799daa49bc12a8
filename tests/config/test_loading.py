"""Loading a YAML config into the declared dataclasses: every supported type and empty files."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from gateway.config.loader import load_file, load_text

from .example import Example, Plugin, Required, Rule, Server, Subgraph

FULL = """
server:
  host: 0.0.0.0
  port: 8080
  debug: true
subgraphs:
  tax:
    url: http://tax:4001/graphql
    timeout: 5
  benefits: {url: "https://benefits/graphql", timeout: 2.5, retries: 3}
headers:
  - name: authorization
  - {name: cookie, action: remove}
plugins:
  - name: audit
    options: {level: 2, targets: [stdout, "file"], "on": yes, nothing: ~}
labels: {team: platform, "1": "one"}
ratios: [0, 0.5, 1]
mode: 3
extra: {port: 9}
note: "hello"
"""


def test_every_type_is_bound() -> None:
    config = load_text(FULL, Example, environ={})
    assert config.server == Server("0.0.0.0", 8080, True)
    assert config.subgraphs == {
        "tax": Subgraph(url="http://tax:4001/graphql", timeout=5.0),
        "benefits": Subgraph(url="https://benefits/graphql", timeout=2.5, retries=3),
    }
    assert isinstance(config.subgraphs["tax"].timeout, float)
    assert config.headers == [Rule("authorization"), Rule("cookie", "remove")]
    options = {"level": 2, "targets": ["stdout", "file"], "on": "yes", "nothing": None}
    assert config.plugins == (Plugin("audit", options),)
    assert config.labels == {"team": "platform", "1": "one"}
    assert config.ratios == [0.0, 0.5, 1.0]
    assert config.mode == 3
    assert config.extra == Server(port=9)
    assert config.note == "hello"


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n"])
def test_an_empty_file_means_all_defaults(text: str) -> None:
    assert load_text(text, Example) == Example()


def test_an_empty_section_means_its_defaults() -> None:
    config = load_text("server:\nsubgraphs:\nheaders:\nplugins:\nextra:\n", Example)
    assert config == Example()


def test_scalars_follow_yaml_1_2() -> None:
    config = load_text("labels: {a: yes, b: on, c: 0777, d: 1:20}\nnote: no\nmode: safe\n", Example)
    assert config.labels == {"a": "yes", "b": "on", "c": "0777", "d": "1:20"}
    assert config.note == "no"
    plugins = load_text("plugins: [{name: p, options: [0777, 0x1F, 1e3, .inf, TRUE, null, 'x']}]", Example)
    options = plugins.plugins[0].options
    assert options[:3] == [777, 31, 1000.0] and math.isinf(options[3]) and options[4:] == [True, None, "x"]


def test_a_string_setting_takes_the_text_of_a_number() -> None:
    assert load_text("server: {host: 10}\nnote: 1.10\n", Example).note == "1.10"


def test_a_literal_matches_its_value() -> None:
    assert load_text("mode: 3", Example).mode == 3
    assert load_text("mode: 'safe'", Example).mode == "safe"


def test_load_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "govgraph.yaml"
    path.write_text("name: gateway\nserver: {port: 4001}\n")
    assert load_file(path, Required) == Required("gateway", Server(port=4001))


def test_load_file_uses_the_process_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVGRAPH_TEST_NAME", "from-env")
    path = tmp_path / "govgraph.yaml"
    path.write_text("name: ${GOVGRAPH_TEST_NAME}\n")
    assert load_file(path, Required).name == "from-env"


def test_binding_is_frozen() -> None:
    config = load_text("server: {port: 1}", Example)
    with pytest.raises(AttributeError):
        config.server.port = 2  # type: ignore[misc]
