"""The supergraph's fixed part: `schema @link(...)`, the join/link spec definitions."""

from __future__ import annotations

LINK_PURPOSE = (
    "directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) "
    "repeatable on SCHEMA"
    + '''

scalar link__Import

enum link__Purpose {
  """
  `SECURITY` features provide metadata necessary to securely resolve fields.
  """
  SECURITY
  """
  `EXECUTION` features provide metadata necessary for operation execution.
  """
  EXECUTION
}'''
)

TAG = (
    "directive @tag(name: String!) repeatable on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | "
    "ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION | SCHEMA"
)
INACCESSIBLE = (
    "directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ENUM | ENUM_VALUE | "
    "SCALAR | INPUT_OBJECT | INPUT_FIELD_DEFINITION | ARGUMENT_DEFINITION"
)


def _version_number(version: str) -> tuple[int, int]:
    major, _, minor = version.lstrip("v").partition(".")
    return int(major), int(minor or 0)


def join_version(federation_version: str) -> str:
    number = _version_number(federation_version)
    if number >= (2, 8):
        return "v0.5"
    if number >= (2, 7):
        return "v0.4"
    return "v0.3"


def _join_spec(federation_version: str) -> str:
    number = _version_number(federation_version)
    extra_args = ""
    if number >= (2, 7):
        extra_args += "\n  overrideLabel: String"
    if number >= (2, 8):
        extra_args += "\n  contextArguments: [join__ContextArgument!]"
    context_input = (
        "\n\ninput join__ContextArgument {\n  name: String!\n  type: String!\n"
        "  context: String!\n  selection: join__FieldValue!\n}"
        if number >= (2, 8)
        else ""
    )
    field_value = "\n\nscalar join__FieldValue" if number >= (2, 8) else ""
    return (
        "directive @join__enumValue(graph: join__Graph!) repeatable on ENUM_VALUE\n\n"
        "directive @join__graph(name: String!, url: String!) on ENUM_VALUE\n\n"
        "directive @join__field(\n  graph: join__Graph\n  requires: join__FieldSet\n"
        "  provides: join__FieldSet\n  type: String\n  external: Boolean\n  override: String\n"
        f"  usedOverridden: Boolean{extra_args}\n) repeatable on FIELD_DEFINITION | INPUT_FIELD_DEFINITION"
        f"{context_input}\n\n"
        "directive @join__implements(graph: join__Graph!, interface: String!) "
        "repeatable on OBJECT | INTERFACE\n\n"
        "directive @join__type(\n  graph: join__Graph!\n  key: join__FieldSet\n"
        "  extension: Boolean! = false\n  resolvable: Boolean! = true\n"
        "  isInterfaceObject: Boolean! = false\n"
        ") repeatable on OBJECT | INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR\n\n"
        "directive @join__unionMember(graph: join__Graph!, member: String!) repeatable on UNION\n\n"
        f"scalar join__FieldSet{field_value}"
    )


def header(federation_version: str, roots: list[str], tag: bool, inaccessible: bool) -> str:
    links = [
        '@link(url: "https://specs.apollo.dev/link/v1.0")',
        f'@link(url: "https://specs.apollo.dev/join/{join_version(federation_version)}", for: EXECUTION)',
    ]
    if tag:
        links.append('@link(url: "https://specs.apollo.dev/tag/v0.3")')
    if inaccessible:
        links.append('@link(url: "https://specs.apollo.dev/inaccessible/v0.2", for: SECURITY)')
    operations = "\n".join(f"  {root.lower()}: {root}" for root in roots)
    parts = [
        "schema " + " ".join(links) + " {\n" + operations + "\n}",
        _join_spec(federation_version),
        LINK_PURPOSE,
    ]
    if tag:
        parts.append(TAG)
    if inaccessible:
        parts.append(INACCESSIBLE)
    return "\n\n".join(parts)


def max_version(versions: list[str]) -> str:
    return max(versions, key=_version_number, default="v1.0")
