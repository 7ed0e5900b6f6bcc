"""``python -m backsafe``: the command line."""

import sys

from backsafe.cli import main

sys.exit(main())
