"""What every command shares: the database handle and common options."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Annotated

import typer

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON only, for scripts.")]


class Handle:
    """Carried in the Typer context; opens the database only when a command needs it."""

    def __init__(self) -> None:
        self._store = None

    @property
    def store(self):
        if self._store is None:
            from tracker.db import Store

            self._store = Store()
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.dispose()


def handle(ctx: typer.Context) -> Handle:
    root = ctx.find_root()
    if not isinstance(root.obj, Handle):
        root.obj = Handle()
    return root.obj


@contextmanager
def session(ctx: typer.Context, *, write: bool = False):
    """One transaction for the command: committed at the end, rolled back on error."""
    with handle(ctx).store.session(write=write) as s:
        yield s
