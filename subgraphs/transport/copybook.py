"""A small COBOL copybook parser: record layouts with byte offsets.

Supports what the transport administration's exports use, in fixed reference
format (columns 1-6 sequence area, column 7 indicator, 8-72 code):

- level numbers 01-49 (groups and elementary items), 88-level condition names
  (parsed and ignored), FILLER;
- ``PIC``/``PICTURE`` clauses ``X(n)``, ``9(n)``, ``S9(n)V9(m)`` with repeat
  counts and ``V`` implied decimal points;
- ``USAGE`` ``DISPLAY`` (zoned decimal), ``COMP-3``/``PACKED-DECIMAL`` and
  ``COMP``/``COMP-4``/``BINARY`` (big-endian);
- ``OCCURS n [TIMES]`` on groups and elementary items;
- ``VALUE`` literals (used to tell the 01 records apart by their record type byte).

A copybook with several 01 records yields several ``RecordLayout``s.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class CopybookError(ValueError):
    """The copybook text cannot be parsed."""


class Usage(Enum):
    DISPLAY = "display"
    PACKED = "comp-3"
    BINARY = "comp"


class Category(Enum):
    ALPHANUMERIC = "X"
    NUMERIC = "9"


@dataclass(frozen=True)
class Picture:
    category: Category
    digits: int  # characters for X, total digits for 9
    scale: int = 0  # digits after the implied decimal point (V)
    signed: bool = False


@dataclass(frozen=True)
class Field:
    """An elementary item at a fixed offset inside its record (after OCCURS expansion, see ``Item``)."""

    name: str
    picture: Picture
    usage: Usage
    value: str | None = None

    @property
    def size(self) -> int:
        if self.picture.category is Category.ALPHANUMERIC:
            return self.picture.digits
        if self.usage is Usage.PACKED:
            return self.picture.digits // 2 + 1
        if self.usage is Usage.BINARY:
            return 2 if self.picture.digits <= 4 else 4 if self.picture.digits <= 9 else 8
        return self.picture.digits


@dataclass
class Item:
    """A node of the layout tree: a group (children) or an elementary item (field)."""

    level: int
    name: str
    occurs: int = 1
    field: Field | None = None
    children: list[Item] = dataclasses.field(default_factory=list)
    offset: int = 0

    @property
    def is_filler(self) -> bool:
        return self.name == "FILLER"

    @property
    def element_size(self) -> int:
        if self.field is not None:
            return self.field.size
        return sum(child.size for child in self.children)

    @property
    def size(self) -> int:
        return self.element_size * self.occurs


@dataclass(eq=False)
class RecordLayout:
    """One 01-level record: its item tree with offsets computed."""

    root: Item

    @property
    def name(self) -> str:
        return self.root.name

    @functools.cached_property
    def length(self) -> int:
        return self.root.size

    def find(self, name: str) -> Item:
        stack = [self.root]
        while stack:
            item = stack.pop()
            if item.name == name:
                return item
            stack.extend(item.children)
        raise KeyError(name)


_PIC_RE = re.compile(r"^(S)?((?:[X9V]|[X9]\(\d+\))+)$")
_PIC_PART_RE = re.compile(r"([X9V])(?:\((\d+)\))?")
_TOKEN_RE = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|[^\s]+")


def parse_picture(text: str) -> Picture:
    """Parse a PIC string such as ``X(20)``, ``9(8)``, ``S9(7)V99``."""
    pic = text.upper()
    match = _PIC_RE.match(pic)
    if not match:
        raise CopybookError(f"unsupported PIC clause {text!r}")
    signed = match.group(1) is not None
    kinds: set[str] = set()
    before = after = 0
    seen_v = False
    for kind, count in _PIC_PART_RE.findall(match.group(2)):
        if kind == "V":
            if seen_v:
                raise CopybookError(f"two V in PIC {text!r}")
            seen_v = True
            continue
        kinds.add(kind)
        n = int(count) if count else 1
        if seen_v:
            after += n
        else:
            before += n
    if len(kinds) != 1:
        raise CopybookError(f"mixed or empty PIC {text!r}")
    category = Category(kinds.pop())
    if category is Category.ALPHANUMERIC and (signed or seen_v):
        raise CopybookError(f"S or V in alphanumeric PIC {text!r}")
    return Picture(category, before + after, after, signed)


def _statements(text: str) -> list[list[str]]:
    """Fixed-format source → statements (token lists), split at the terminating periods."""
    code: list[str] = []
    for line in text.splitlines():
        if len(line) > 6 and line[6] in "*/":
            continue
        code.append(line[7:72] if len(line) > 6 else "")
    statements: list[list[str]] = []
    current: list[str] = []
    for token in _TOKEN_RE.findall(" ".join(code)):
        ends = token.endswith(".") and not token.startswith(("'", '"'))
        if ends:
            token = token[:-1]
        if token:
            current.append(token)
        if ends and current:
            statements.append(current)
            current = []
    if current:
        raise CopybookError(f"statement without terminating period: {' '.join(current)}")
    return statements


def _parse_item(tokens: list[str]) -> Item | None:
    try:
        level = int(tokens[0])
    except ValueError as exc:
        raise CopybookError(f"expected a level number, got {tokens[0]!r}") from exc
    if level == 88:
        return None
    if not 1 <= level <= 49:
        raise CopybookError(f"unsupported level {level}")
    name = tokens[1].upper() if len(tokens) > 1 else "FILLER"
    picture: Picture | None = None
    usage = Usage.DISPLAY
    occurs = 1
    value: str | None = None
    rest = [t for t in tokens[2:]]
    i = 0
    while i < len(rest):
        word = rest[i].upper()
        if word in ("PIC", "PICTURE"):
            i += 1
            if i < len(rest) and rest[i].upper() == "IS":
                i += 1
            picture = parse_picture(rest[i])
        elif word in ("COMP-3", "COMPUTATIONAL-3", "PACKED-DECIMAL"):
            usage = Usage.PACKED
        elif word in ("COMP", "COMP-4", "COMPUTATIONAL", "COMPUTATIONAL-4", "BINARY"):
            usage = Usage.BINARY
        elif word in ("USAGE", "IS", "DISPLAY", "TIMES"):
            pass
        elif word == "OCCURS":
            i += 1
            occurs = int(rest[i])
        elif word == "VALUE":
            i += 1
            value = rest[i].strip("'\"")
        else:
            raise CopybookError(f"unsupported clause {rest[i]!r} in {' '.join(tokens)}")
        i += 1
    item = Item(level=level, name=name, occurs=occurs)
    if picture is not None:
        if usage is not Usage.DISPLAY and picture.category is Category.ALPHANUMERIC:
            raise CopybookError(f"{name}: COMP usage on alphanumeric PIC")
        item.field = Field(name, picture, usage, value)
    return item


def _assign_offsets(item: Item, offset: int) -> None:
    item.offset = offset
    position = offset
    for child in item.children:
        _assign_offsets(child, position)
        position += child.size


def parse_copybook(text: str) -> list[RecordLayout]:
    """Parse copybook source into its 01-level record layouts."""
    records: list[RecordLayout] = []
    stack: list[Item] = []
    for tokens in _statements(text):
        item = _parse_item(tokens)
        if item is None:
            continue
        if item.level == 1:
            stack = [item]
            records.append(RecordLayout(item))
            continue
        if not stack:
            raise CopybookError(f"{item.name}: item before the first 01 level")
        while stack and stack[-1].level >= item.level:
            stack.pop()
        if not stack:
            raise CopybookError(f"{item.name}: level {item.level} has no parent")
        parent = stack[-1]
        if parent.field is not None:
            raise CopybookError(f"{parent.name} has a PIC clause and subordinate items")
        parent.children.append(item)
        stack.append(item)
    for record in records:
        _check_items(record.root)
        _assign_offsets(record.root, 0)
    return records


def _check_items(item: Item) -> None:
    if item.field is None and not item.children:
        raise CopybookError(f"{item.name}: group item without subordinate items or PIC clause")
    for child in item.children:
        _check_items(child)


def load_copybook(path: Path) -> list[RecordLayout]:
    return parse_copybook(path.read_text(encoding="utf-8"))
