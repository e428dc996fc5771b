"""The defaults a user sets once, in TRACKER_HOME/config.toml.

Read with tomllib; written by hand (a flat file of a few keys), atomically,
0600 when created. An unknown key or a bad value is an error naming the file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tracker import casefile as cf

import os
import re
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from tracker import config
from tracker.errors import TrackerError
from tracker.files import ensure_home
from tracker.i18n import _

FILE = "config.toml"
LANGUAGES = ("en", "sw")


def _text(value: object, key: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise ValueError(_("{key} must be a name such as Amazon").format(key=key))
    if re.search(r"[\x00-\x1f\x7f]", value):
        raise ValueError(_("{key} must be one line of text").format(key=key))
    return value.strip()


def _country(value: object, key: str) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2}", value.strip()):
        raise ValueError(
            _("{key} must be a two-letter country code such as US, GB, DE or KE").format(key=key)
        )
    return value.strip().upper()


def _lang(value: object, key: str) -> str:
    if not isinstance(value, str) or value.strip().lower() not in LANGUAGES:
        raise ValueError(
            _("{key} must be one of: {known}").format(key=key, known=", ".join(LANGUAGES))
        )
    return value.strip().lower()


def _days(value: object, key: str) -> int:
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,4}\s*", value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3660:
        raise ValueError(_("{key} must be a whole number of days from 1 to 3660").format(key=key))
    return value


# key: (check, default, what it is for)
KEYS = {
    "company": (_text, None, "the company of a new case when no order says otherwise"),
    "country": (_country, None, "your country: which remedy deadlines apply (US, GB, DE, KE...)"),
    "lang": (_lang, None, "the language of tracker's own text: en or sw"),
    "stale_days": (_days, 7, "due: a case is waiting too long after this many days"),
    "deadline_days": (_days, 14, "due: deadlines within this many days are listed"),
}


@dataclass(frozen=True)
class Settings:
    company: str | None = None
    country: str | None = None
    lang: str | None = None
    stale_days: int = 7
    deadline_days: int = 14
    explicit: tuple[str, ...] = ()  # the keys set in the file


def path() -> Path:
    return config.home() / FILE


def _line_of(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"\s*{re.escape(key)}\s*=", line):
            return number
    return None


def load(where: Path | None = None) -> Settings:
    """The settings in force: the file's values over the defaults."""
    where = where or path()
    try:
        text = where.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (UnicodeDecodeError, IsADirectoryError, PermissionError) as exc:
        raise TrackerError(
            _("{where}: cannot read it ({kind})").format(where=where, kind=type(exc).__name__)
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TrackerError(f"{where}: {exc}") from None
    values: dict[str, Any] = {}
    for key, value in data.items():
        line = _line_of(text, key)
        at = _("{file}, line {line}").format(file=where, line=line) if line else str(where)
        if key not in KEYS:
            raise TrackerError(
                _("{at}: unknown key {key!r} (known: {known})").format(
                    at=at, key=key, known=", ".join(KEYS)
                )
            )
        try:
            values[key] = KEYS[key][0](value, key)
        except ValueError as exc:
            raise TrackerError(f"{at}: {exc}") from None
    return Settings(**values, explicit=tuple(values))


def _toml_value(value: str | int) -> str:
    if isinstance(value, int):
        return str(value)
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def save(key: str, raw: str | None, where: Path | None = None) -> Settings:
    """Set `key` to `raw` (None removes it) and write the file atomically."""
    if key not in KEYS:
        raise TrackerError(
            _("unknown setting {key!r}; choose one of: {known}").format(
                key=key, known=", ".join(KEYS)
            )
        )
    where = where or path()
    current = load(where)
    values = {k: getattr(current, k) for k in current.explicit}
    if raw is None:
        values.pop(key, None)
    else:
        try:
            values[key] = KEYS[key][0](raw, key)
        except ValueError as exc:
            raise TrackerError(str(exc)) from None
    lines = ["# tracker settings: change them with `tracker config set KEY VALUE`"]
    lines += [f"{k} = {_toml_value(values[k])}" for k in KEYS if k in values]
    body = "\n".join(lines) + "\n"
    if where.parent == config.home():
        ensure_home()
    existed = where.exists()
    mode = (where.stat().st_mode & 0o777) if existed else 0o600
    handle, temporary = tempfile.mkstemp(dir=where.parent, prefix=".config-", suffix=".toml")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(body)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, where)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return load(where)


def shown(settings: Settings) -> cf.Settings:
    """Each key with its value, whether the file sets it, and what it is for."""
    from tracker import casefile as cf

    return cf.Settings(
        file=str(path()),
        settings=[
            cf.Setting(key, getattr(settings, key), key in settings.explicit, help_)
            for key, (_check, _default, help_) in KEYS.items()
        ],
    )
