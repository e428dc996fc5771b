"""`tracker company`: the companies and how to reach them."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.commands.common import JsonOption, session

app = typer.Typer(
    help="Companies and how to reach them (Amazon is built in).", no_args_is_help=True
)


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The company's name (unique, any case).")],
    phone: Annotated[str | None, typer.Option(help="Customer-service phone number.")] = None,
    url: Annotated[str | None, typer.Option(help="Contact or chat page.")] = None,
    email: Annotated[str | None, typer.Option(help="Customer-service email.")] = None,
    note: Annotated[
        str | None, typer.Option(help="Anything worth knowing; '-' reads stdin.")
    ] = None,
) -> None:
    """Add a company.

    Example: tracker company add "Acme Home" --phone +1-800-555-0100 --url https://acme.example/help
    """
    from tracker.output import line
    from tracker.services.orders import add_company

    with session(ctx, write=True) as s:
        company = add_company(session=s, name=name, phone=phone, url=url, email=email, note=note)
    line("Added company ", company.name)


@app.command("list")
def list_(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the companies.

    Example: tracker company list --json
    """
    from tracker.output import out, print_json, table
    from tracker.services.orders import company_dict, list_companies

    with session(ctx) as s:
        rows = [company_dict(c) for c in list_companies(session=s)]
    if as_json:
        print_json(rows)
        return
    out.print(
        table(
            ["Company", "Phone", "Contact page", "Email"],
            [[r["name"], r["phone"] or "", r["url"] or "", r["email"] or ""] for r in rows],
        )
    )


@app.command("show")
def show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Company name.")],
    as_json: JsonOption = False,
) -> None:
    """Show how to reach a company.

    Example: tracker company show amazon
    """
    from tracker.output import line, print_json
    from tracker.services.common import find_company
    from tracker.services.orders import company_dict

    with session(ctx) as s:
        data = company_dict(find_company(s, name))
    if as_json:
        print_json(data)
        return
    line(data["name"], style="bold")
    for label, key in (("Phone", "phone"), ("Contact page", "url"), ("Email", "email")):
        if data[key]:
            line(f"  {label}: ", data[key])
    if data["chat_topics"]:
        line("  Chat topics: ", "; ".join(data["chat_topics"]))
    if data["notes"]:
        line("  Notes: ", data["notes"])
