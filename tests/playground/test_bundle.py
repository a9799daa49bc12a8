"""The committed bundle (gateway/plugins/playground/static/) is what `make playground` makes of the
committed sources (playground/): the manifest's sha256 of every source and the lockfile must
match them, every output must match the manifest; and, with Node, a rebuild is byte-identical."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from gateway.plugins.playground.page import STATIC, manifest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "playground"
STALE = "the committed playground bundle is stale: run `make playground` and commit its static/"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def current_sources() -> dict[str, str]:
    files = sorted((SOURCES / "src").rglob("*")) + [
        SOURCES / n for n in ("build.mjs", "package.json", "package-lock.json")
    ]
    return {path.relative_to(SOURCES).as_posix(): sha256(path) for path in files if path.is_file()}


def test_the_bundle_was_built_from_the_committed_sources() -> None:
    assert manifest()["sources"] == current_sources(), STALE


def test_the_committed_outputs_are_the_built_ones() -> None:
    outputs = {path.name: sha256(path) for path in STATIC.iterdir() if path.name != "manifest.json"}
    assert outputs == manifest()["outputs"], STALE


def test_nothing_in_the_bundle_is_loaded_from_elsewhere() -> None:
    """Monaco's workers and font are local files; no CDN (esm.sh, unpkg, jsdelivr) in the bundle."""
    for name in manifest()["outputs"]:
        text = (STATIC / name).read_bytes()
        for cdn in (b"esm.sh/", b"unpkg.com", b"cdn.jsdelivr", b"fonts.googleapis", b"fonts.gstatic"):
            assert cdn not in text, f"{name} mentions {cdn.decode()}"


@pytest.mark.skipif(
    shutil.which("node") is None or shutil.which("npm") is None, reason="Node and npm are not installed"
)
def test_a_rebuild_is_byte_identical(tmp_path: Path) -> None:
    """Slow (npm ci when playground/node_modules is missing or older than the lockfile, then esbuild)."""
    installed = SOURCES / "node_modules" / ".package-lock.json"
    lockfile = SOURCES / "package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < lockfile.stat().st_mtime:
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=SOURCES, check=True, timeout=600
        )
    subprocess.run(
        ["node", "build.mjs", "--out", str(tmp_path)],
        cwd=SOURCES,
        check=True,
        timeout=600,
        capture_output=True,
    )
    rebuilt = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    committed = {path.name: path.read_bytes() for path in STATIC.iterdir()}
    assert rebuilt.keys() == committed.keys(), STALE
    assert [name for name in rebuilt if rebuilt[name] != committed[name]] == [], STALE
