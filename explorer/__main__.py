"""`python -m explorer` runs the same entry point as the console script."""

from explorer.cli import main

raise SystemExit(main())
