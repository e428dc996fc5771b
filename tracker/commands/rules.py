"""`tracker rules`: the remedy deadline rules in force and where each comes from."""

from __future__ import annotations

import typer

from tracker.commands.common import JsonOption

app = typer.Typer(
    help="Remedy deadline rules: shipped with tracker, or yours in TRACKER_HOME/rules.toml.",
    no_args_is_help=True,
)


def rule_dict(rule) -> dict:
    return {
        "name": rule.name,
        "title": rule.title,
        "days": rule.days,
        "business_days": rule.business_days,
        "from": rule.basis,
        "company": list(rule.company),
        "country": list(rule.country),
        "paid_with": list(rule.paid_with),
        "applies_to": rule.applies_to(),
        "source": rule.source,
        "note": rule.note,
        "enabled": rule.enabled,
        "origin": rule.origin,
    }


@app.command("list")
def list_(as_json: JsonOption = False) -> None:
    """List the rules in force: what each lasts, from what, for whom, and its source.

    A rule in TRACKER_HOME/rules.toml with the name of a shipped one replaces it.

    Example: tracker rules list
    """
    from rich.text import Text

    from tracker import config, settings
    from tracker.deadlines import BASES, USER_FILE, load_rules
    from tracker.output import line, out, print_json

    ruleset = load_rules(config.home())
    rows = [rule_dict(r) for r in ruleset.rules]
    country = settings.load().country
    if as_json:
        print_json(
            {
                "rules": rows,
                "holidays": sorted(d.isoformat() for d in ruleset.holidays),
                "country": country,
                "file": str(config.home() / USER_FILE),
            }
        )
        return
    for i, rule in enumerate(ruleset.rules):
        if i:
            out.print()
        where = "shipped" if rule.origin == "shipped" else f"from {rule.origin}"
        off = "; switched off" if not rule.enabled else ""
        line(Text(rule.name, style="bold"), f"  {rule.title} ({where}{off})")
        if not rule.enabled:
            continue
        line(f"  {rule.length()} from {BASES[rule.basis]}; applies to {rule.applies_to()}")
        if rule.note:
            line("  ", rule.note)
        line("  Source: ", rule.source)
    out.print()
    if country:
        line(f"Your country: {country} (tracker config set country CODE)")
    else:
        line("No country set: country rules are left out (tracker config set country US)")
    line("Your rules: ", str(config.home() / USER_FILE))
