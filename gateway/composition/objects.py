"""Object types of the supergraph: which subgraphs keep a `@join__type`, and which
`@join__field`s a field needs (none when every subgraph of the type resolves it alike).
"""

from __future__ import annotations

from dataclasses import dataclass

from .join import JoinField, JoinType, common_directives, implements, printed_args, type_keys
from .merge import MergedState, MField, MType
from .model import SField
from .print import PField, PType
from .requires_usage import RequiresUsage, overridden_graphs


@dataclass
class _GraphState:
    required: bool
    external: bool
    used_overridden: bool


class ObjectBuilder:
    def __init__(self, state: MergedState, usage: RequiresUsage, mtype: MType) -> None:
        self.state = state
        self.usage = usage
        self.mtype = mtype
        self.is_query = mtype.name == "Query"
        self.iface_graphs: dict[str, set[str]] = {}
        self.iface_object_fields: list[MField] = []
        for iface_name in mtype.interfaces:
            iface = state.types.get(iface_name)
            if iface is None:
                continue
            for fname, ifield in iface.fields.items():
                self.iface_graphs.setdefault(fname, set()).update(ifield.by_graph)
                if iface.has_interface_object and all(f.name != fname for f in self.iface_object_fields):
                    self.iface_object_fields.append(ifield)
        self.join_types = self._join_types()

    # --- the type ---------------------------------------------------------------
    def build(self) -> PType:
        fields = [f for f in (self._field(m) for m in self.mtype.fields.values()) if f is not None]
        for ifield in self.iface_object_fields:
            if ifield.name not in self.mtype.fields:
                fields.append(self._interface_object_field(ifield))
        return PType(
            keyword="type",
            name=self.mtype.name,
            description=self.mtype.description,
            interfaces=list(self.mtype.interfaces),
            directives=[j.directive() for j in self.join_types]
            + implements(self.mtype)
            + common_directives(
                self.mtype.tags,
                self.mtype.inaccessible,
                None,
                access=self.mtype.access,
                demand=self.mtype.demand,
            ),
            fields=fields,
        )

    def _join_types(self) -> list[JoinType]:
        if self.is_query:
            return [JoinType(gid) for gid in self.state.graphs]
        found: list[JoinType] = []
        for gid, stype in self.mtype.by_graph.items():
            if not self._keep_graph(gid):
                continue
            extension = self.state.graphs[gid].type_is_extension(stype)
            keys = type_keys(stype.keys, gid)
            for key in keys:
                key.extension = extension
            found.extend(keys or [JoinType(gid)])
        return found

    def _keep_graph(self, gid: str) -> bool:
        stype = self.mtype.by_graph[gid]
        if stype.keys or (
            stype.is_definition and not (self.state.graphs[gid].fed1 and stype.extends_directive)
        ):
            return True
        for mfield in self.mtype.fields.values():
            sfield = mfield.by_graph.get(gid)
            if sfield is None:
                continue
            only_overridden = self.usage.only_overridden(self.mtype.name, mfield.name, gid)
            if (
                not sfield.external
                or sfield.provided
                or self._required(mfield, gid)
                or (stype.extension and not only_overridden)
                or self._used_overridden(mfield, gid)
            ):
                return True
        return False

    # --- helpers ----------------------------------------------------------------
    def _required(self, mfield: MField, gid: str) -> bool:
        sfield = mfield.by_graph[gid]
        return self.usage.effectively_required(self.mtype.name, mfield.name, gid, sfield.required)

    def _only_overridden(self, mfield: MField, gid: str) -> bool:
        return self.usage.only_overridden(self.mtype.name, mfield.name, gid)

    def _override_of(self, mfield: MField) -> str | None:
        found = None
        for sfield in mfield.by_graph.values():
            if sfield.override:
                found = sfield.override
        return found

    def _used_overridden(self, mfield: MField, gid: str) -> bool:
        sfield = mfield.by_graph[gid]
        override = self._override_of(mfield)
        if not override or self.state.graph_id_of(override) != gid:
            return False
        return (sfield.used_as_key and not sfield.external) or gid in self.iface_graphs.get(
            mfield.name, set()
        )

    def _external_on_join(self, mfield: MField, gid: str) -> bool:
        sfield = mfield.by_graph[gid]
        if not sfield.external or self._only_overridden(mfield, gid):
            return False
        if sfield.provided:
            return True
        return not (sfield.used_as_key and self.mtype.by_graph[gid].extension)

    def _graph_state(self, mfield: MField, gid: str) -> _GraphState:
        return _GraphState(
            required=self._required(mfield, gid),
            external=self._external_on_join(mfield, gid),
            used_overridden=self._used_overridden(mfield, gid),
        )

    # --- fields -----------------------------------------------------------------
    def _field(self, mfield: MField) -> PField | None:
        if self._drop_unused_fed1_external(mfield):
            return None
        joins = self._field_joins(mfield)
        if len(joins) == 1 and len(self.join_types) == 1 and joins[0].is_plain():
            joins = []
        description = mfield.description
        if self.mtype.by_graph and any(s.keys for s in self.mtype.by_graph.values()) and description:
            for sfield in mfield.by_graph.values():
                if sfield.override and not sfield.shareable:
                    description = sfield.description
        return PField(
            name=mfield.name,
            type=mfield.type,
            args=printed_args(mfield),
            description=description,
            directives=[j.directive() for j in joins]
            + common_directives(
                mfield.tags,
                mfield.inaccessible,
                mfield.deprecated,
                access=mfield.access,
                demand=mfield.demand,
            ),
        )

    def _drop_unused_fed1_external(self, mfield: MField) -> bool:
        if self.is_query or len(mfield.by_graph) != 1:
            return False
        gid, sfield = next(iter(mfield.by_graph.items()))
        return (
            sfield.external
            and not sfield.used_as_key
            and not self._required(mfield, gid)
            and not sfield.provided
            and not self._used_overridden(mfield, gid)
            and self.state.graphs[gid].fed1
        )

    def _differences(self, mfield: MField) -> dict[str, bool]:
        diff = dict.fromkeys(("override", "label", "type", "external", "provides", "requires"), False)
        for gid, sfield in mfield.by_graph.items():
            if sfield.external:
                extension = self.mtype.by_graph[gid].extension
                diff["external"] = not extension if mfield.used_as_key else True
            diff["override"] = diff["override"] or sfield.override is not None
            diff["label"] = diff["label"] or sfield.override_label is not None
            diff["provides"] = diff["provides"] or sfield.provides is not None
            diff["requires"] = diff["requires"] or sfield.requires is not None
            diff["type"] = diff["type"] or sfield.type != mfield.type
        return diff

    def _field_joins(self, mfield: MField) -> list[JoinField]:
        diff = self._differences(mfield)
        everywhere = len(mfield.by_graph) == (
            len(self.state.graphs) if self.is_query else len(self.mtype.by_graph)
        )
        if self.is_query:
            if diff["override"] and len(self.state.graphs) > 1:
                return self._override_joins(mfield, diff, "query")
            if len(self.state.graphs) > 1 and not everywhere:
                return [
                    JoinField(gid, provides=s.provides if diff["provides"] else None)
                    for gid, s in mfield.by_graph.items()
                ]
            return []
        if diff["override"]:
            joins = self._override_joins(mfield, diff, "object")
            single = (
                len(joins) == 1 and len(self.join_types) == 1 and self.join_types[0].graph == joins[0].graph
            )
            return [] if everywhere and single else joins
        if everywhere and not any(diff.values()):
            return []
        return self._plain_joins(mfield, diff["type"])

    def _plain_joins(self, mfield: MField, different_type: bool) -> list[JoinField]:
        found = []
        for gid, sfield in mfield.by_graph.items():
            join = JoinField(
                gid,
                type=sfield.type if different_type else None,
                override=sfield.override,
                override_label=sfield.override_label,
                used_overridden=self._used_overridden(mfield, gid),
                external=self._external_on_join(mfield, gid),
                provides=sfield.provides,
                requires=sfield.requires,
            )
            if not self._drop_plain(mfield, gid, sfield, join):
                found.append(join)
        return found

    def _drop_plain(self, mfield: MField, gid: str, sfield: SField, join: JoinField) -> bool:
        metadata = bool(join.type or join.override or join.provides or join.requires or join.used_overridden)
        required_or_provided = sfield.provided or self._required(mfield, gid)
        in_interface = gid in self.iface_graphs.get(mfield.name, set())
        if (
            sfield.external
            and not sfield.used_as_key
            and not required_or_provided
            and not join.used_overridden
            and self.state.graphs[gid].fed1
        ):
            return True
        quiet = not metadata and not required_or_provided and not in_interface
        if join.external and self.mtype.by_graph[gid].extension and quiet:
            return True
        return sfield.external and not join.external and self._only_overridden(mfield, gid) and quiet

    def _override_joins(self, mfield: MField, diff: dict[str, bool], mode: str) -> list[JoinField]:
        overridden = overridden_graphs(self.state, mfield)
        labels: dict[str, str] = {}
        for gid, sfield in mfield.by_graph.items():
            source = self.state.graph_id_of(sfield.override) if sfield.override else None
            if source is not None and sfield.override_label:
                labels[source] = labels[gid] = sfield.override_label
        found = []
        for gid, sfield in mfield.by_graph.items():
            state = self._graph_state(mfield, gid)
            is_source = gid in overridden
            used = state.used_overridden or (is_source and state.required and not state.external)
            if mode == "query":
                if not (
                    sfield.override is not None or labels.get(gid) or (sfield.shareable and not is_source)
                ):
                    continue
                used, label, external = (
                    self._used_overridden(mfield, gid),
                    sfield.override_label,
                    sfield.external,
                )
            else:
                needs_label = bool(sfield.override_label or labels.get(gid))
                if not ((state.external and state.required) or needs_label or used or not is_source):
                    continue
                label, external = labels.get(gid), state.external
            found.append(
                JoinField(
                    gid,
                    type=sfield.type if diff["type"] else None,
                    override=sfield.override,
                    override_label=label,
                    used_overridden=used,
                    external=external,
                    provides=sfield.provides,
                    requires=sfield.requires,
                )
            )
        return found

    def _interface_object_field(self, ifield: MField) -> PField:
        return PField(
            name=ifield.name,
            type=ifield.type,
            args=printed_args(ifield),
            description=ifield.description,
            directives=[
                JoinField().directive(),
                *common_directives(ifield.tags, ifield.inaccessible, ifield.deprecated),
            ],
        )
