"""Catalog tooling for tracker's translations, standard library only.

    python tools/i18n.py extract   # list the msgids wrapped in the source (tracker/locale/tracker.pot)
    python tools/i18n.py update    # add new msgids to every .po (empty), drop unused ones
    python tools/i18n.py compile   # .po -> .mo (commit both)
    python tools/i18n.py check     # what tests/test_i18n.py checks: missing, fuzzy, placeholders

A msgid is the literal first argument of `_()` or `N_()`, or the first two of
`ngettext()`, anywhere under tracker/. Babel is not needed (nor imported at run time).
"""

from __future__ import annotations

import ast
import re
import string
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tracker"
LOCALE = PACKAGE / "locale"
DOMAIN = "tracker"
LANGUAGES = ("sw",)
MARKERS = {"_": 1, "N_": 1, "ngettext": 2}


@dataclass
class Entry:
    msgid: str
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=lambda: [""])
    flags: set[str] = field(default_factory=set)
    comments: list[str] = field(default_factory=list)  # translator comments, kept
    places: list[str] = field(default_factory=list)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        return all(self.msgstr) and not self.fuzzy


# ---------------------------------------------------------------- extract


@dataclass
class Found:
    msgid: str
    plural: str | None
    place: str


def extract(package: Path = PACKAGE) -> tuple[list[Found], list[str]]:
    """Every wrapped string in the source, and the calls that wrap something that is
    not a literal (an f-string can have no catalog entry)."""
    found, bad = [], []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        rel = path.relative_to(package.parent).as_posix()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else None
            if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
                if node.func.value.id == "i18n":
                    name = node.func.attr
            if name not in MARKERS:
                continue
            args = node.args[: MARKERS[name]]
            place = f"{rel}:{node.lineno}"
            if len(args) < MARKERS[name] or any(
                isinstance(a, (ast.JoinedStr, ast.BinOp, ast.Call)) for a in args
            ):
                # an f-string, a sum or a .format() inside _(): no catalog entry can match
                bad.append(f"{place}: {name}() needs literal strings")
                continue
            if not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
                continue  # a variable holding a string marked with N_() elsewhere
            found.append(Found(args[0].value, args[1].value if name == "ngettext" else None, place))
    return found, bad


# ---------------------------------------------------------------- .po files


def _unquote(text: str) -> str:
    return ast.literal_eval(text)  # a .po string is a C string: Python reads it the same


def _quote(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    )
    return f'"{escaped}"'


def read_po(path: Path) -> tuple[str, list[Entry]]:
    """The header's msgstr and the entries of a .po file (obsolete ones dropped)."""
    entries: list[Entry] = []
    entry = Entry("")
    key = None
    fresh = True

    def finish():
        nonlocal entry, fresh
        if not fresh:
            entries.append(entry)
        entry, fresh = Entry(""), True

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#~"):
            continue
        if not line:
            finish()
            key = None
            continue
        if line.startswith("#"):
            if key is not None and key != "comment":
                finish()
            key = "comment"
            if line.startswith("#,"):
                entry.flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            elif line.startswith("#:"):
                entry.places += line[2:].split()
            elif line.startswith("# ") or line == "#":
                entry.comments.append(line[2:])
            continue
        m = re.match(r"(msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$", line)
        if m:
            if m[1] == "msgid" and key not in (None, "comment"):
                finish()
            fresh = False
            key = m[1]
            value = _unquote(m[3])
            if key == "msgid":
                entry.msgid = value
            elif key == "msgid_plural":
                entry.msgid_plural = value
                entry.msgstr = []
            else:
                index = int(m[2] or 0)
                while len(entry.msgstr) <= index:
                    entry.msgstr.append("")
                entry.msgstr[index] = value
                key = f"msgstr[{index}]"
            continue
        if line.startswith('"'):
            value = _unquote(line)
            if key == "msgid":
                entry.msgid += value
            elif key == "msgid_plural":
                entry.msgid_plural += value
            elif key and key.startswith("msgstr"):
                entry.msgstr[int(key[7:-1]) if "[" in key else 0] += value
            continue
        raise ValueError(f"{path}: cannot read the line {raw!r}")
    finish()
    header = next((e.msgstr[0] for e in entries if e.msgid == ""), "")
    return header, [e for e in entries if e.msgid != ""]


def _lines(keyword: str, text: str) -> list[str]:
    if "\n" in text.rstrip("\n") or len(text) > 70:
        parts = re.findall(r"[^\n]*\n|[^\n]+$", text)
        out = [f'{keyword} ""']
        for part in parts:
            # long lines are wrapped at spaces, as msgmerge does
            while len(part) > 76:
                cut = part.rfind(" ", 0, 76)
                if cut <= 0:
                    break
                out.append(_quote(part[: cut + 1]))
                part = part[cut + 1 :]
            out.append(_quote(part))
        return out
    return [f"{keyword} {_quote(text)}"]


def write_po(path: Path, header: str, entries: list[Entry]) -> None:
    out = ['msgid ""', *_lines("msgstr", header), ""]
    for e in entries:
        out += [f"# {c}" if c else "#" for c in e.comments]
        if e.places:
            out.append("#: " + " ".join(e.places))
        if e.flags:
            out.append("#, " + ", ".join(sorted(e.flags)))
        out += _lines("msgid", e.msgid)
        if e.msgid_plural is not None:
            out += _lines("msgid_plural", e.msgid_plural)
            for i, text in enumerate(e.msgstr):
                out += _lines(f"msgstr[{i}]", text)
        else:
            out += _lines("msgstr", e.msgstr[0])
        out.append("")
    path.write_text("\n".join(out), encoding="utf-8")


