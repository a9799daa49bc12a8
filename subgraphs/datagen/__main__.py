"""`python -m subgraphs.datagen --citizens N --seed S --data-dir DIR [--database-url URL] [--only a,b]`

Generates the world once and hands it to every agency whose `subgraphs/<agency>/legacy/seed.py`
exists, so each legacy system gets the same citizens in its own format.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import os
import sys
import time
from pathlib import Path

from subgraphs.datagen.generate import generate_world

AGENCIES = ("registry", "tax", "transport", "benefits", "services")
SUBGRAPHS_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = SUBGRAPHS_DIR.parent / ".govgraph" / "data"


def available_seeders(only: tuple[str, ...] = AGENCIES) -> list[str]:
    return [name for name in only if (SUBGRAPHS_DIR / name / "legacy" / "seed.py").exists()]


def run_seeders(world, data_dir: Path, agencies: list[str], database_url: str | None) -> None:
    for name in agencies:
        module = importlib.import_module(f"subgraphs.{name}.legacy.seed")
        started = time.perf_counter()
        kwargs = {}
        if "database_url" in inspect.signature(module.seed).parameters:
            kwargs["database_url"] = database_url
        module.seed(world, data_dir, **kwargs)
        print(f"  seeded {name:<10} in {time.perf_counter() - started:6.1f}s", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.datagen", description=__doc__)
    parser.add_argument("--citizens", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--only", default=",".join(AGENCIES), help="comma-separated agencies to seed")
    args = parser.parse_args(argv)
    wanted = tuple(a.strip() for a in args.only.split(",") if a.strip())
    unknown = set(wanted) - set(AGENCIES)
    if unknown:
        parser.error(f"unknown agencies: {', '.join(sorted(unknown))}")
    started = time.perf_counter()
    world = generate_world(args.citizens, args.seed)
    print(
        f"generated {len(world.citizens)} citizens, {len(world.vehicles)} vehicles, "
        f"{len(world.benefit_claims)} claims in {time.perf_counter() - started:.1f}s",
        file=sys.stderr,
    )
    args.data_dir.mkdir(parents=True, exist_ok=True)
    run_seeders(world, args.data_dir, available_seeders(wanted), args.database_url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
