"""provides: nested @provides, @provides on an interface-typed and on a union-typed field.

    directory  owns Agency (name, website, head: Official), Official (name, phone), Helpdesk (name,
               hours) -- both implement interface Contact --, Office (address, openingHours) and
               Website (url, uptime) -- union Channel.
    portal     Query.featuredServices: [Service]; Service @key(id) with
                 agency   @provides("name head { name }")                         nested, two levels
                 contact  @provides("... on Official { name } ... on Helpdesk { name }")  interface
                 channels @provides("... on Office { address } ... on Website { url }")   union
               and Query.agencies, which returns the same Agency entities WITHOUT @provides: there
               the external fields must come from directory; Query.allChannels (shareable) with
               @provides("... on Office { address } ... on Website { url }")
    kiosk      Query.allChannels (shareable) too, with the channels' ids only.

portal answers the provided fields with the same values directory holds, so the data is the same
whichever way the gateway goes; the request counts tell whether it went the economical way.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.asgi import GraphQL

AGENCIES = {
    "A1": ("Tax Board", "tax.example", "O1"),
    "A2": ("Transport Administration", "transport.example", "O2"),
}
OFFICIALS = {"O1": ("Liis Lepp", "+372 600 0001"), "O2": ("Toomas Org", "+372 600 0002")}
HELPDESKS = {"H1": ("Transport helpline", "8-20")}
OFFICES = {"OF1": ("Lootsa 8, Tallinn", "9-17"), "OF2": ("Riia 15, Tartu", "10-16")}
WEBSITES = {"W1": ("https://e-tax.example", "99.9%")}
SERVICES = {
    "S1": ("Declare income", "A1", ("Official", "O1"), [("Website", "W1"), ("Office", "OF1")]),
    "S2": ("Register vehicle", "A2", ("Helpdesk", "H1"), [("Office", "OF2")]),
}


# --- directory --------------------------------------------------------------------------------
@strawberry.interface
class Contact:
    id: strawberry.ID
    name: str


@strawberry.federation.type(keys=["id"])
class Official(Contact):
    phone: str

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Official:
        name, phone = OFFICIALS[id]
        return cls(id=id, name=name, phone=phone)


@strawberry.federation.type(keys=["id"])
class Helpdesk(Contact):
    hours: str

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Helpdesk:
        name, hours = HELPDESKS[id]
        return cls(id=id, name=name, hours=hours)


@strawberry.federation.type(keys=["id"])
class Agency:
    id: strawberry.ID
    name: str
    website: str
    head: Official

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Agency:
        name, website, head = AGENCIES[id]
        return cls(id=id, name=name, website=website, head=Official.resolve_reference(strawberry.ID(head)))


@strawberry.federation.type(keys=["id"])
class Office:
    id: strawberry.ID
    address: str
    opening_hours: str

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Office:
        address, hours = OFFICES[id]
        return cls(id=id, address=address, opening_hours=hours)


@strawberry.federation.type(keys=["id"])
class Website:
    id: strawberry.ID
    url: str
    uptime: str

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Website:
        url, uptime = WEBSITES[id]
        return cls(id=id, url=url, uptime=uptime)


Channel = Annotated[Office | Website, strawberry.union("Channel")]


@strawberry.type(name="Query")
class DirectoryQuery:
    @strawberry.field
    def channel_directory(self) -> list[Channel]:  # keeps the union in directory's schema
        return [*map(Office.resolve_reference, OFFICES), *map(Website.resolve_reference, WEBSITES)]


directory = strawberry.federation.Schema(
    query=DirectoryQuery, types=[Agency, Official, Helpdesk, Office, Website], federation_version="2.3"
)


# --- portal -----------------------------------------------------------------------------------
@strawberry.interface(name="Contact")
class PortalContact:
    id: strawberry.ID
    name: str


@strawberry.federation.type(keys=["id"], name="Official")
class PortalOfficial(PortalContact):
    name: str = strawberry.federation.field(external=True)


@strawberry.federation.type(keys=["id"], name="Helpdesk")
class PortalHelpdesk(PortalContact):
    name: str = strawberry.federation.field(external=True)


@strawberry.federation.type(keys=["id"], name="Agency")
class PortalAgency:
    id: strawberry.ID
    name: str = strawberry.federation.field(external=True)
    head: PortalOfficial = strawberry.federation.field(external=True)


@strawberry.federation.type(keys=["id"], name="Office")
class PortalOffice:
    id: strawberry.ID
    address: str = strawberry.federation.field(external=True)


@strawberry.federation.type(keys=["id"], name="Website")
class PortalWebsite:
    id: strawberry.ID
    url: str = strawberry.federation.field(external=True)


PortalChannel = Annotated[PortalOffice | PortalWebsite, strawberry.union("Channel")]


def _portal_agency(agency_id: str) -> PortalAgency:
    name, _website, head = AGENCIES[agency_id]
    official = PortalOfficial(id=strawberry.ID(head), name=OFFICIALS[head][0])
    return PortalAgency(id=strawberry.ID(agency_id), name=name, head=official)


@strawberry.federation.type(keys=["id"])
class Service:
    id: strawberry.ID
    title: str
    agency: PortalAgency = strawberry.federation.field(provides=["name head { name }"])
    contact: PortalContact = strawberry.federation.field(
        provides=["... on Official { name } ... on Helpdesk { name }"]
    )
    channels: list[PortalChannel] = strawberry.federation.field(
        provides=["... on Office { address } ... on Website { url }"]
    )

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Service:
        title, agency, (kind, contact_id), channels = SERVICES[id]
        contact: PortalContact
        if kind == "Official":
            contact = PortalOfficial(id=strawberry.ID(contact_id), name=OFFICIALS[contact_id][0])
        else:
            contact = PortalHelpdesk(id=strawberry.ID(contact_id), name=HELPDESKS[contact_id][0])
        return cls(
            id=id,
            title=title,
            agency=_portal_agency(agency),
            contact=contact,
            channels=[
                PortalOffice(id=strawberry.ID(c), address=OFFICES[c][0])
                if k == "Office"
                else PortalWebsite(id=strawberry.ID(c), url=WEBSITES[c][0])
                for k, c in channels
            ],
        )


@strawberry.type(name="Query")
class PortalQuery:
    @strawberry.field
    def featured_services(self) -> list[Service]:
        return [Service.resolve_reference(strawberry.ID(s)) for s in SERVICES]

    @strawberry.federation.field(
        shareable=True, provides=["... on Office { address } ... on Website { url }"]
    )
    def all_channels(self) -> list[PortalChannel]:
        return [
            *(PortalOffice(id=strawberry.ID(c), address=OFFICES[c][0]) for c in OFFICES),
            *(PortalWebsite(id=strawberry.ID(c), url=WEBSITES[c][0]) for c in WEBSITES),
        ]

    @strawberry.field
    def agencies(self) -> list[PortalAgency]:
        """No @provides here: portal may hand out only the ids; it never resolves external fields."""
        return [PortalAgency(id=strawberry.ID(a), name=None, head=None) for a in AGENCIES]  # type: ignore[arg-type]


portal = strawberry.federation.Schema(
    query=PortalQuery, types=[PortalOfficial, PortalHelpdesk], federation_version="2.3"
)


# --- kiosk ------------------------------------------------------------------------------------
@strawberry.federation.type(keys=["id"], name="Office")
class KioskOffice:
    id: strawberry.ID


@strawberry.federation.type(keys=["id"], name="Website")
class KioskWebsite:
    id: strawberry.ID


KioskChannel = Annotated[KioskOffice | KioskWebsite, strawberry.union("Channel")]


@strawberry.type(name="Query")
class KioskQuery:
    @strawberry.federation.field(shareable=True)
    def all_channels(self) -> list[KioskChannel]:
        return [
            *(KioskOffice(id=strawberry.ID(c)) for c in OFFICES),
            *(KioskWebsite(id=strawberry.ID(c)) for c in WEBSITES),
        ]


kiosk = strawberry.federation.Schema(query=KioskQuery, federation_version="2.3")

SCHEMAS = {"directory": directory, "kiosk": kiosk, "portal": portal}
APPS = {name: GraphQL(schema) for name, schema in SCHEMAS.items()}
