"""Click as Typer ships it: Typer 0.29+ vendors Click as `typer._click`."""

try:
    from typer import _click as click
except ImportError:  # pragma: no cover - older Typer depends on Click instead
    import click

__all__ = ["click"]
