"""The register's database client: batched Core queries and translation out of the 1990s.

Every method takes a batch of keys and issues ONE query (`IN (...)`), so a DataLoader batch is
one round trip. Codes are translated (sex code, city code), CHAR(8) dates are kept raw here and
parsed by the schema so that one corrupt row only breaks its own field.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from graphql import GraphQLError
from sqlalchemy import Select, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from subgraphs.registry.legacy.tables import (
    ADR_AJALUGU,
    KOOD_LINN,
    KOOD_SUGU,
    LEGACY_DATE_FORMAT,
    LEIBKOND,
    OPEN_END,
    PERSON,
    VANEM_LAPS,
)

UNAVAILABLE = "LEGACY_UNAVAILABLE"
CORRUPT = "LEGACY_DATA_CORRUPT"
SEX_BY_NAME = {"MEES": "MALE", "NAINE": "FEMALE"}


def legacy_error(code: str, message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code, "legacySystem": "registry-db"})


def parse_legacy_date(raw: str | None, what: str) -> date | None:
    """'YYYYMMDD' -> date; the open-end sentinel '99991231' and blanks -> None; garbage -> an error."""
    value = (raw or "").strip()
    if not value or value == OPEN_END:
        return None
    try:
        return datetime.strptime(value, LEGACY_DATE_FORMAT).date()
    except ValueError:
        raise legacy_error(CORRUPT, f"the register holds an invalid {what}: {value!r}") from None


@dataclass(frozen=True, slots=True)
class PersonRecord:
    key: int  # PRS_ID, the database's own surrogate key
    id: str  # personal code
    given_name: str
    family_name: str
    birth_raw: str  # CHAR(8) as stored
    sex: str  # 'MALE' | 'FEMALE' | 'UNKNOWN'
    household_key: int | None
    household_id: str | None


@dataclass(frozen=True, slots=True)
class AddressRecord:
    street: str
    postal_code: str | None
    city: str
    valid_from_raw: str
    valid_to_raw: str


def _person_select() -> Select:
    return (
        select(
            PERSON.c.PRS_ID,
            PERSON.c.PRS_IK,
            PERSON.c.PRS_EESNIMI,
            PERSON.c.PRS_PERENIMI,
            PERSON.c.PRS_SYND_KP,
            KOOD_SUGU.c.SUGU_NIMETUS,
            PERSON.c.PRS_LEIB_ID,
            LEIBKOND.c.LEIB_NR,
        )
        .select_from(PERSON)
        .outerjoin(KOOD_SUGU, KOOD_SUGU.c.SUGU_KOOD == PERSON.c.PRS_SUGU_KOOD)
        .outerjoin(LEIBKOND, LEIBKOND.c.LEIB_ID == PERSON.c.PRS_LEIB_ID)
    )


def _person(row: Sequence) -> PersonRecord:
    return PersonRecord(
        key=row[0],
        id=row[1].strip(),
        given_name=(row[2] or "").strip(),
        family_name=(row[3] or "").strip(),
        birth_raw=row[4],
        sex=SEX_BY_NAME.get((row[5] or "").strip(), "UNKNOWN"),
        household_key=row[6],
        household_id=(row[7] or "").strip() or None,
    )


class RegistryClient:
    """Batched reads against the legacy tables through one async engine."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def _rows(self, statement: Select) -> list[Sequence]:
        try:
            async with self.engine.connect() as conn:
                return list((await conn.execute(statement)).all())
        except (SQLAlchemyError, OSError) as exc:
            message = f"population register database unavailable: {type(exc).__name__}"
            raise legacy_error(UNAVAILABLE, message) from exc

    async def persons_by_code(self, codes: Sequence[str]) -> dict[str, PersonRecord]:
        wanted = sorted({c for c in codes if len(c) == 11 and c.isdigit()})
        if not wanted:
            return {}
        rows = await self._rows(_person_select().where(PERSON.c.PRS_IK.in_(wanted)))
        return {p.id: p for p in map(_person, rows)}

    async def persons_by_household(self, keys: Sequence[int]) -> dict[int, list[PersonRecord]]:
        rows = await self._rows(
            _person_select().where(PERSON.c.PRS_LEIB_ID.in_(sorted(set(keys)))).order_by(PERSON.c.PRS_ID)
        )
        found: dict[int, list[PersonRecord]] = defaultdict(list)
        for person in map(_person, rows):
            found[person.household_key].append(person)  # type: ignore[index]
        return found

    async def relatives(self, keys: Sequence[int], *, children: bool) -> dict[int, list[PersonRecord]]:
        """Children (or parents) of each person, by PRS_ID, in one joined query."""
        me, them = (VANEM_LAPS.c.VL_VANEM_ID, VANEM_LAPS.c.VL_LAPS_ID)
        if not children:
            me, them = them, me
        statement = (
            _person_select()
            .add_columns(me)
            .join(VANEM_LAPS, them == PERSON.c.PRS_ID)
            .where(me.in_(sorted(set(keys))))
            .order_by(PERSON.c.PRS_SYND_KP, PERSON.c.PRS_ID)
        )
        found: dict[int, list[PersonRecord]] = defaultdict(list)
        for row in await self._rows(statement):
            found[row[-1]].append(_person(row))
        return found

    async def addresses(self, keys: Sequence[int]) -> dict[int, list[AddressRecord]]:
        statement = (
            select(
                ADR_AJALUGU.c.ADR_PRS_ID,
                ADR_AJALUGU.c.ADR_TANAV,
                ADR_AJALUGU.c.ADR_INDEKS,
                KOOD_LINN.c.LINN_NIMI,
                ADR_AJALUGU.c.ADR_LINN_KOOD,
                ADR_AJALUGU.c.VALID_FROM,
                ADR_AJALUGU.c.VALID_TO,
            )
            .outerjoin(KOOD_LINN, KOOD_LINN.c.LINN_KOOD == ADR_AJALUGU.c.ADR_LINN_KOOD)
            .where(ADR_AJALUGU.c.ADR_PRS_ID.in_(sorted(set(keys))))
            .order_by(ADR_AJALUGU.c.ADR_PRS_ID, ADR_AJALUGU.c.VALID_FROM)
        )
        found: dict[int, list[AddressRecord]] = defaultdict(list)
        for prs, street, index, city, city_code, valid_from, valid_to in await self._rows(statement):
            city_name = (city or "").strip() or f"unknown city {city_code}"
            postal = (index or "").strip() or None
            found[prs].append(AddressRecord(street.strip(), postal, city_name, valid_from, valid_to))
        return found
