"""Click as Typer ships it: Typer 0.29+ vendors Click as `typer._click`."""

from typer import _click as click

__all__ = ["click"]