# ---------------------------------------------------------------- .mo files


def compile_mo(header: str, entries: list[Entry]) -> bytes:
    """The GNU .mo bytes of the translated, non-fuzzy entries (what msgfmt writes)."""
    pairs = {"": header}
    for e in entries:
        if not e.translated:
            continue
        key = e.msgid if e.msgid_plural is None else f"{e.msgid}\0{e.msgid_plural}"
        pairs[key] = "\0".join(e.msgstr)
    keys = sorted(pairs)
    ids = b"".join(k.encode() + b"\0" for k in keys)
    strs = b"".join(pairs[k].encode() + b"\0" for k in keys)
    start = 7 * 4 + 16 * len(keys)
    offsets, pos = [], 0
    for k in keys:
        n = len(k.encode())
        offsets += [n, start + pos]
        pos += n + 1
    tpos = 0
    toffsets = []
    for k in keys:
        n = len(pairs[k].encode())
        toffsets += [n, start + len(ids) + tpos]
        tpos += n + 1
    head = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 28, 28 + 8 * len(keys), 0, 0)
    table = struct.pack(f"{len(offsets)}i", *offsets) + struct.pack(f"{len(toffsets)}i", *toffsets)
    return head + table + ids + strs


# ---------------------------------------------------------------- checks


def placeholders(text: str) -> set[str]:
    """The `{name}` fields of a str.format string."""
    try:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    except ValueError:
        return {"<unbalanced braces>"}


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def problems(language: str) -> list[str]:
    """Why the catalog of `language` does not cover the source, one line each."""
    found, bad = extract()
    _header, entries = read_po(po_path(language))
    by_id = {e.msgid: e for e in entries}
    out = list(bad)
    for f in found:
        e = by_id.get(f.msgid)
        if e is None or not any(e.msgstr):
            out.append(f"{f.place}: no {language} translation for {f.msgid!r}")
            continue
        if e.fuzzy:
            out.append(f"{f.place}: the {language} translation is fuzzy: {f.msgid!r}")
        if (f.plural is None) != (e.msgid_plural is None):
            out.append(f"{f.place}: singular/plural differ from the .po: {f.msgid!r}")
        sources = [f.msgid] + ([f.plural] if f.plural else [])
        wanted = set().union(*(placeholders(s) for s in sources))
        for text in e.msgstr:
            if not text:
                out.append(f"{f.place}: a plural form is empty: {f.msgid!r}")
            elif placeholders(text) != wanted:
                out.append(
                    f"{f.place}: placeholders {sorted(placeholders(text))} in the {language} "
                    f"translation, {sorted(wanted)} in {f.msgid!r}"
                )
    return out


# ---------------------------------------------------------------- commands


def cmd_extract() -> None:
    found, bad = extract()
    for line in bad:
        print(line, file=sys.stderr)
    merged: dict[tuple[str, str | None], Entry] = {}
    for f in found:
        e = merged.setdefault(
            (f.msgid, f.plural),
            Entry(f.msgid, f.plural, ["", ""] if f.plural else [""]),
        )
        e.places.append(f.place)
    header = "Content-Type: text/plain; charset=UTF-8\n"
    write_po(LOCALE / f"{DOMAIN}.pot", header, list(merged.values()))
    print(f"{len(merged)} msgids -> {LOCALE / f'{DOMAIN}.pot'}")


def cmd_update() -> None:
    cmd_extract()
    _h, template = read_po(LOCALE / f"{DOMAIN}.pot")
    for language in LANGUAGES:
        header, entries = read_po(po_path(language))
        old = {e.msgid: e for e in entries}
        new = []
        for t in template:
            e = old.get(t.msgid)
            if e is None:
                e = t
            else:
                e.places = t.places
                if (e.msgid_plural is None) != (t.msgid_plural is None):
                    e.msgid_plural, e.flags = t.msgid_plural, e.flags | {"fuzzy"}
                    e.msgstr = (e.msgstr + [""])[:2] if t.msgid_plural else e.msgstr[:1]
            new.append(e)
        dropped = len(old) - len({t.msgid for t in template} & set(old))
        write_po(po_path(language), header, new)
        untranslated = sum(not e.translated for e in new)
        print(f"{language}: {len(new)} msgids, {untranslated} to translate, {dropped} dropped")


def cmd_compile() -> None:
    for language in LANGUAGES:
        header, entries = read_po(po_path(language))
        mo = po_path(language).with_suffix(".mo")
        mo.write_bytes(compile_mo(header, entries))
        print(f"{language}: {sum(e.translated for e in entries)} translations -> {mo}")


def cmd_check() -> int:
    lines = [p for language in LANGUAGES for p in problems(language)]
    for line in lines:
        print(line)
    return 1 if lines else 0


if __name__ == "__main__":
    commands = {"extract": cmd_extract, "update": cmd_update, "compile": cmd_compile}
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    if what == "check":
        sys.exit(cmd_check())
    if what not in commands:
        sys.exit(__doc__)
    commands[what]()
