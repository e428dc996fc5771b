"""Remedy deadlines: the last safe day of every way out, from rules kept as data.

A pure engine: rules come from tracker/rules.toml and TRACKER_HOME/rules.toml,
facts about a case come in as a `CaseFacts`, the day is an argument. No
database, no printing; tracker.services.deadlines gathers the facts.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from tracker.casefile import Conflict, Deadline, RuleInfo, RulesInForce
from tracker.errors import TrackerError
from tracker.i18n import N_, _, ngettext

SHIPPED = "shipped"
USER_FILE = "rules.toml"

# What a rule's days may count from, and how that is said.
BASES = {
    "delivered": N_("delivery"),
    "last-delivered": N_("delivery of the last item"),
    "latest-expected": N_("the latest estimated delivery"),
    "statement": N_("the first statement showing the charge"),
    "placed": N_("the order"),
}
EXCLUSIONS = ("chargeback", "digital")
PAYMENTS = ("card", "amazon-balance", "gift-card", "other")
STATUSES = ("open", "not-yet", "passed", "needs-date")

_KEYS = {
    "name": str,
    "title": str,
    "days": int,
    "business_days": bool,
    "from": str,
    "company": list,
    "country": list,
    "paid_with": list,
    "earliest_days": int,
    "earliest_when": str,
    "after_contact_days": int,
    "excluded_if": list,
    "return_window": bool,
    "action": str,
    "source": str,
    "note": str,
    "enabled": bool,
}

# English in the records (their JSON `message`), msgids: the text renderers say them
CHARGEBACK_CONFLICT = N_("a chargeback makes this order ineligible for A-to-z")
PROMISE_CONFLICT = N_(
    "the return window closes before the promise is due: "
    "ask for an extension in writing, or return it now"
)


# ------------------------------------------------------------------ rules


@dataclass(frozen=True)
class Rule:
    """One remedy and how long it lasts."""

    name: str
    title: str
    days: int
    basis: str
    source: str
    business_days: bool = False
    company: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    paid_with: tuple[str, ...] = ()
    earliest_days: int | None = None
    earliest_when: str = "always"
    after_contact_days: int | None = None
    excluded_if: tuple[str, ...] = ()
    return_window: bool = False
    action: str = ""
    note: str = ""
    enabled: bool = True
    origin: str = SHIPPED

    def length(self, *, translated: bool = False) -> str:
        return length(self.days, self.business_days, translated=translated)

    def applies_to(self, *, translated: bool = False) -> str:
        """'Amazon; country US; paid with card' or 'every case'; in the reader's
        language when `translated` (RuleInfo's `applies_to` is JSON and stays English)."""
        say = _ if translated else str
        parts = []
        if self.company:
            parts.append(", ".join(self.company))
        if self.country:
            shown = ", ".join(self.country[:6]) + (" ..." if len(self.country) > 6 else "")
            parts.append(say(N_("country {codes}")).format(codes=shown))
        if self.paid_with:
            parts.append(say(N_("paid with {ways}")).format(ways=", ".join(self.paid_with)))
        return "; ".join(parts) or say(N_("every case"))


def length(days: int, business_days: bool, *, translated: bool = False) -> str:
    """'30 days', '10 business days'; in the reader's language when `translated`
    (a deadline's `basis` is JSON and stays English)."""
    if translated:
        if business_days:
            said = ngettext("{n} business day", "{n} business days", days)
        else:
            said = ngettext("{n} day", "{n} days", days)
        return said.format(n=days)
    unit = "business day" if business_days else "day"
    return f"{days} {unit}{'' if days == 1 else 's'}"


def basis_words(
    days: int,
    business_days: bool,
    counts_from: str,
    start: date | None,
    needs: str | None,
    *,
    translated: bool = False,
) -> str:
    """What a deadline's days count from: '90 days from delivery (2026-11-02)', or
    with the date it still needs. English for its JSON `basis`; in the reader's
    language for the prose (`translated`)."""
    say = _ if translated else str
    words = say(N_("{length} from {start}")).format(
        length=length(days, business_days, translated=translated),
        start=say(BASES[counts_from]),
    )
    if start is not None:
        return f"{words} ({start.isoformat()})"
    if needs:
        return say(N_("{words} (no {needs} recorded)")).format(words=words, needs=say(needs))
    return words


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    holidays: frozenset[date] = frozenset()

    def active(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.enabled)


def _rule_lines(text: str) -> list[int]:
    """The line number of each [[rule]] header, in order (tomllib gives no positions)."""
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if re.match(r"\s*\[\[\s*rule\s*\]\]", line)
    ]


