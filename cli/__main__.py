"""``python -m cli`` runs the ``instagraph`` console script."""

import sys

from cli.main import main

sys.exit(main())
