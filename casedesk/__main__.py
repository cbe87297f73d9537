"""``python -m casedesk`` runs the command (used by ``casedesk serve`` to start its worker)."""

import sys

from casedesk.cli import main

sys.exit(main())
