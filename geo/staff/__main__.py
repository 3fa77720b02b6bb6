"""``python -m geo.staff``: see :mod:`geo.staff.cli`."""

import sys

from geo.staff.cli import main

sys.exit(main())
