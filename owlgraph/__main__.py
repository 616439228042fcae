"""``python -m owlgraph``: the same command line as ``owlgraph``."""

from owlgraph.cli import main

raise SystemExit(main())
