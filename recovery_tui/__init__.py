"""recovery-tui: peer recovery support sessions at one keyboard."""

import logging

__version__ = "0.1.0"

# What the store logs goes to the app's log file while the app runs; on the command line, nowhere (Python
# would otherwise print a warning line before the command's own message).
logging.getLogger("recovery_tui").addHandler(logging.NullHandler())
