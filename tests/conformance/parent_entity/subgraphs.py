"""parent_entity: a nested value object whose fields live in different subgraphs; the only way in is
an entity call with the PARENT's key (Form), then down the same path.

    forms   Query.forms, Query.form(id); Form @key(id) { title, section @shareable }; Section { heading }
    layout  Form @key(id) { section @shareable }; Section { heading @shareable, help, inputs @shareable }
    hints   Form @key(id) { section @shareable }; Section { inputs @shareable }; Input { name, hint }
    guidance  Form @key(id) { title @external, section @shareable @requires(fields: "title") };
            Section { checklist }: computed from the PARENT form's title

Section and Input have no key: `section { help }` can only be fetched as
_entities(Form) { section { help } } from layout, and hint as _entities(Form) { section { inputs
{ hint } } } from hints; checklist needs forms' title first, then _entities(Form) { section {
checklist } } on guidance with {id, title}. The gateway merges the pieces of one section object.
"""

from __future__ import annotations

import strawberry
from strawberry.asgi import GraphQL

FORMS = {
    "F1": ("Residence registration", "Your new address", "Give the address where you live most of the time"),
    "F2": ("Parental benefit", "About the child", "One form per child"),
}
INPUTS = {
    "F1": [("street", "Street and house number"), ("city", "Town or parish")],
    "F2": [("childCode", "11-digit personal code")],
}


# --- forms ------------------------------------------------------------------------------------
@strawberry.federation.type(shareable=True)
class Section:
    heading: str


@strawberry.federation.type(keys=["id"])
class Form:
    id: strawberry.ID
    title: str
    section: Section = strawberry.federation.field(shareable=True)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Form | None:
        if id not in FORMS:
            return None
        title, heading, _help = FORMS[id]
        return cls(id=id, title=title, section=Section(heading=heading))


@strawberry.type(name="Query")
class FormsQuery:
    @strawberry.field
    def forms(self) -> list[Form]:
        return [f for f in map(Form.resolve_reference, FORMS) if f is not None]

    @strawberry.field
    def form(self, id: strawberry.ID) -> Form | None:
        return Form.resolve_reference(id)


forms = strawberry.federation.Schema(query=FormsQuery, federation_version="2.3")


# --- layout -----------------------------------------------------------------------------------
@strawberry.federation.type(shareable=True, name="Input")
class LayoutInput:
    name: str


@strawberry.federation.type(name="Section")
class LayoutSection:
    heading: str = strawberry.federation.field(shareable=True)
    help: str
    inputs: list[LayoutInput] = strawberry.federation.field(shareable=True)


@strawberry.federation.type(keys=["id"], name="Form")
class LayoutForm:
    id: strawberry.ID
    section: LayoutSection = strawberry.federation.field(shareable=True)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> LayoutForm | None:
        if id not in FORMS:
            return None
        _title, heading, help_text = FORMS[id]
        inputs = [LayoutInput(name=name) for name, _hint in INPUTS[id]]
        return cls(id=id, section=LayoutSection(heading=heading, help=help_text, inputs=inputs))


layout = strawberry.federation.Schema(types=[LayoutForm], federation_version="2.3")


# --- hints ------------------------------------------------------------------------------------
@strawberry.federation.type(name="Input")
class Input:
    name: str = strawberry.federation.field(shareable=True)
    hint: str


@strawberry.federation.type(name="Section")
class HintsSection:
    inputs: list[Input] = strawberry.federation.field(shareable=True)


@strawberry.federation.type(keys=["id"], name="Form")
class HintsForm:
    id: strawberry.ID
    section: HintsSection = strawberry.federation.field(shareable=True)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> HintsForm | None:
        if id not in INPUTS:
            return None
        return cls(id=id, section=HintsSection(inputs=[Input(name=n, hint=h) for n, h in INPUTS[id]]))


hints = strawberry.federation.Schema(types=[HintsForm], federation_version="2.3")


# --- guidance ---------------------------------------------------------------------------------
@strawberry.federation.type(shareable=True, name="Section")
class GuidanceSection:
    checklist: str


@strawberry.federation.type(keys=["id"], name="Form")
class GuidanceForm:
    id: strawberry.ID
    title: str = strawberry.federation.field(external=True)  # None when the gateway did not send it

    @strawberry.federation.field(shareable=True, requires=["title"])
    def section(self) -> GuidanceSection:
        if self.title is None:
            raise ValueError("guidance: Form.section needs the form's title")
        return GuidanceSection(checklist=f"Checklist: {self.title.lower()}")

    @classmethod
    def resolve_reference(cls, id: strawberry.ID, title: str | None = None) -> GuidanceForm | None:
        return cls(id=id, title=title) if id in FORMS else None  # type: ignore[arg-type]


guidance = strawberry.federation.Schema(types=[GuidanceForm], federation_version="2.3")

SCHEMAS = {"forms": forms, "layout": layout, "hints": hints, "guidance": guidance}
APPS = {name: GraphQL(schema) for name, schema in SCHEMAS.items()}
