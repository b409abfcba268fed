"""`python -m stratplan` runs the command line; with no sub-command it opens the window."""

from stratplan.cli import main

raise SystemExit(main())
