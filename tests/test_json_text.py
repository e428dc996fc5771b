"""tracker.output.to_json writes exactly what json.dumps(indent=2,
ensure_ascii=False, default=str) writes (with C1 controls escaped), only faster;
a list printed item by item is the same text as the list printed whole."""

from __future__ import annotations

import io
import json
import re
from contextlib import redirect_stdout
from datetime import date
from enum import IntEnum, StrEnum

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker import output
from tracker.render import emit, emit_json_items

_C1 = re.compile(r"[\x7f-\x9f\u2028\u2029]")


def reference(data, depth: int = 0) -> str:
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    text = _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text.replace("\n", "\n" + "  " * depth)


class Colour(StrEnum):
    red = "red"


class Level(IntEnum):
    high = 3


scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
    | st.sampled_from([Colour.red, Level.high, date(2026, 11, 30)])
)
keys = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
documents = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(keys, inner, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(documents, st.integers(min_value=0, max_value=3))
def test_to_json_is_json_dumps_with_an_indent(data, depth):
    assert output.to_json(data, depth=depth) == reference(data, depth)


def test_control_characters_and_line_separators_are_escaped():
    text = output.to_json({"a\u0085b": "x\x9by\u2028z\n"})
    assert text == '{\n  "a\\u0085b": "x\\u009by\\u2028z\\n"\n}'
    assert json.loads(text) == {"a\u0085b": "x\x9by\u2028z\n"}


@settings(max_examples=100, deadline=None)
@given(st.lists(documents, max_size=5))
def test_a_list_item_by_item_is_the_list_whole(items):
    whole, each = io.StringIO(), io.StringIO()
    with redirect_stdout(whole):
        emit(items, "json")
    with redirect_stdout(each):
        emit_json_items(items)
    assert each.getvalue() == whole.getvalue()
