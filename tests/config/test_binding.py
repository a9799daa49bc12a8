"""`bind` on a node tree, `to_plain` and `merge_overrides`."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pytest
import yaml

from gateway.config.binding import bind, merge_overrides, node_from_plain, to_plain
from gateway.config.declare import setting
from gateway.config.errors import ConfigError
from gateway.config.loader import load_text

from .example import Example, Plugin, Rule, Server, Subgraph
from .test_loading import FULL


@dataclass(frozen=True)
class Derived:
    port: int = setting(4000, doc="A port.")
    url: str = field(init=False, default="")

    def __post_init__(self) -> None:
        object.__setattr__(self, "url", f"http://localhost:{self.port}")


def test_bind_takes_a_composed_node_and_leaves_references_alone_without_an_environment() -> None:
    node = yaml.compose("server: {port: 1}\nnote: ${NOTE}\n", Loader=yaml.SafeLoader)
    config = bind(Example, node, "here.yaml")
    assert config.server.port == 1
    assert config.note == "${NOTE}"
    assert bind(Example, node, "here.yaml", {"NOTE": "n"}).note == "n"


def test_to_plain_and_back() -> None:
    config = load_text(FULL, Example, environ={})
    plain = to_plain(config)
    assert plain["server"] == {"host": "0.0.0.0", "port": 8080, "debug": True}
    assert plain["plugins"] == [{"name": "audit", "options": config.plugins[0].options}]
    assert plain["subgraphs"]["tax"] == {"url": "http://tax:4001/graphql", "timeout": 5.0, "retries": None}
    assert load_text(yaml.safe_dump(plain), Example, environ={}) == config
    assert bind(Example, node_from_plain(plain), "<plain>") == config


def test_to_plain_takes_only_a_dataclass_instance() -> None:
    with pytest.raises(TypeError):
        to_plain({"a": 1})


def test_node_from_plain_keeps_special_floats_and_strings_that_look_like_numbers() -> None:
    labels = {"n": "4000", "b": "true"}
    config = Example(ratios=[0.5], labels=labels, plugins=(Plugin("p", [math.inf, None]),))
    again = bind(Example, node_from_plain(to_plain(config)), "<plain>")
    assert again == config


def test_merge_overrides_reads_strings_as_their_setting_type() -> None:
    config = load_text("subgraphs: {tax: {url: 'http://tax'}}", Example)
    merged = merge_overrides(
        config,
        {"server.port": "8080", "server.debug": True, "subgraphs.tax.timeout": "2.5", "note": "4000"},
    )
    assert merged.server == Server(port=8080, debug=True)
    assert merged.subgraphs == {"tax": Subgraph(url="http://tax", timeout=2.5)}
    assert merged.note == "4000"
    assert config.server.port == 4000  # a new instance; the old one is untouched


def test_merge_overrides_creates_entries_and_sections() -> None:
    merged = merge_overrides(Example(), {"subgraphs.new.url": "https://new", "extra.port": 7})
    assert merged.subgraphs == {"new": Subgraph(url="https://new")}
    assert merged.extra == Server(port=7)
    assert merge_overrides(Example(), {"headers": [{"name": "a"}]}).headers == [Rule("a")]


def test_merge_overrides_validates_and_reports_every_problem() -> None:
    overrides = {"server.port": "0", "server.prot": 1, "mode.x": 1, "subgraphs.new.timeout": 1}
    overrides["mode"] = "slow"
    with pytest.raises(ConfigError) as caught:
        merge_overrides(Example(), overrides)
    assert [str(problem) for problem in caught.value.problems] == [
        "<overrides>: cannot set mode.x: mode is not a section",
        "<overrides>: server.port: 0 is below the minimum 1",
        "<overrides>: unknown key 'prot' in server (known: debug, host, port); did you mean 'port'?",
        "<overrides>: missing required key 'url' in subgraphs.new",
        "<overrides>: mode: expected one of 'fast', 'safe', 3, got string 'slow'",
    ]
    assert caught.value.problems[1].path == "server.port"


def test_derived_fields_are_not_settings() -> None:
    assert to_plain(Derived()) == {"port": 4000}
    assert merge_overrides(Derived(), {"port": "1"}).url == "http://localhost:1"
