"""`tracker rules`: the remedy deadline rules in force and where each comes from."""

from __future__ import annotations

import typer

from tracker.commands.common import JsonOption
from tracker.i18n import N_

app = typer.Typer(
    help=N_("Remedy deadline rules: shipped with tracker, or yours in TRACKER_HOME/rules.toml."),
    no_args_is_help=True,
)


@app.command(
    "list",
    help=N_(
        "List the rules in force: what each lasts, from what, for whom, and its source.\n\nA rule in TRACKER_HOME/rules.toml with the name of a shipped one replaces it.\n\nExample: tracker rules list"
    ),
)
def list_(as_json: JsonOption = False) -> None:
    """List the rules in force: what each lasts, from what, for whom, and its source."""
    from tracker import config, settings
    from tracker.deadlines import rules_in_force
    from tracker.render import emit

    emit(rules_in_force(config.home(), settings.load().country), "json" if as_json else "text")
