"""recovery-tui: peer recovery support sessions at one keyboard."""

__version__ = "0.1.0"
