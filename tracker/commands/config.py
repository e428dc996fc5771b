"""`tracker config`: the defaults a user sets once (TRACKER_HOME/config.toml)."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.commands.common import JsonOption
from tracker.i18n import N_, _

app = typer.Typer(
    help=N_("Defaults set once: company, country, lang, stale_days, deadline_days."),
    no_args_is_help=True,
)


@app.command(
    "show",
    help=N_("Show the settings in force and where they are kept.\n\nExample: tracker config show"),
)
def show(as_json: JsonOption = False) -> None:
    """Show the settings in force and where they are kept."""
    from tracker import settings
    from tracker.render import emit

    emit(settings.shown(settings.load()), "json" if as_json else "text")


@app.command(
    "set",
    help=N_(
        "Set one default; an empty value removes it.\n\nExample: tracker config set country US"
    ),
)
def set_(
    key: Annotated[
        str, typer.Argument(help=N_("company, country, lang, stale_days or deadline_days."))
    ],
    value: Annotated[str, typer.Argument(help=N_("The new value; '' removes the setting."))],
) -> None:
    """Set one default; an empty value removes it."""
    from tracker import settings
    from tracker.output import line

    key = key.strip().lower().replace("-", "_")
    updated = settings.save(key, value if value.strip() else None)
    shown = getattr(updated, key)
    line(f"{key} = ", _("(not set)") if shown is None else str(shown))
