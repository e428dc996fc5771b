"""`tracker ref`: reference numbers with no contact behind them (an email, a letter)."""

from typing import Annotated

import typer

from tracker.commands.common import CaseArg, session
from tracker.i18n import N_, _
from tracker.vocab import ReferenceKind

app = typer.Typer(
    help=N_("Reference numbers that came without a contact (an email, a letter)."),
    no_args_is_help=True,
)


@app.command(
    "add",
    help=N_(
        "Keep a reference number on a case (shown as added by you)."
        "\n\n"
        'Example: tracker ref add 12 RMA-55821 --kind return --note "from the return email"'
    ),
)
def add(
    ctx: typer.Context,
    case: CaseArg,
    value: Annotated[str, typer.Argument(metavar="VALUE", help=N_("The number, as given."))],
    kind: Annotated[
        ReferenceKind,
        typer.Option("--kind", "-k", case_sensitive=False, help=N_("What the number is for.")),
    ] = ReferenceKind.other,
    note: Annotated[str | None, typer.Option(help=N_("Where it came from."))] = None,
) -> None:
    """Keep a reference number on a case."""
    from tracker.output import line
    from tracker.services.corrections import add_reference

    with session(ctx, write=True) as s:
        reference = add_reference(session=s, case=case, value=value, kind=kind.value, note=note)
    line(
        _("Added reference {value} ({kind}) to case #{case}").format(
            value=reference.value, kind=reference.kind, case=reference.case_id
        )
    )


@app.command(
    "remove",
    help=N_("Remove a reference number from a case.\n\nExample: tracker ref remove 12 RMA-55821"),
)
def remove(
    ctx: typer.Context,
    case: CaseArg,
    value: Annotated[str, typer.Argument(metavar="VALUE", help=N_("The number to forget."))],
) -> None:
    """Remove a reference number from a case."""
    from tracker.output import line
    from tracker.services.corrections import remove_reference

    with session(ctx, write=True) as s:
        reference = remove_reference(session=s, case=case, value=value)
    line(
        _("Removed reference {value} from case #{case}").format(
            value=reference.value, case=reference.case_id
        )
    )
