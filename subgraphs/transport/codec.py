"""EBCDIC (code page 037) record codec for copybook layouts.

Decoding turns the bytes of one record into ``{name: value}``: alphanumeric items
become ``str`` (trailing spaces removed), numeric items ``int`` or ``Decimal``
(with their implied decimal places), OCCURS items lists (of dicts for groups).
Encoding is the inverse and is what the legacy export writer uses.
Any byte that is not valid for its item raises ``DecodeError`` naming the item.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from subgraphs.transport.copybook import Category, Field, Item, RecordLayout, Usage

CODEPAGE = "cp037"
_SPACE = " ".encode(CODEPAGE)
_POSITIVE_SIGNS = frozenset((0xA, 0xC, 0xE, 0xF))
_NEGATIVE_SIGNS = frozenset((0xB, 0xD))
# cp037 holds exactly the Latin-1 repertoire: a byte translation plus latin-1 decoding is the
# same as decoding cp037, without the per-call overhead of the charmap codec.
_EBCDIC_TO_LATIN1 = bytes(ord(bytes([b]).decode(CODEPAGE)) for b in range(256))
_ZONED_DIGITS = bytes(range(0xF0, 0xFA))
_ZONED_TO_ASCII = bytes.maketrans(_ZONED_DIGITS, b"0123456789")
# Compiled decoders of the layouts in use (an entry goes when its layout does).
_DECODERS: weakref.WeakKeyDictionary[RecordLayout, Decoder] = weakref.WeakKeyDictionary()
_ENCODERS: weakref.WeakKeyDictionary[RecordLayout, Encoder] = weakref.WeakKeyDictionary()
_ASCII_TO_ZONED = bytes.maketrans(b"0123456789", _ZONED_DIGITS)


class DecodeError(ValueError):
    """A field's bytes are not valid for its PIC/USAGE."""

    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(f"{field_name}: {reason}")
        self.field_name = field_name
        self.reason = reason


def _scaled(value: int, scale: int) -> int | Decimal:
    return Decimal(value).scaleb(-scale) if scale else value


def decode_packed(data: bytes, scale: int = 0, name: str = "?") -> int | Decimal:
    """COMP-3: two BCD digits a byte, the low nibble of the last byte is the sign."""
    if not data:
        raise DecodeError(name, "empty packed decimal")
    value = 0
    for position, byte in enumerate(data):
        high, low = byte >> 4, byte & 0x0F
        if high > 9:
            raise DecodeError(name, f"invalid packed digit at byte {position}")
        value = value * 10 + high
        if position == len(data) - 1:
            if low in _NEGATIVE_SIGNS:
                value = -value
            elif low not in _POSITIVE_SIGNS:
                raise DecodeError(name, f"invalid packed sign nibble {low:X}")
        else:
            if low > 9:
                raise DecodeError(name, f"invalid packed digit at byte {position}")
            value = value * 10 + low
    return _scaled(value, scale)


def encode_packed(value: int | Decimal, digits: int, scale: int = 0, signed: bool = True) -> bytes:
    number = int(Decimal(value).scaleb(scale).to_integral_value())
    sign = 0xD if number < 0 else (0xC if signed else 0xF)
    text = str(abs(number)).rjust(digits + (1 - digits % 2), "0")
    if len(text) > digits + (1 - digits % 2):
        raise ValueError(f"{value} does not fit {digits} packed digits")
    nibbles = [int(c) for c in text] + [sign]
    return bytes((nibbles[i] << 4) | nibbles[i + 1] for i in range(0, len(nibbles), 2))


def decode_zoned(data: bytes, scale: int = 0, signed: bool = False, name: str = "?") -> int | Decimal:
    """DISPLAY numeric: one EBCDIC digit a byte (F0-F9); the zone of the last byte may carry the sign."""
    value = 0
    negative = False
    last = len(data) - 1
    for position, byte in enumerate(data):
        zone, digit = byte >> 4, byte & 0x0F
        if digit > 9:
            raise DecodeError(name, f"non-numeric byte {byte:02X} at {position}")
        if zone != 0xF:
            if position != last or not signed or zone not in _POSITIVE_SIGNS | _NEGATIVE_SIGNS:
                raise DecodeError(name, f"non-numeric byte {byte:02X} at {position}")
            negative = zone in _NEGATIVE_SIGNS
        value = value * 10 + digit
    return _scaled(-value if negative else value, scale)


def encode_zoned(value: int | Decimal, digits: int, scale: int = 0, signed: bool = False) -> bytes:
    number = int(Decimal(value).scaleb(scale).to_integral_value())
    if number < 0 and not signed:
        raise ValueError(f"negative value {value} for unsigned field")
    text = str(abs(number)).rjust(digits, "0")
    if len(text) > digits:
        raise ValueError(f"{value} does not fit {digits} digits")
    out = bytearray(0xF0 | int(c) for c in text)
    if signed:
        out[-1] = (0xD0 if number < 0 else 0xC0) | (out[-1] & 0x0F)
    return bytes(out)


def decode_field(f: Field, data: bytes) -> Any:
    return _field_decoder(f)(data, 0)


