"""`tracker config`: the defaults a user sets once (TRACKER_HOME/config.toml)."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.commands.common import JsonOption

app = typer.Typer(
    help="Defaults set once: company, country, lang, stale_days, deadline_days.",
    no_args_is_help=True,
)


@app.command("show")
def show(as_json: JsonOption = False) -> None:
    """Show the settings in force and where they are kept.

    Example: tracker config show
    """
    from tracker import settings
    from tracker.render import emit

    emit(settings.shown(settings.load()), "json" if as_json else "text")


@app.command("set")
def set_(
    key: Annotated[
        str, typer.Argument(help="company, country, lang, stale_days or deadline_days.")
    ],
    value: Annotated[str, typer.Argument(help="The new value; '' removes the setting.")],
) -> None:
    """Set one default; an empty value removes it.

    Example: tracker config set country US
    """
    from tracker import settings
    from tracker.output import line

    key = key.strip().lower().replace("-", "_")
    updated = settings.save(key, value if value.strip() else None)
    shown = getattr(updated, key)
    line(f"{key} = ", "(not set)" if shown is None else str(shown))
