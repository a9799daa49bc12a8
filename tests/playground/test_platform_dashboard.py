"""The playground over the real platform, in headless Chromium: the Dashboard example (pre-filled,
with the demo citizen's credentials) runs and shows the citizen's data, the Plan panel shows the
fetches per subgraph, the docs explorer lists `Citizen`, the `@defer` example streams, the
subscription example shows a benefit application made meanwhile, and nothing leaves for anywhere
but the gateway. The screenshot it takes
is the README's (`docs/playground.png`, refreshed with `python -m tests.playground.screenshot`)."""

from __future__ import annotations

from pathlib import Path

from tests.playground.browser import chromium_or_skip
from tests.playground.screenshot import main as capture_platform


def test_the_dashboard_runs_in_the_playground_over_the_platform(tmp_path: Path) -> None:
    chromium_or_skip()
    picture = tmp_path / "playground.png"
    capture_platform(picture)  # raises when data, plan or offline-ness is missing
    assert picture.stat().st_size > 20_000
