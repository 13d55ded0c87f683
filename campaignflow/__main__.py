"""``python -m campaignflow`` runs the command line."""

import sys

from campaignflow.cli import main

sys.exit(main())
