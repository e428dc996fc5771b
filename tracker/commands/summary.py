"""Placeholder: being written now."""


def register(app) -> None:
    pass
