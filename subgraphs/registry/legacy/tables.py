"""The legacy schema, as the register's 1990s designers left it.

Estonian abbreviations, upper-case names, codes instead of values and dates as text:

- ``PERSON``: ``PRS_ID`` (surrogate), ``PRS_IK`` (personal code), ``PRS_EESNIMI`` (given name),
  ``PRS_PERENIMI`` (family name), ``PRS_SYND_KP`` (birth date, CHAR(8) ``YYYYMMDD``),
  ``PRS_SUGU_KOOD`` (sex code -> ``KOOD_SUGU``), ``PRS_LEIB_ID`` (household -> ``LEIBKOND``),
  ``PRS_STAATUS`` ('E' elus = alive).
- ``KOOD_SUGU`` / ``KOOD_LINN``: code tables (sex; city, by a 4-digit code).
- ``LEIBKOND``: households (``LEIB_NR`` is the public number, ``LEIB_LOODUD`` the creation date).
- ``ADR_AJALUGU``: address history rows; ``VALID_FROM``/``VALID_TO`` are CHAR(8) ``YYYYMMDD``,
  and the open end of the current address is the sentinel ``99991231``.
- ``VANEM_LAPS``: parent-child links (``VL_VANEM_ID`` parent, ``VL_LAPS_ID`` child, both ``PRS_ID``).
"""

from __future__ import annotations

from sqlalchemy import CHAR, Column, Index, Integer, MetaData, String, Table

OPEN_END = "99991231"
LEGACY_DATE_FORMAT = "%Y%m%d"

metadata = MetaData()

KOOD_SUGU = Table(
    "KOOD_SUGU",
    metadata,
    Column("SUGU_KOOD", CHAR(1), primary_key=True),
    Column("SUGU_NIMETUS", String(20), nullable=False),
)

KOOD_LINN = Table(
    "KOOD_LINN",
    metadata,
    Column("LINN_KOOD", CHAR(4), primary_key=True),
    Column("LINN_NIMI", String(40), nullable=False),
)

LEIBKOND = Table(
    "LEIBKOND",
    metadata,
    Column("LEIB_ID", Integer, primary_key=True, autoincrement=False),
    Column("LEIB_NR", CHAR(9), nullable=False, unique=True),
    Column("LEIB_LOODUD", CHAR(8)),
)

PERSON = Table(
    "PERSON",
    metadata,
    Column("PRS_ID", Integer, primary_key=True, autoincrement=False),
    Column("PRS_IK", CHAR(11), nullable=False, unique=True),
    Column("PRS_EESNIMI", String(40), nullable=False),
    Column("PRS_PERENIMI", String(40), nullable=False),
    Column("PRS_SYND_KP", CHAR(8), nullable=False),
    Column("PRS_SUGU_KOOD", CHAR(1), nullable=False),
    Column("PRS_LEIB_ID", Integer),
    Column("PRS_STAATUS", CHAR(1), nullable=False, server_default="E"),
)

ADR_AJALUGU = Table(
    "ADR_AJALUGU",
    metadata,
    Column("ADR_ID", Integer, primary_key=True, autoincrement=False),
    Column("ADR_PRS_ID", Integer, nullable=False),
    Column("ADR_TANAV", String(60), nullable=False),
    Column("ADR_INDEKS", CHAR(5)),
    Column("ADR_LINN_KOOD", CHAR(4), nullable=False),
    Column("VALID_FROM", CHAR(8), nullable=False),
    Column("VALID_TO", CHAR(8), nullable=False),
    Index("IX_ADR_PRS", "ADR_PRS_ID"),
)

VANEM_LAPS = Table(
    "VANEM_LAPS",
    metadata,
    Column("VL_VANEM_ID", Integer, nullable=False),
    Column("VL_LAPS_ID", Integer, nullable=False),
    Index("IX_VL_VANEM", "VL_VANEM_ID"),
    Index("IX_VL_LAPS", "VL_LAPS_ID"),
)

Index("IX_PRS_LEIB", PERSON.c.PRS_LEIB_ID)

SEX_CODES = {"1": "MEES", "2": "NAINE"}
SEX_BY_LETTER = {"M": "1", "F": "2"}
