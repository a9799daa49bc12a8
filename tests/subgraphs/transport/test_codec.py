"""EBCDIC decoding: cp037 text, zoned and packed decimal, whole records with OCCURS."""

from __future__ import annotations

from decimal import Decimal

import pytest

from subgraphs.transport.codec import (
    DecodeError,
    decode_packed,
    decode_record,
    decode_zoned,
    encode_packed,
    encode_record,
    encode_zoned,
)
from subgraphs.transport.copybook import load_copybook
from subgraphs.transport.legacy.seed import COPYBOOKS


def test_packed_decimal_known_bytes() -> None:
    assert decode_packed(bytes.fromhex("12345C")) == 12345
    assert decode_packed(bytes.fromhex("0012345C"), scale=2) == Decimal("123.45")
    assert decode_packed(bytes.fromhex("0012345D"), scale=2) == Decimal("-123.45")
    assert decode_packed(bytes.fromhex("7F")) == 7  # F: unsigned positive
    assert encode_packed(Decimal("162.90"), 9, 2) == bytes.fromhex("000016290C")
    assert encode_packed(-5, 3) == bytes.fromhex("005D")


@pytest.mark.parametrize("raw", ["1A345C", "123450", "123457", "FFFFFFFFFF"])
def test_bad_packed_decimal(raw: str) -> None:
    with pytest.raises(DecodeError):
        decode_packed(bytes.fromhex(raw), name="AMOUNT")


def test_zoned_decimal_with_overpunched_sign() -> None:
    assert decode_zoned(bytes.fromhex("F2F0F2F6F0F6F0F1")) == 20260601
    assert decode_zoned(bytes.fromhex("F1F2D3"), signed=True) == -123
    assert decode_zoned(bytes.fromhex("F1F2C3"), signed=True, scale=1) == Decimal("12.3")
    assert encode_zoned(-123, 3, signed=True) == bytes.fromhex("F1F2D3")
    with pytest.raises(DecodeError):
        decode_zoned(bytes.fromhex("F1F2D3"))  # sign on an unsigned field
    with pytest.raises(DecodeError):
        decode_zoned("12 4".encode("cp037"))  # a space is not a digit


def test_ebcdic_text_is_not_ascii() -> None:
    _, detail, _ = load_copybook(COPYBOOKS / "OWNERS.cpy")
    data = encode_record(
        detail, {"OWN-REG-NO": "123ABC", "OWN-PERSON-CODE": "38001010000", "OWN-SINCE-DATE": 20200131}
    )
    assert data[:7] == bytes.fromhex("C4F1F2F3C1C2C3")  # 'D' then '123ABC' in cp037
    decoded = decode_record(detail, data)
    assert decoded["OWN-REG-NO"] == "123ABC"
    assert decoded["OWN-ROLE"] == "O"  # from the VALUE clause
    assert decoded["OWN-SINCE-DATE"] == 20200131
    assert "FILLER" not in decoded


def test_record_round_trip_with_occurs_and_packed_amount() -> None:
    _, detail, _ = load_copybook(COPYBOOKS / "LICENCES.cpy")
    values = {
        "LIC-PERSON-CODE": "49002124277",
        "LIC-NUMBER": "E2124277",
        "LIC-VALID-UNTIL-DATE": 20300101,
        "LIC-PENALTY-POINTS": -2,
        "LIC-CATEGORY-COUNT": 2,
        "LIC-CATEGORY": [{"LIC-CAT-CODE": "B", "LIC-CAT-VALID-DATE": 20300101}, {"LIC-CAT-CODE": "CE"}],
    }
    data = encode_record(detail, values)
    assert len(data) == detail.length
    decoded = decode_record(detail, data)
    assert decoded["LIC-PENALTY-POINTS"] == -2
    assert [c["LIC-CAT-CODE"] for c in decoded["LIC-CATEGORY"]] == ["B", "CE", "", "", "", "", "", ""]
    assert decoded["LIC-CATEGORY"][1]["LIC-CAT-VALID-DATE"] == 0
    with pytest.raises(DecodeError):
        decode_record(detail, data[:-1])
    with pytest.raises(ValueError):
        encode_record(detail, dict(values, **{"LIC-VALID-UNTIL-DATE": 123456789}))  # 9 digits into 9(8)
    with pytest.raises(ValueError):
        encode_record(detail, dict(values, **{"LIC-NUMBER": "X" * 13}))  # 13 characters into X(12)

    _, vehicle, _ = load_copybook(COPYBOOKS / "VEHICLES.cpy")
    data = encode_record(vehicle, {"VEH-REG-NO": "1", "VEH-ANNUAL-TAX": Decimal("-1234567.89")})
    assert decode_record(vehicle, data)["VEH-ANNUAL-TAX"] == Decimal("-1234567.89")
