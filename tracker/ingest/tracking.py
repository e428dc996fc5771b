"""Which carrier a tracking number belongs to, and whether its check digit holds.

The patterns and check-digit rules come from the `tracking-numbers` package
(generated from the shared tracking_number_data); this module only picks a
carrier name people recognise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.i18n import _

# tracking-numbers' courier codes as people write them
_CARRIER_NAMES = {
    "ups": "UPS",
    "fedex": "FedEx",
    "usps": "USPS",
    "dhl": "DHL",
    "amazon": "Amazon Logistics",
    "ontrac": "OnTrac",
    "cdl": "CDL",
}
# S10 (UPU) numbers end in the country of the postal service that took them
_POSTS = {
    "US": "USPS",
    "GB": "Royal Mail",
    "CA": "Canada Post",
    "DE": "Deutsche Post",
    "FR": "La Poste",
    "AU": "Australia Post",
    "IN": "India Post",
    "JP": "Japan Post",
    "CN": "China Post",
    "NL": "PostNL",
}
# carrier words in Amazon's export cells ("AMZN_US(TBA...)") and emails
_ALIASES = {
    "amzn": "Amazon Logistics",
    "amazon": "Amazon Logistics",
    "amazon logistics": "Amazon Logistics",
    "ups": "UPS",
    "fedex": "FedEx",
    "fedex ground": "FedEx",
    "usps": "USPS",
    "us postal service": "USPS",
    "united states postal service": "USPS",
    "dhl": "DHL",
    "ontrac": "OnTrac",
    "royal mail": "Royal Mail",
}


@dataclass(frozen=True)
class TrackingCheck:
    """What the number says about itself."""

    number: str
    carrier: str | None  # the recognised carrier, None when the number fits none
    valid: bool  # False when it fits a carrier's pattern but fails its check digit


def carrier_name(text: str | None) -> str | None:
    """A carrier as written in an export or email ("AMZN_US", "ups") in its usual spelling."""
    if text is None or not text.strip():
        return None
    key = text.strip().casefold()
    if key.startswith("amzn"):  # AMZN_US, AMZN_UK, AMZN_CA...
        return _ALIASES["amzn"]
    return _ALIASES.get(key, text.strip())


def _name(courier_code: str, number: str) -> str:
    if courier_code == "s10":
        return _POSTS.get(number[-2:].upper(), f"postal service ({number[-2:].upper()})")
    return _CARRIER_NAMES.get(courier_code, courier_code.upper())


def check(number: str) -> TrackingCheck:
    """Recognise the carrier of `number` and check its check digit.

    A number that passes some carrier's check is that carrier's. One that only
    fits a pattern is attributed only when the pattern is distinctive (it has
    letters, as UPS's 1Z...): plain digit strings of a given length fit
    several carriers' formats, and a failed check there says nothing.
    """
    from tracking_numbers import DEFINITIONS  # type: ignore[import-untyped]

    compact = re.sub(r"\s+", "", number).upper()
    fits = [(d, r) for d in DEFINITIONS if (r := d.test(compact)) is not None]
    for definition, result in fits:
        if result.valid:
            return TrackingCheck(compact, _name(definition.courier.code, compact), True)
    couriers = {d.courier.code for d, _ in fits}
    if len(couriers) == 1 and not compact.isdigit():
        return TrackingCheck(compact, _name(couriers.pop(), compact), False)
    return TrackingCheck(compact, None, True)


def fails_check_for(number: str, carrier: str) -> bool:
    """Whether `number` fits `carrier`'s pattern but fails its check digit."""
    from tracking_numbers import DEFINITIONS

    compact = re.sub(r"\s+", "", number).upper()
    wanted = carrier_name(carrier)
    fits = [
        r
        for d in DEFINITIONS
        if _name(d.courier.code, compact) == wanted and (r := d.test(compact)) is not None
    ]
    return bool(fits) and not any(r.valid for r in fits)


def check_warning(number: str | None, carrier: str | None = None) -> str | None:
    """The warning for a number that fails its carrier's check digit (it is kept anyway:
    the typo may be in the check, and a wrong warning must not lose a real number)."""
    if not number or not number.strip():
        return None
    if carrier:
        failed = fails_check_for(number, carrier)
        name = carrier_name(carrier)
    else:
        found = check(number)
        failed, name = not found.valid, found.carrier
    if not failed:
        return None
    return _(
        "tracking number {number} fails the {carrier} check digit; kept as given, check it"
    ).format(number=number.strip(), carrier=name)
