"""The one error type users see."""


class TrackerError(Exception):
    """A user error: printed as one `Error: ...` line, exit code 1, nothing written."""


class NotFound(TrackerError):
    """Something the user named does not exist."""