def _parse(text: str, origin: str) -> tuple[list[Rule], set[date]]:
    """Rules and holidays of one rules file; TrackerError naming the file and the line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TrackerError(f"{origin}: {exc}") from None
    lines = _rule_lines(text)

    def fail(index: int | None, problem: str) -> TrackerError:
        where = origin
        if index is not None and index < len(lines):
            where = _("{file}, line {line}").format(file=origin, line=lines[index])
        return TrackerError(f"{where}: {problem}")

    unknown = sorted(set(data) - {"holidays", "rule"})
    if unknown:
        raise fail(
            None,
            _("unknown key {unknown!r} (expected holidays and [[rule]] tables)").format(
                unknown=unknown[0]
            ),
        )
    holidays = data.get("holidays", [])
    if not isinstance(holidays, list) or not all(
        isinstance(d, date) and not hasattr(d, "hour") for d in holidays
    ):
        line = next((n for n, t in enumerate(text.splitlines(), 1) if "holidays" in t), None)
        where = _("{file}, line {line}").format(file=origin, line=line) if line else origin
        raise TrackerError(
            _("{where}: holidays must be a list of dates such as 2026-12-25").format(where=where)
        )
    entries = data.get("rule", [])
    if not isinstance(entries, list):
        raise fail(None, _("rule must be [[rule]] tables"))
    rules = []
    for index, entry in enumerate(entries):
        rules.append(_rule(entry, origin, lambda problem, i=index: fail(i, problem)))
    names = [r.name for r in rules]
    for index, name in enumerate(names):
        if name in names[:index]:
            raise fail(index, _("rule {name!r} is given twice").format(name=name))
    return rules, set(holidays)


def _rule(entry: dict, origin: str, fail) -> Rule:
    for key, value in entry.items():
        kind = _KEYS.get(key)
        if kind is None:
            raise fail(
                _("unknown key {key!r} (known: {known})").format(key=key, known=", ".join(_KEYS))
            )
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise fail(
                _("{key} must be {value}").format(
                    key=key, value=kind.__name__ if kind is not list else "a list"
                )
            )
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise fail(_("{key} must be a list of text").format(key=key))
    name = entry.get("name", "").strip()
    if not name:
        raise fail(_("a rule needs a name"))
    if entry.get("enabled", True) is False and set(entry) <= {"name", "enabled"}:
        # switching a shipped rule off needs nothing else
        return Rule(name=name, title=name, days=1, basis="placed", source="", enabled=False)
    for key in ("days", "from", "source"):
        if key not in entry:
            raise fail(_("rule {name!r} needs {key!r}").format(name=name, key=key))
    if entry["days"] < 1 or entry["days"] > 3660:
        raise fail(_("rule {name!r}: days must be between 1 and 3660").format(name=name))
    if entry["from"] not in BASES:
        raise fail(
            _("rule {name!r}: from must be one of {known}").format(
                name=name, known=", ".join(BASES)
            )
        )
    for key in ("earliest_days", "after_contact_days"):
        if key in entry and not 0 <= entry[key] <= 3660:
            raise fail(
                _("rule {name!r}: {key} must be between 0 and 3660").format(name=name, key=key)
            )
    when = entry.get("earliest_when", "always")
    if when not in ("always", "undelivered"):
        raise fail(
            _("rule {name!r}: earliest_when must be always or undelivered").format(name=name)
        )
    bad = sorted(set(entry.get("excluded_if", [])) - set(EXCLUSIONS))
    if bad:
        raise fail(
            _("rule {name!r}: excluded_if takes {known}, not {bad!r}").format(
                name=name, known=", ".join(EXCLUSIONS), bad=bad[0]
            )
        )
    bad = sorted(set(entry.get("paid_with", [])) - set(PAYMENTS))
    if bad:
        raise fail(
            _("rule {name!r}: paid_with takes {known}, not {bad!r}").format(
                name=name, known=", ".join(PAYMENTS), bad=bad[0]
            )
        )
    return Rule(
        name=name,
        title=entry.get("title", name),
        days=entry["days"],
        basis=entry["from"],
        source=entry["source"],
        business_days=entry.get("business_days", False),
        company=tuple(entry.get("company", ())),
        country=tuple(c.upper() for c in entry.get("country", ())),
        paid_with=tuple(entry.get("paid_with", ())),
        earliest_days=entry.get("earliest_days"),
        earliest_when=when,
        after_contact_days=entry.get("after_contact_days"),
        excluded_if=tuple(entry.get("excluded_if", ())),
        return_window=entry.get("return_window", False),
        action=entry.get("action", ""),
        note=entry.get("note", ""),
        enabled=entry.get("enabled", True),
        origin=origin,
    )


def shipped_text() -> str:
    return resources.files("tracker").joinpath("rules.toml").read_text(encoding="utf-8")


def load_rules(home: Path | None = None) -> RuleSet:
    """The shipped rules, with `home`/rules.toml replacing (same name) and adding to them."""
    rules, holidays = _parse(shipped_text(), SHIPPED)
    by_name = {r.name: r for r in rules}
    if home is not None:
        path = Path(home) / USER_FILE
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                raise TrackerError(_("{path}: not UTF-8 text").format(path=path)) from None
            own, extra = _parse(text, str(path))
            holidays |= extra
            for rule in own:
                by_name[rule.name] = rule  # replaces a shipped rule, or adds one
    return RuleSet(rules=tuple(by_name.values()), holidays=frozenset(holidays))


# ------------------------------------------------------------------ calendar


def add_business_days(start: date, count: int, holidays: frozenset[date] = frozenset()) -> date:
    """`count` working days after (before, when negative) `start`: no weekends, no holidays."""
    step = 1 if count >= 0 else -1
    day, left = start, abs(count)
    while left:
        day += timedelta(days=step)
        if day.weekday() < 5 and day not in holidays:
            left -= 1
    return day


def _add(start: date, days: int, business: bool, holidays: frozenset[date]) -> date:
    return add_business_days(start, days, holidays) if business else start + timedelta(days=days)


# ------------------------------------------------------------------ facts and results


@dataclass(frozen=True)
class ShipmentDates:
    shipped: date | None = None
    expected: date | None = None
    delivered: date | None = None
    tracking: str | None = None


@dataclass(frozen=True)
class PendingPromise:
    what: str
    due: date | None


@dataclass(frozen=True)
class CaseFacts:
    """What the rules look at, gathered from a case, its order and its shipments."""

    case_id: int | None = None
    company: str | None = None
    country: str | None = None
    paid_with: str | None = None
    category: str | None = None
    order: str | None = None  # the order number, None when no order is linked
    placed: date | None = None
    shipments: tuple[ShipmentDates, ...] = ()
    statement: date | None = None
    chargeback: date | None = None
    digital: bool = False
    seller_contacted: date | None = None
    promises: tuple[PendingPromise, ...] = ()


@dataclass
class Assessment:
    deadlines: list[Deadline] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


# ------------------------------------------------------------------ the engine


def _applies(rule: Rule, facts: CaseFacts) -> bool:
    if rule.company and (facts.company or "").casefold() not in {
        c.casefold() for c in rule.company
    }:
        return False
    if rule.country and (facts.country or "").upper() not in rule.country:
        return False
    return not (rule.paid_with and facts.paid_with not in rule.paid_with)


def _excluded(rule: Rule, facts: CaseFacts) -> bool:
    return ("digital" in rule.excluded_if and facts.digital) or (
        "chargeback" in rule.excluded_if and facts.chargeback is not None
    )


def _q(value: object) -> str:
    return shlex.quote(str(value))


def _basis_date(rule: Rule, facts: CaseFacts) -> tuple[date | None, str, str | None]:
    """(the date the days count from, what it needs when missing, the command that records it)."""
    case = _q(facts.case_id) if facts.case_id is not None else "CASE"
    if rule.basis == "statement":
        return facts.statement, N_("statement date"), f"tracker case edit {case} --statement DATE"
    if facts.order is None:
        return None, N_("order"), f"tracker case edit {case} --order NUMBER"
    order = _q(facts.order)
    if rule.basis == "placed":
        return facts.placed, N_("order date"), f"tracker order edit {order} --placed DATE"
    shipments = facts.shipments
    if not shipments:
        option = "--expected" if rule.basis == "latest-expected" else "--delivered"
        needs = N_("expected date") if option == "--expected" else N_("delivered date")
        return None, needs, f"tracker ship add {order} {option} DATE"

    def edit(shipment: ShipmentDates, option: str) -> str:
        which = f" --tracking {_q(shipment.tracking)}" if shipment.tracking else ""
        return f"tracker ship edit {order}{which} {option} DATE"

    if rule.basis == "latest-expected":
        expected = [s.expected for s in shipments if s.expected]
        if expected:
            return max(expected), N_("expected date"), None
        return None, N_("expected date"), edit(shipments[-1], "--expected")
    delivered = [s.delivered for s in shipments if s.delivered]
    if rule.basis == "delivered":
        if delivered:
            return min(delivered), N_("delivery date"), None
        return None, N_("delivery date"), edit(shipments[-1], "--delivered")
    # last-delivered: every shipment must have arrived
    waiting = [s for s in shipments if s.delivered is None]
    if waiting:
        return None, N_("delivery date of the last item"), edit(waiting[-1], "--delivered")
    return max(delivered), N_("delivery date"), None


def _undelivered(facts: CaseFacts) -> bool:
    return facts.category == "not-delivered" or any(s.delivered is None for s in facts.shipments)


def deadline(rule: Rule, facts: CaseFacts, today: date, holidays: frozenset[date]) -> Deadline:
    """One rule's deadline for a case, whatever its status."""
    start, needs, command = _basis_date(rule, facts)
    words = basis_words(rule.days, rule.business_days, rule.basis, start, needs)
    common: dict[str, Any] = {
        "rule": rule.name,
        "title": rule.title,
        "source": rule.source,
        "action": rule.action,
        "note": rule.note,
        "return_window": rule.return_window,
        "counts_from": rule.basis,
        "chargeback_ends": "chargeback" in rule.excluded_if,
        "days": rule.days,
        "business_days": rule.business_days,
    }
    if start is None:
        return Deadline(
            status="needs-date",
            last_day=None,
            days_left=None,
            basis=words,
            needs=needs,
            command=command,
            **common,
        )
    last = _add(start, rule.days, rule.business_days, holidays)
    earliest = None
    if rule.earliest_days is not None and (rule.earliest_when == "always" or _undelivered(facts)):
        earliest = _add(start, rule.earliest_days, rule.business_days, holidays)
    waiting_for_contact = False
    if rule.after_contact_days is not None:
        if facts.seller_contacted is None:
            waiting_for_contact = True
        else:
            opens = facts.seller_contacted + timedelta(days=rule.after_contact_days)
            earliest = max(earliest, opens) if earliest else opens
    if today > last:
        status = "passed"
    elif waiting_for_contact or (earliest is not None and today < earliest):
        status = "not-yet"
    else:
        status = "open"
    note = rule.note
    if waiting_for_contact and status == "not-yet":
        note = f"contact the seller first, then wait {rule.after_contact_days} days; {note}"
    return Deadline(
        status=status,
        last_day=last,
        days_left=(last - today).days,
        basis=words,
        start=start,
        earliest_day=earliest,
        **{**common, "note": note},
    )


