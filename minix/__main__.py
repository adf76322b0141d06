"""``python -m minix ...``: the same command line as the ``minix`` console script."""
import sys

from .cli import main

sys.exit(main())
