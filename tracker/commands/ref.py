"""`tracker ref`: reference numbers with no contact behind them (an email, a letter)."""

from typing import Annotated

import typer

from tracker.commands.common import CaseArg, session
from tracker.vocab import ReferenceKind

app = typer.Typer(
    help="Reference numbers that came without a contact (an email, a letter).",
    no_args_is_help=True,
)


@app.command("add")
def add(
    ctx: typer.Context,
    case: CaseArg,
    value: Annotated[str, typer.Argument(metavar="VALUE", help="The number, as given.")],
    kind: Annotated[
        ReferenceKind,
        typer.Option("--kind", "-k", case_sensitive=False, help="What the number is for."),
    ] = ReferenceKind.other,
    note: Annotated[str | None, typer.Option(help="Where it came from.")] = None,
) -> None:
    """Keep a reference number on a case (shown as added by you).

    Example: tracker ref add 12 RMA-55821 --kind return --note "from the return email"
    """
    from tracker.output import line
    from tracker.services.corrections import add_reference

    with session(ctx, write=True) as s:
        reference = add_reference(session=s, case=case, value=value, kind=kind.value, note=note)
    line(f"Added reference {reference.value} ({reference.kind}) to case #{reference.case_id}")


@app.command("remove")
def remove(
    ctx: typer.Context,
    case: CaseArg,
    value: Annotated[str, typer.Argument(metavar="VALUE", help="The number to forget.")],
) -> None:
    """Remove a reference number from a case.

    Example: tracker ref remove 12 RMA-55821
    """
    from tracker.output import line
    from tracker.services.corrections import remove_reference

    with session(ctx, write=True) as s:
        reference = remove_reference(session=s, case=case, value=value)
    line(f"Removed reference {reference.value} from case #{reference.case_id}")