_ORDER = {"open": 0, "not-yet": 0, "needs-date": 1, "passed": 2}


def assess(rules: RuleSet, facts: CaseFacts, today: date) -> Assessment:
    """Every applicable rule's deadline for a case, most urgent first, and the conflicts."""
    result = Assessment()
    excluded: list[Deadline] = []
    for rule in rules.active():
        if not _applies(rule, facts):
            continue
        found = deadline(rule, facts, today, rules.holidays)
        if _excluded(rule, facts):
            excluded.append(found)
            continue
        result.deadlines.append(found)
    result.deadlines.sort(
        key=lambda d: (
            _ORDER[d.status],
            -(d.last_day.toordinal()) if d.status == "passed" and d.last_day else 0,
            d.last_day or date.max,
            d.rule,
        )
    )
    result.conflicts = conflicts(result.deadlines, excluded, facts)
    return result


def conflicts(deadlines: list[Deadline], excluded: list[Deadline], facts: CaseFacts):
    """Where one step would cost the user another remedy."""
    found: list[Conflict] = []
    live = ("open", "not-yet")
    # A-to-z: a chargeback filed while its window was open, or one about to be
    # filed (a card dispute still possible) while it is open.
    card_dispute_open = any(d.status in live and d.counts_from == "statement" for d in deadlines)
    for d in excluded:
        if facts.chargeback is not None and d.status in live and d.chargeback_ends:
            found.append(Conflict(d.rule, CHARGEBACK_CONFLICT))
    if facts.chargeback is None and card_dispute_open:
        for d in deadlines:
            if d.status in live and d.chargeback_ends:
                found.append(Conflict(d.rule, CHARGEBACK_CONFLICT))
    for d in deadlines:
        if not d.return_window or d.status != "open" or d.last_day is None:
            continue
        late = [p for p in facts.promises if p.due is not None and p.due > d.last_day]
        if late:
            found.append(Conflict(d.rule, PROMISE_CONFLICT))
    return found


def rules_in_force(home: Path, country: str | None) -> RulesInForce:
    """The rules a user's cases are checked against, and where each comes from."""
    ruleset = load_rules(home)
    return RulesInForce(
        rules=[
            RuleInfo(
                name=r.name,
                title=r.title,
                days=r.days,
                business_days=r.business_days,
                from_=r.basis,
                counts_from=_(BASES[r.basis]) if r.basis in BASES else r.basis,
                length=r.length(translated=True),
                company=list(r.company),
                country=list(r.country),
                paid_with=list(r.paid_with),
                applies_to=r.applies_to(),
                whom=r.applies_to(translated=True),
                source=r.source,
                note=r.note,
                enabled=r.enabled,
                origin=r.origin,
            )
            for r in ruleset.rules
        ],
        holidays=sorted(ruleset.holidays),
        country=country,
        file=str(home / USER_FILE),
    )
