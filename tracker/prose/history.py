"""A case's history entries, said in the reader's language.

The services write each entry's detail as English text when the change is made
("open → waiting (contact #2: promised)", "changed want"), and that text is
the JSON `detail`, the same in every language (SPEC: JSON is not translated).
Here the shapes the services write are read back and said again through the
catalog. Vocabulary values (statuses, results, field names, reference kinds)
and what the user typed (titles, promises, file names) stay as they are. A
detail of no known shape (a file from an older version) is shown as written.
"""

from __future__ import annotations

import re

from tracker.i18n import N_, _

_STATUS = r"(?P<before>[a-z-]+) → (?P<after>[a-z-]+)"

# (pattern, template): the pattern is matched against the whole detail; its named
# groups fill the template, a msgid whose English is that very shape.
_Shapes = tuple[tuple[re.Pattern[str], str | None], ...]

_STATUS_SHAPES: _Shapes = (
    (
        re.compile(rf"{_STATUS} \(contact #(?P<contact>\d+): (?P<result>[a-z-]+)\)"),
        N_("{before} → {after} (contact #{contact}: {result})"),
    ),
    (
        re.compile(rf"{_STATUS} \(asked for a manager\)"),
        N_("{before} → {after} (asked for a manager)"),
    ),
    (re.compile(_STATUS), None),  # statuses only: nothing to translate
)

_CLOSED_SHAPES: _Shapes = (
    (
        re.compile(rf"{_STATUS} \(abandoned\); recovered (?P<amount>.+)"),
        N_("{before} → {after} (abandoned); recovered {amount}"),
    ),
    (re.compile(rf"{_STATUS} \(abandoned\)"), N_("{before} → {after} (abandoned)")),
    (
        re.compile(rf"{_STATUS}; recovered (?P<amount>.+)"),
        N_("{before} → {after}; recovered {amount}"),
    ),
    (re.compile(_STATUS), None),
)

_SHAPES: dict[str, _Shapes] = {
    "status": _STATUS_SHAPES,
    "escalated": _STATUS_SHAPES,
    "reopened": _STATUS_SHAPES,
    "closed": _CLOSED_SHAPES,
    "edited": (
        (re.compile(r"changed (?P<fields>[a-z_, ]+)"), N_("changed {fields}")),
        (
            re.compile(r"reference (?P<value>.+) added \((?P<kind>[a-z-]+)\)", re.S),
            N_("reference {value} added ({kind})"),
        ),
        (re.compile(r"reference (?P<value>.+) removed", re.S), N_("reference {value} removed")),
    ),
    "promise": (
        (
            re.compile(rf"promise (?P<id>\d+) {_STATUS}: (?P<what>.*)", re.S),
            N_("promise {id} {before} → {after}: {what}"),
        ),
        (
            re.compile(r"promise (?P<id>\d+) added: (?P<what>.*)", re.S),
            N_("promise {id} added: {what}"),
        ),
        (
            re.compile(r"promise (?P<id>\d+) edited: (?P<fields>[a-z_, ]+)"),
            N_("promise {id} edited: {fields}"),
        ),
    ),
    "contact": (
        (
            re.compile(r"contact (?P<id>\d+) edited: (?P<fields>[a-z_, ]+)"),
            N_("contact {id} edited: {fields}"),
        ),
        (re.compile(r"contact (?P<id>\d+) deleted"), N_("contact {id} deleted")),
        (
            re.compile(r"contact (?P<id>\d+) moved to case #(?P<case>\d+)"),
            N_("contact {id} moved to case #{case}"),
        ),
        (
            re.compile(r"contact (?P<id>\d+) moved from case #(?P<case>\d+)"),
            N_("contact {id} moved from case #{case}"),
        ),
    ),
    "evidence": (
        # the name of an evidence file added to or removed from the case
        (re.compile(r"added (?P<name>.+)", re.S), N_("added {name}")),
        (re.compile(r"removed (?P<name>.+)", re.S), N_("removed {name}")),
    ),
}


def known(event: str, detail: str) -> bool:
    """Whether a detail has one of the shapes the services write for its event
    (an `opened` entry's detail is the case's title: always as written)."""
    return event == "opened" or any(p.fullmatch(detail) for p, _ in _SHAPES.get(event, ()))


def history_detail(event: str, detail: str | None) -> str | None:
    """An entry's detail as the reader reads it: the stored English said again in
    the reader's language; as written when it has no known shape."""
    if not detail:
        return detail
    for pattern, template in _SHAPES.get(event, ()):
        found = pattern.fullmatch(detail)
        if found:
            return detail if template is None else _(template).format(**found.groupdict())
    return detail
