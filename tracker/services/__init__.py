"""The rules of tracker. Functions take the session keyword-only, never print,
and raise TrackerError for anything the user has to fix."""
