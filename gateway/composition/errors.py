"""What composition takes and gives: sources, errors, the result."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SubgraphSource:
    """One subgraph to compose: its name, the URL the gateway calls, its SDL."""

    name: str
    url: str
    sdl: str


@dataclass(frozen=True)
class CompositionError:
    """One reason composition failed.

    `code` uses the names The Guild's and Apollo's composition use (e.g.
    `INVALID_FIELD_SHARING`); `subgraphs` names the subgraphs involved and
    `coordinate` the schema element (`Type`, `Type.field` or `Type.field(arg:)`).
    """

    code: str
    message: str
    subgraphs: tuple[str, ...] = ()
    coordinate: str = ""

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


@dataclass
class CompositionResult:
    supergraph_sdl: str | None
    errors: list[CompositionError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.supergraph_sdl is not None and not self.errors
