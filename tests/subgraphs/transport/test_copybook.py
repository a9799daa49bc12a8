"""The copybook parser against the transport administration's real copybooks and edge cases."""

from __future__ import annotations

import pytest

from subgraphs.transport.copybook import (
    Category,
    CopybookError,
    Usage,
    load_copybook,
    parse_copybook,
    parse_picture,
)
from subgraphs.transport.legacy.seed import COPYBOOKS


def test_pictures() -> None:
    assert parse_picture("X(20)").category is Category.ALPHANUMERIC
    assert parse_picture("X(20)").digits == 20
    money = parse_picture("S9(7)V99")
    assert (money.category, money.digits, money.scale, money.signed) == (Category.NUMERIC, 9, 2, True)
    assert parse_picture("9(8)").digits == 8
    assert parse_picture("999V9").digits == 4 and parse_picture("999V9").scale == 1
    for bad in ("X(3)9", "SX(2)", "9V9V9", "A(3)", "Z(4)"):
        with pytest.raises(CopybookError):
            parse_picture(bad)


def test_vehicles_copybook_layout() -> None:
    header, detail, trailer = load_copybook(COPYBOOKS / "VEHICLES.cpy")
    assert [header.name, detail.name, trailer.name] == ["VEH-HEADER-REC", "VEH-DETAIL-REC", "VEH-TRAILER-REC"]
    assert detail.find("VEH-REC-TYPE").field.value == "D"
    reg = detail.find("VEH-REG-NO")
    assert (reg.offset, reg.size) == (1, 10)
    group = detail.find("VEH-DESCRIPTION")
    assert [c.name for c in group.children] == ["VEH-MAKE", "VEH-MODEL"]
    assert detail.find("VEH-MODEL").offset == group.offset + 20
    tax = detail.find("VEH-ANNUAL-TAX")
    assert tax.field.usage is Usage.PACKED
    assert tax.size == 5  # 9 digits + sign nibble
    assert tax.offset == 1 + 10 + 17 + 20 + 24 + 8 + 8
    assert detail.length == tax.offset + 5 + 1 + 12  # status byte, filler
    assert trailer.length == 10


def test_occurs_group_in_licences() -> None:
    _, detail, _ = load_copybook(COPYBOOKS / "LICENCES.cpy")
    categories = detail.find("LIC-CATEGORY")
    assert categories.occurs == 8
    assert categories.element_size == 3 + 8
    assert categories.size == 88
    assert detail.find("LIC-PENALTY-POINTS").field.picture.signed
    assert detail.find("FILLER").offset == categories.offset + 88


def test_fixed_format_comments_sequence_numbers_and_levels() -> None:
    text = (
        "000100* A COMMENT LINE WITH A PERIOD. AND PIC X(99).\n"
        "000200 01  REC.                                                         IGNORED\n"
        "000300     05  A        PIC X(2) VALUE 'A.'.\n"
        "000400     05  B        PIC S9(3)\n"
        "000500                  USAGE IS COMP-3.\n"
        "000600         88  B-ZERO VALUE 0.\n"
        "000700     05  C        OCCURS 3 TIMES PIC 9(2).\n"
        "000800     05  D        PIC 9(4) COMP.\n"
        "000900 01  OTHER.\n"
        "001000     05  FILLER   PIC X.\n"
    )
    rec, other = parse_copybook(text)
    assert [c.name for c in rec.root.children] == ["A", "B", "C", "D"]
    assert rec.find("A").field.value == "A."
    assert rec.find("B").size == 2 and rec.find("B").offset == 2
    assert rec.find("C").size == 6 and rec.find("C").offset == 4
    assert rec.find("D").field.usage is Usage.BINARY and rec.find("D").size == 2
    assert rec.length == 12
    assert other.length == 1


@pytest.mark.parametrize(
    "body",
    [
        "       01  R.\n           05  A  PIC X(2)\n",  # no terminating period
        "       05  A  PIC X(2).\n",  # item before any 01
        "       01  R.\n           05  A  PIC X(2) JUSTIFIED.\n",  # unsupported clause
        "       01  R.\n           05  G.\n",  # group without items
        "       01  R.\n           05  A  PIC X(2) COMP-3.\n",  # packed alphanumeric
    ],
)
def test_bad_copybooks_are_rejected(body: str) -> None:
    with pytest.raises(CopybookError):
        parse_copybook(body)
