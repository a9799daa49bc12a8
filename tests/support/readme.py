"""The README's configuration reference, generated from the config file's declarations.

python -m tests.support.readme      # rewrite the README's reference in place
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from gateway.config.reference import markdown_reference
from gateway.serve.model import FileConfig

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCK = re.compile(r"(<!-- config-reference:start -->\n).*?(<!-- config-reference:end -->)", re.S)


def with_reference(text: str) -> str:
    reference = markdown_reference(FileConfig, heading_level=3)
    return BLOCK.sub(lambda m: m.group(1) + reference.rstrip("\n") + "\n" + m.group(2), text)


def main() -> int:
    text = README.read_text()
    updated = with_reference(text)
    if updated != text:
        README.write_text(updated)
        print("README.md: configuration reference rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
