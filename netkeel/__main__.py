"""`python -m netkeel` is `netkeel-server`."""

import sys

from netkeel.cli.main import main

sys.exit(main())
