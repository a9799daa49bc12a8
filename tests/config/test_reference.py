"""The Markdown reference: one table per section, from the same declarations."""

from __future__ import annotations

from gateway.config.reference import markdown_reference

from .example import Example


def test_one_table_per_section_in_declaration_order() -> None:
    text = markdown_reference(Example)
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "### Example",
        "### `server`",
        "### `subgraphs.<name>`",
        "### `headers[]`",
        "### `plugins[]`",
        "### `extra`",
    ]
    assert text.count("| Key | Type | Default | Description |") == 6


def test_the_rows() -> None:
    lines = markdown_reference(Example, heading_level=2).splitlines()
    assert lines[:4] == ["## Example", "", "An example config file.", ""]
    rows = [line for line in lines if line.startswith("| `")]
    assert "| `server` | section (see `server`) | see below | The server section. |" in rows
    assert (
        "| `subgraphs` | mapping of string to section (see `subgraphs.<name>`) | `{}` | Subgraphs by name. |"
        in rows
    )
    assert "| `port` | integer | `4000` | The TCP port. At least 1. At most 65535. |" in rows
    assert r"| `debug` | boolean | `false` | Log \| everything. |" in rows  # a | does not split the cell
    assert (
        "| `url` | string | required | Where it answers. Matches `^https?://`."
        ' Example: `"http://tax:4001/graphql"`. |'
    ) in rows
    assert "| `retries` | integer or null | `null` | Retries (none when null). At least 0. |" in rows
    assert """| `mode` | one of 'fast', 'safe', 3 | `"fast"` | How to run. |""" in rows
    assert "| `extra` | section or null (see `extra`) | `null` | An optional section. |" in rows
    assert "| `ratios` | list of number | `[]` | Numbers. At least 0. At most 1. |" in rows
    assert "| `options` | any | `null` | The plugin's own options. |" in rows
