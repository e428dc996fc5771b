"""`tracker company`: the companies and how to reach them."""

from typing import Annotated

import typer

from tracker.commands.common import DataFormatOption, JsonOption, chosen_format, session
from tracker.i18n import N_, _
from tracker.render import DataFormat

app = typer.Typer(
    help=N_("Companies and how to reach them (Amazon is built in)."), no_args_is_help=True
)


@app.command(
    "add",
    help=N_(
        'Add a company.\n\nExample: tracker company add "Acme Home" --phone +1-800-555-0100 --url https://acme.example/help'
    ),
)
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=N_("The company's name (unique, any case)."))],
    phone: Annotated[str | None, typer.Option(help=N_("Customer-service phone number."))] = None,
    url: Annotated[str | None, typer.Option(help=N_("Contact or chat page."))] = None,
    email: Annotated[str | None, typer.Option(help=N_("Customer-service email."))] = None,
    note: Annotated[
        str | None, typer.Option(help=N_("Anything worth knowing; '-' reads stdin."))
    ] = None,
) -> None:
    """Add a company."""
    from tracker.output import line
    from tracker.services.orders import add_company

    with session(ctx, write=True) as s:
        company = add_company(session=s, name=name, phone=phone, url=url, email=email, note=note)
    line(_("Added company "), company.name)


@app.command(
    "edit",
    help=N_(
        "Change a company's details (the options of company add)."
        "\n\n"
        'Example: tracker company edit "Acme Home" --phone +1-800-555-0199'
    ),
)
def edit(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=N_("The company's name (any case)."))],
    new_name: Annotated[str | None, typer.Option("--name", help=N_("A new name."))] = None,
    phone: Annotated[
        str | None, typer.Option(help=N_("Customer-service phone number ('' clears it)."))
    ] = None,
    url: Annotated[
        str | None, typer.Option(help=N_("Contact or chat page ('' clears it)."))
    ] = None,
    email: Annotated[
        str | None, typer.Option(help=N_("Customer-service email ('' clears it)."))
    ] = None,
    note: Annotated[
        str | None, typer.Option(help=N_("Anything worth knowing; '-' reads stdin."))
    ] = None,
) -> None:
    """Change a company's details (the options of company add)."""
    from tracker.output import line
    from tracker.services.corrections import edit_company

    with session(ctx, write=True) as s:
        company, changed = edit_company(
            session=s, name=name, new_name=new_name, phone=phone, url=url, email=email, note=note
        )
    line(_("Updated company {name}: {fields}").format(name=company.name, fields=", ".join(changed)))


@app.command("list", help=N_("List the companies.\n\nExample: tracker company list --json"))
def list_(
    ctx: typer.Context, fmt: DataFormatOption = DataFormat.text, as_json: JsonOption = False
) -> None:
    """List the companies."""
    from tracker.output import out
    from tracker.render import emit, text
    from tracker.services.cases import company_record
    from tracker.services.orders import list_companies

    fmt_name = chosen_format(ctx, fmt, as_json)
    with session(ctx) as s:
        rows = [company_record(c) for c in list_companies(session=s)]
    if fmt_name != "text":
        emit(rows, fmt_name)
        return
    out.print(text.companies(rows))


@app.command(
    "show", help=N_("Show how to reach a company.\n\nExample: tracker company show amazon")
)
def show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=N_("Company name."))],
    fmt: DataFormatOption = DataFormat.text,
    as_json: JsonOption = False,
) -> None:
    """Show how to reach a company."""
    from tracker.render import emit
    from tracker.services.cases import company_record
    from tracker.services.common import find_company_row

    fmt_name = chosen_format(ctx, fmt, as_json)
    with session(ctx) as s:
        data = company_record(find_company_row(s, name))
    emit(data, fmt_name)
