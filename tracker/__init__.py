"""tracker: a command-line case file for customer-service problems."""

__version__ = "0.1.0"