def encode_field(f: Field, value: Any) -> bytes:
    pic = f.picture
    if pic.category is Category.ALPHANUMERIC:
        raw = ("" if value is None else str(value)).encode(CODEPAGE)
        if len(raw) > f.size:
            raise ValueError(f"{f.name}: {value!r} longer than {f.size}")
        return raw + _SPACE * (f.size - len(raw))
    number = 0 if value is None else value
    if f.usage is Usage.PACKED:
        return encode_packed(number, pic.digits, pic.scale, pic.signed)
    if f.usage is Usage.BINARY:
        scaled = int(Decimal(number).scaleb(pic.scale))
        return scaled.to_bytes(f.size, "big", signed=pic.signed)
    return encode_zoned(number, pic.digits, pic.scale, pic.signed)


Decoder = Callable[[bytes, int], Any]


def _field_decoder(f: Field) -> Decoder:
    """A decoder for one elementary item at a fixed offset (hot path: one call per field)."""
    size, pic, name = f.size, f.picture, f.name
    if pic.category is Category.ALPHANUMERIC:
        return lambda data, at: (
            data[at : at + size].translate(_EBCDIC_TO_LATIN1).decode("latin-1").rstrip(" ")
        )
    if f.usage is Usage.PACKED:
        return lambda data, at: decode_packed(data[at : at + size], pic.scale, name)
    if f.usage is Usage.BINARY:
        return lambda data, at: _scaled(
            int.from_bytes(data[at : at + size], "big", signed=pic.signed), pic.scale
        )
    if not pic.signed:

        def unsigned(data: bytes, at: int) -> Any:
            raw = data[at : at + size]
            if raw.translate(None, _ZONED_DIGITS):
                return decode_zoned(raw, pic.scale, False, name)  # raises with the offending byte
            return _scaled(int(raw.translate(_ZONED_TO_ASCII)), pic.scale)

        return unsigned
    return lambda data, at: decode_zoned(data[at : at + size], pic.scale, True, name)


def _group_decoder(item: Item) -> Decoder:
    parts: list[tuple[str, int, Decoder, int, int]] = []
    position = 0
    for child in item.children:
        if not child.is_filler:
            parts.append((child.name, position, compile_decoder(child), child.occurs, child.element_size))
        position += child.size

    def group(data: bytes, at: int) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, offset, decode, occurs, step in parts:
            start = at + offset
            if occurs == 1:
                values[name] = decode(data, start)
            else:
                values[name] = [decode(data, start + i * step) for i in range(occurs)]
        return values

    return group


def compile_decoder(item: Item) -> Decoder:
    """A function decoding ``item`` (one element of it, for OCCURS) from bytes at an offset."""
    return _field_decoder(item.field) if item.field is not None else _group_decoder(item)


def decode_record(layout: RecordLayout, data: bytes) -> dict[str, Any]:
    """Decode one record; the bytes must be exactly as long as the layout."""
    if len(data) != layout.length:
        raise DecodeError(layout.name, f"record length {len(data)}, copybook says {layout.length}")
    decoder = _DECODERS.get(layout)
    if decoder is None:
        decoder = _DECODERS[layout] = compile_decoder(layout.root)
    result: dict[str, Any] = decoder(data, 0)
    return result


def decode_item(layout: RecordLayout, name: str, data: bytes) -> Any:
    """Decode a single named item from a (possibly damaged) record, if its bytes are present."""
    item = layout.find(name)
    if item.offset + item.size > len(data):
        raise DecodeError(name, "record too short for this field")
    return compile_decoder(item)(data, item.offset)


Encoder = Callable[[Any], bytes]


def _field_encoder(f: Field) -> Encoder:
    default, pic, size = f.value, f.picture, f.size
    if pic.category is Category.NUMERIC and f.usage is Usage.DISPLAY and not pic.signed and not pic.scale:

        def zoned(value: Any) -> bytes:  # the common case (dates, counts), kept cheap
            text = str(int(value if value is not None else default or 0))
            if len(text) > size or text.startswith("-"):
                return encode_field(f, value)  # raises with the reason
            return text.rjust(size, "0").encode("ascii").translate(_ASCII_TO_ZONED)

        return zoned
    return lambda value: encode_field(f, default if value is None else value)


def _group_encoder(item: Item) -> Encoder:
    parts: list[tuple[str | None, Encoder, int]] = [
        (None if child.is_filler else child.name, compile_encoder(child), child.occurs)
        for child in item.children
    ]

    def group(value: Any) -> bytes:
        values: Mapping[str, Any] = value or {}
        out: list[bytes] = []
        for name, encode, occurs in parts:
            child_value = values.get(name) if name is not None else None
            if occurs == 1:
                out.append(encode(child_value))
                continue
            elements = list(child_value or [])
            if len(elements) > occurs:
                raise ValueError(f"{name}: {len(elements)} values for OCCURS {occurs}")
            elements += [None] * (occurs - len(elements))
            out.extend(encode(element) for element in elements)
        return b"".join(out)

    return group


def compile_encoder(item: Item) -> Encoder:
    """A function encoding a value of ``item`` (one element of it, for OCCURS) as bytes."""
    return _field_encoder(item.field) if item.field is not None else _group_encoder(item)


def encode_record(layout: RecordLayout, values: Mapping[str, Any]) -> bytes:
    """Encode ``{name: value}`` (nested for groups) as one record; items left out are blank/zero
    or take their VALUE clause."""
    encoder = _ENCODERS.get(layout)
    if encoder is None:
        encoder = _ENCODERS[layout] = compile_encoder(layout.root)
    data = encoder(values)
    assert len(data) == layout.length
    return data
