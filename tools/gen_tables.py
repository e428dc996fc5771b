"""Writes tracker/tables.py, the Core twin of tracker/models.py.

    python tools/gen_tables.py          # rewrite tracker/tables.py from the models
    python tools/gen_tables.py --check  # exit 1 when it differs (tests/test_tables.py)

Run it after changing tracker/models.py (then write the migration, as always).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "tracker" / "tables.py"

HEADER = '''"""The case file's tables as SQLAlchemy Core tables: the columns, their types and
keys, for the statements of reading commands (services.common.read).

GENERATED from tracker/models.py by `python tools/gen_tables.py`: do not edit.
tests/test_tables.py fails when this file and the models differ. The indexes and
constraints are the models' and the migrations' business, not this file's.

Building these takes about 5 ms; building the SQLModel classes of tracker.models
about 30 ms, which a command that only reads no longer pays at start-up: reading
code imports this module, and writing code imports the models where it writes.
"""

import sqlalchemy as sa
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

metadata = sa.MetaData(naming_convention={naming!r})
'''


def _column(column) -> str:
    type_ = repr(column.type)
    if not type_.startswith(("AutoString", "UTCDateTime")):
        type_ = "sa." + type_
    args = [repr(column.name), type_]
    for key in sorted(column.foreign_keys, key=lambda k: k.target_fullname):
        extra = f", ondelete={key.ondelete!r}" if key.ondelete else ""
        args.append(f"sa.ForeignKey({key.target_fullname!r}{extra})")
    if column.primary_key:
        args.append("primary_key=True")
        if column.autoincrement is False:
            args.append("autoincrement=False")
    elif not column.nullable:
        args.append("nullable=False")
    return f"    sa.Column({', '.join(args)}),"


def render() -> str:
    import sqlmodel

    import tracker.models  # noqa: F401  (fills SQLModel.metadata)

    metadata = sqlmodel.SQLModel.metadata
    parts = [HEADER.format(naming=dict(metadata.naming_convention))]
    for table in sorted(metadata.tables.values(), key=lambda t: t.name):
        parts.append(f"\n{table.name} = sa.Table(\n    {table.name!r},\n    metadata,")
        parts.extend(_column(column) for column in table.columns)
        parts.append(")\n")
    return _formatted("\n".join(parts))


def _formatted(text: str) -> str:
    """The module as `ruff format` writes it (CI checks the formatting of every file)."""
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(TARGET), "-"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        return 0 if TARGET.read_text(encoding="utf-8") == text else 1
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(TARGET.parent.parent))
    raise SystemExit(main(sys.argv[1:]))
