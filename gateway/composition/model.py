"""One subgraph as composition sees it, after its federation directives are read.

Names are canonical: whatever a subgraph imports `@key` as, `SField.external`
and `SType.keys` say what it means. Federation 1 semantics are already applied
by `subgraph.py` (implicit shareability, `@extends`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..federation.specs import format_version
from ..federation.table import FEDERATION_1
from .access import Access
from .cost import CostNames, Demand


@dataclass
class SArg:
    name: str
    type: str
    default: str | None = None  # printed GraphQL value
    description: str | None = None
    inaccessible: bool = False
    tags: list[str] = field(default_factory=list)
    deprecated: str | None = None
    demand: Demand = field(default_factory=Demand)  # @cost


@dataclass
class SField:
    name: str
    type: str
    args: dict[str, SArg] = field(default_factory=dict)
    description: str | None = None
    external: bool = False
    shareable: bool = False
    provides: str | None = None
    requires: str | None = None
    override: str | None = None
    override_label: str | None = None
    inaccessible: bool = False
    tags: list[str] = field(default_factory=list)
    deprecated: str | None = None  # the reason ("" when none given)
    extension: bool = False  # declared inside `extend type`
    provided: bool = False  # named by some @provides of this subgraph
    required: bool = False  # named by some @requires of this subgraph
    used_as_key: bool = False
    default: str | None = None  # input fields only
    access: Access = field(default_factory=Access)  # @authenticated, @requiresScopes, @policy
    demand: Demand = field(default_factory=Demand)  # @cost, @listSize


@dataclass
class SKey:
    fields: str
    resolvable: bool = True


@dataclass
class SEnumValue:
    name: str
    description: str | None = None
    inaccessible: bool = False
    tags: list[str] = field(default_factory=list)
    deprecated: str | None = None


@dataclass
class SType:
    name: str
    kind: str  # object | interface | union | enum | input | scalar
    description: str | None = None
    fields: dict[str, SField] = field(default_factory=dict)
    keys: list[SKey] = field(default_factory=list)
    interfaces: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    values: dict[str, SEnumValue] = field(default_factory=dict)
    is_definition: bool = False
    extension: bool = False
    extends_directive: bool = False  # @extends (rather than `extend type`)
    shareable: bool = False
    inaccessible: bool = False
    tags: list[str] = field(default_factory=list)
    interface_object: bool = False
    specified_by: str | None = None
    used_in_input: bool = False  # enums: referenced by an argument or input field
    used_in_output: bool = False  # enums: referenced by an object or interface field
    access: Access = field(default_factory=Access)  # @authenticated, @requiresScopes, @policy
    demand: Demand = field(default_factory=Demand)  # @cost, @listSize


@dataclass
class SDirective:
    """A directive the subgraph defines itself (not a federation or built-in one)."""

    name: str
    args: dict[str, SArg] = field(default_factory=dict)
    locations: list[str] = field(default_factory=list)
    repeatable: bool = False


@dataclass
class ParsedSubgraph:
    name: str
    url: str
    graph_id: str  # the join__Graph enum value
    version: str  # "v1.0" for Federation 1, else "v2.x"
    types: dict[str, SType] = field(default_factory=dict)
    links_inaccessible: bool = False
    unknown_directives: list[str] = field(default_factory=list)  # applied but neither known nor defined
    directives: dict[str, SDirective] = field(default_factory=dict)
    unsupported: list[str] = field(default_factory=list)  # federation directives govgraph does not compose
    authorization: set[str] = field(default_factory=set)  # the authorization directives it applies
    cost_names: CostNames = field(default_factory=CostNames)  # what it calls @cost and @listSize

    @property
    def fed1(self) -> bool:
        return self.version == format_version(FEDERATION_1)

    def type_is_extension(self, stype: SType) -> bool:
        """Whether the type counts as an extension for `@join__type(extension:)`."""
        if not stype.extension:
            return False
        if stype.extends_directive:
            return True
        if self.fed1:
            return False
        return not stype.is_definition
