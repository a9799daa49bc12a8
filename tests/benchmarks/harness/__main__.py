from tests.benchmarks.harness.cli import main

raise SystemExit(main())
