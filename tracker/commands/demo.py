"""`tracker demo`: the guide's red-towel case, step by step, on a throw-away database."""

import typer

from tracker.i18n import N_


def demo(ctx: typer.Context) -> None:
    """Walk through the guide's red-towel case on a throw-away database (your data is not touched)."""
    from tracker.demo import run

    run(ctx.find_root().command)


def register(app: typer.Typer) -> None:
    app.command(
        "demo",
        help=N_(
            "Walk through the guide's red-towel case on a throw-away database (your data is not touched).\n\nExample: tracker demo"
        ),
    )(demo)
