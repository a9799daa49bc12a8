"""The `headers` plugin: which client headers reach each subgraph, and what else is set on
subgraph requests (see `rules` for the configuration)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Hashable, Mapping

from ...errors import GovgraphError
from ...hooks import Plugin, RequestContext, SubgraphRequest
from .rules import HeaderRule, HeaderRules, HeadersConfig, Insert, Propagate, Remove

__all__ = ["HeaderRule", "HeaderRules", "HeadersConfig", "HeadersPlugin", "Insert", "Propagate", "Remove"]

# Never copied from a client: hop-by-hop, framing and content negotiation of the gateway's own request.
NEVER_PROPAGATED = frozenset(
    (
        "accept", "accept-encoding", "connection", "content-encoding", "content-length", "content-type",
        "host", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
        "transfer-encoding", "upgrade",
    )
)  # fmt: skip
Step = Callable[[Mapping[str, str], dict[str, str]], None]


class HeadersPlugin(Plugin):
    name = "headers"
    Config = HeadersConfig

    def __init__(self, config: HeadersConfig | None = None, environ: Mapping[str, str] | None = None) -> None:
        super().__init__(config)
        self.environ = os.environ if environ is None else environ
        self._programs: dict[str, list[Step]] = {}
        self._default = self._program(self.config.all.request)
        for service, rules in self.config.subgraphs.items():
            self._programs[service] = self._program(self.config.all.request + rules.request)
        self._read = self._reads()

    def on_subgraph_request(self, request: SubgraphRequest) -> None:
        client = request.context.headers
        out = request.headers
        for step in self._programs.get(request.service, self._default):
            step(client, out)
        for name in [n for n, v in out.items() if "\r" in v or "\n" in v]:
            del out[name]

    def request_key(self, ctx: RequestContext) -> Hashable:
        """The values of every client header some rule reads: requests that differ in them
        never share an execution."""
        named, patterns = self._read
        headers = ctx.headers
        found = tuple(headers.get(name) for name in named)
        if not patterns:
            return found
        matched = tuple(sorted((n, v) for n, v in headers.items() if any(p.search(n) for p in patterns)))
        return found, matched

    def _reads(self) -> tuple[tuple[str, ...], tuple[re.Pattern[str], ...]]:
        named: set[str] = set()
        patterns: list[re.Pattern[str]] = []
        for service in ("", *self.config.subgraphs):
            for rule in self.config.rules_for(service):
                if rule.propagate is not None and rule.propagate.named is not None:
                    named.add(rule.propagate.named.lower())
                elif rule.propagate is not None and rule.propagate.matching is not None:
                    patterns.append(re.compile(rule.propagate.matching, re.IGNORECASE))
        return tuple(sorted(named)), tuple(patterns)

    def _program(self, rules: tuple[HeaderRule, ...]) -> list[Step]:
        steps: list[Step] = []
        for rule in rules:
            if rule.propagate is not None:
                steps.append(_propagate(rule.propagate))
            elif rule.insert is not None:
                steps.append(_insert(rule.insert, self.environ))
            elif rule.remove is not None:
                steps.append(_remove(rule.remove))
        return steps


def _propagate(rule: Propagate) -> Step:
    if rule.matching is not None:
        pattern = re.compile(rule.matching, re.IGNORECASE)

        def copy_matching(client: Mapping[str, str], out: dict[str, str]) -> None:
            for name, value in client.items():
                if name not in NEVER_PROPAGATED and pattern.search(name):
                    out[name] = value

        return copy_matching
    assert rule.named is not None
    source = rule.named.lower()
    if source in NEVER_PROPAGATED:
        raise GovgraphError(f"header rules: {source!r} is never propagated")
    target = (rule.rename or rule.named).lower()
    default = rule.default

    def copy_named(client: Mapping[str, str], out: dict[str, str]) -> None:
        value = client.get(source, default)
        if value is not None:
            out[target] = value

    return copy_named


def _insert(rule: Insert, environ: Mapping[str, str]) -> Step:
    name = rule.name.lower()
    if rule.from_env is not None:
        value = environ.get(rule.from_env)
        if value is None:
            raise GovgraphError(f"header rules: insert {name!r} from ${rule.from_env}, which is not set")
    else:
        assert rule.value is not None
        value = rule.value

    def insert(client: Mapping[str, str], out: dict[str, str]) -> None:
        out[name] = value

    return insert


def _remove(rule: Remove) -> Step:
    if rule.named is not None:
        name = rule.named.lower()

        def remove_named(client: Mapping[str, str], out: dict[str, str]) -> None:
            out.pop(name, None)

        return remove_named
    assert rule.matching is not None
    pattern = re.compile(rule.matching, re.IGNORECASE)

    def remove_matching(client: Mapping[str, str], out: dict[str, str]) -> None:
        for name in [n for n in out if pattern.search(n)]:
            del out[name]

    return remove_matching
