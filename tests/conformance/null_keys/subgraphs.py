"""null_keys: the key needed for the next hop is null, so that representation must never be sent.

desk      Query.queue: [Ticket]; Ticket.applicant -> Applicant @key(personalCode) (one ticket has none)
accounts  Applicant @key(personalCode) @key(accountId): maps a person to an e-account; the account
          may be null (person without an account), the person may be unknown (entity null)
mail      Applicant @key(accountId) only: mailbox, unreadCount: Int!, greeting @requires(nickname).
          It rejects a null or unknown accountId with an error, so a gateway that forwards one shows
          up in the response. ACC-1's nickname is null: a null REQUIRED value must still be sent
          (only a null KEY keeps a representation back).
calendar  Appointment @key(fields: "slot office { code }") -> room. desk's appointments: T-1 complete,
          T-2 with office { code: null } (null INSIDE a nested key), T-3 with slot null, T-4 none.
          calendar rejects any incomplete key with an error.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.asgi import GraphQL

TICKETS = [
    ("T-1", "Parking permit", "38001010001"),
    ("T-2", "Address change", "49002020002"),
    ("T-3", "Noise complaint", "50003030003"),
    ("T-4", "Benefit query", None),
]
ACCOUNTS: dict[str, str | None] = {"38001010001": "ACC-1", "49002020002": None}  # 5000... unknown
MAILBOXES = {"ACC-1": ("mari.tamm@post.example", 3)}
NICKNAMES: dict[str, str | None] = {"38001010001": None, "49002020002": "Peeter"}
NOT_SENT = "<not sent>"
APPOINTMENTS: dict[str, tuple[str | None, str | None] | None] = {
    "T-1": ("09:00", "TLN"),
    "T-2": ("10:30", None),
    "T-3": (None, "TRT"),
    "T-4": None,
}
ROOMS = {("09:00", "TLN"): "B-204", ("10:30", "TLN"): "B-110"}


# --- desk -------------------------------------------------------------------------------------
@strawberry.federation.type(keys=["personalCode"], name="Applicant")
class DeskApplicant:
    personal_code: strawberry.ID


@strawberry.federation.type(shareable=True)
class Office:
    code: str | None


@strawberry.federation.type(keys=["slot office { code }"], name="Appointment")
class DeskAppointment:
    slot: str | None
    office: Office


@strawberry.type
class Ticket:
    number: strawberry.ID
    subject: str
    applicant: DeskApplicant | None

    @strawberry.field
    def appointment(self) -> DeskAppointment | None:
        found = APPOINTMENTS[self.number]
        return None if found is None else DeskAppointment(slot=found[0], office=Office(code=found[1]))


@strawberry.type(name="Query")
class DeskQuery:
    @strawberry.field
    def queue(self) -> list[Ticket]:
        return [
            Ticket(number=n, subject=s, applicant=DeskApplicant(personal_code=c) if c else None)
            for n, s, c in TICKETS
        ]


desk = strawberry.federation.Schema(query=DeskQuery, federation_version="2.3")


# --- accounts ---------------------------------------------------------------------------------
@strawberry.federation.type(keys=["personalCode", "accountId"], name="Applicant")
class AccountsApplicant:
    personal_code: strawberry.ID
    account_id: strawberry.ID | None
    nickname: str | None

    @classmethod
    def resolve_reference(
        cls, personalCode: str | None = None, accountId: str | None = None
    ) -> AccountsApplicant | None:
        if personalCode is None:
            codes = [code for code, acc in ACCOUNTS.items() if acc is not None and acc == accountId]
            personalCode = codes[0] if codes else None
        if personalCode not in ACCOUNTS:
            return None
        return cls(
            personal_code=strawberry.ID(personalCode),
            account_id=ACCOUNTS[personalCode],
            nickname=NICKNAMES[personalCode],
        )


accounts = strawberry.federation.Schema(types=[AccountsApplicant], federation_version="2.3")


# --- mail -------------------------------------------------------------------------------------
@strawberry.type
class Mailbox:
    address: str


@strawberry.federation.type(keys=["accountId"], name="Applicant")
class MailApplicant:
    account_id: strawberry.ID
    mailbox: Mailbox | None
    unread_count: int
    nickname: str | None = strawberry.federation.field(external=True)

    @strawberry.federation.field(requires=["nickname"])
    def greeting(self) -> str | None:
        if self.nickname == NOT_SENT:
            raise ValueError("mail: greeting needs the nickname (null is a value; absent is not)")
        return f"Hello, {self.nickname or 'customer'}"

    @classmethod
    def resolve_reference(
        cls, accountId: str | None = None, nickname: str | None = NOT_SENT
    ) -> MailApplicant:
        if accountId not in MAILBOXES:
            raise ValueError(f"mail: no account {accountId!r}")
        address, unread = MAILBOXES[accountId]
        return cls(
            account_id=strawberry.ID(accountId),
            mailbox=Mailbox(address=address),
            unread_count=unread,
            nickname=nickname,
        )


mail = strawberry.federation.Schema(types=[MailApplicant], federation_version="2.3")


# --- calendar ---------------------------------------------------------------------------------
@strawberry.federation.type(keys=["slot office { code }"])
class Appointment:
    slot: str | None
    office: Office
    room: str | None

    @classmethod
    def resolve_reference(cls, slot: str | None = None, office: dict[str, Any] | None = None) -> Appointment:
        code = (office or {}).get("code")
        if slot is None or code is None:
            raise ValueError(f"calendar: incomplete appointment key slot={slot!r} office={office!r}")
        return cls(slot=slot, office=Office(code=code), room=ROOMS.get((slot, code)))


calendar = strawberry.federation.Schema(types=[Appointment], federation_version="2.3")

SCHEMAS = {"desk": desk, "accounts": accounts, "mail": mail, "calendar": calendar}
APPS = {name: GraphQL(schema) for name, schema in SCHEMAS.items()}
