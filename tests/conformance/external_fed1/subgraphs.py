"""external_fed1: Federation 1 subgraphs (no @link): `extend type X @key` and `type X @extends @key`,
with @external key fields, @requires and @provides in Federation 1 form.

    schools    owns School @key(code) { code name municipality }; Query.schools, Query.school(code)
    enrolment  `extend type Query { topSchool @provides(fields: "name") }` and
               `extend type School @key(fields: "code")` with code/name @external; pupils, classes
    meals      `type School @extends @key(fields: "code")` with code/name @external; menu,
               mealLabel @requires(fields: "name")

strawberry 0.341 speaks Federation 2 only, so all three are written from SDL with
tests/support/sdl_subgraph.py.
"""

from __future__ import annotations

from typing import Any

from tests.support.sdl_subgraph import SdlSubgraph

SCHOOLS = {
    "S1": ("Kesklinna Kool", "Tallinn"),
    "S2": ("Karlova Kool", "Tartu"),
    "S3": ("Rannakula Kool", "Parnu"),
}
ENROLMENT = {"S1": (640, [(1, 28), (2, 30)]), "S2": (310, [(1, 24)]), "S3": (95, [])}
MENUS = {"S1": "fish soup", "S2": "pasta", "S3": "porridge"}


def _school(code: str) -> dict[str, Any] | None:
    if code not in SCHOOLS:
        return None
    name, municipality = SCHOOLS[code]
    return {"code": code, "name": name, "municipality": municipality}


SCHOOLS_SDL = """
type Query {
  schools: [School!]!
  school(code: ID!): School
}

type School @key(fields: "code") {
  code: ID!
  name: String!
  municipality: String!
}
"""

ENROLMENT_SDL = """
extend type Query {
  topSchool: School @provides(fields: "name")
}

extend type School @key(fields: "code") {
  code: ID! @external
  name: String! @external
  pupils: Int!
  classes: [SchoolClass!]!
}

type SchoolClass {
  grade: Int!
  size: Int!
}
"""

MEALS_SDL = """
type School @extends @key(fields: "code") {
  code: ID! @external
  name: String! @external
  menu: String!
  mealLabel: String! @requires(fields: "name")
}
"""


def _enrolled(code: str) -> dict[str, Any] | None:
    if code not in ENROLMENT:
        return None
    pupils, classes = ENROLMENT[code]
    return {"code": code, "pupils": pupils, "classes": [{"grade": g, "size": s} for g, s in classes]}


def _top_school(_obj: Any, _info: Any) -> dict[str, Any] | None:
    found = _enrolled("S1")
    return None if found is None else {**found, "name": SCHOOLS["S1"][0]}  # name: provided


def _meal_label(school: dict[str, Any], _info: Any) -> str:
    if "name" not in school:
        raise ValueError("mealLabel needs the school's name")
    return f"{school['name']}: {MENUS[school['code']]}"


schools = SdlSubgraph.build(
    SCHOOLS_SDL,
    resolvers={
        "Query.schools": lambda _o, _i: [_school(code) for code in SCHOOLS],
        "Query.school": lambda _o, _i, code: _school(code),
    },
    entities={"School": lambda rep: _school(rep["code"])},
)
enrolment = SdlSubgraph.build(
    ENROLMENT_SDL,
    resolvers={"Query.topSchool": _top_school},
    entities={"School": lambda rep: _enrolled(rep["code"])},
)
meals = SdlSubgraph.build(
    MEALS_SDL,
    resolvers={"School.mealLabel": _meal_label},
    entities={"School": lambda rep: {**rep, "menu": MENUS[rep["code"]]} if rep["code"] in MENUS else None},
)

SUBGRAPHS = {"schools": schools, "enrolment": enrolment, "meals": meals}
SCHEMAS: dict[str, Any] = {}
SDL = {name: sub.sdl for name, sub in SUBGRAPHS.items()}
APPS = {name: sub.app for name, sub in SUBGRAPHS.items()}
