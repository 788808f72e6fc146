"""Property: random damage to the bundled files (deleted keys, swapped types, changed ids,
truncated text) never makes vrptool raise; it exits 0 or 1 with findings inside the files.

Checked as an analyst runs validate, with the cache: the damaged file is read and judged afresh,
the others come from the store (which the incremental tests hold to what no cache gives), at
half the cost of reading every file again."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import BUNDLED
from vrptool.commands.validate import validate

pytestmark = pytest.mark.slow  # Hundreds of generated mutations of the data.

FILES = sorted(str(p.relative_to(BUNDLED)) for p in BUNDLED.rglob("*.yaml"))
REPLACEMENTS = ["", "~", "42", "6.10", "[]", "{}", "[a, b]", '"x"', "yes", "2023-02-30", "-1", ".nan", "&a x",
                "*a", "!!python/none", "'", '"', "{", "[", ": :", "- - -", "\t"]


def mutate(text: str, choice: int, where: float, replacement: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    index = min(int(where * len(lines)), len(lines) - 1)
    line = lines[index]
    if choice == 0:  # delete a line (a key, an item)
        del lines[index]
    elif choice == 1 and ":" in line:  # swap a value for something of another type
        key, _, _ = line.partition(":")
        lines[index] = f"{key}: {replacement}\n"
    elif choice == 2:  # change an id: alter a character inside quotes
        if '"' in line:
            start = line.index('"') + 1
            lines[index] = line[:start] + rng.choice("9z./-_ A") + line[start + 1:]
    elif choice == 3:  # truncate the file
        return text[: int(where * len(text))]
    else:  # insert a stray line
        lines.insert(index, f"{' ' * rng.randint(0, 6)}{replacement}\n")
    return "".join(lines)


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    """One copy of the bundled data: each example damages one file of it and puts the file back."""
    data = tmp_path_factory.mktemp("mutations") / "data"
    shutil.copytree(BUNDLED, data)
    return data


@settings(max_examples=150, deadline=None)
@given(file=st.sampled_from(FILES), choice=st.integers(0, 4), where=st.floats(0, 0.999),
       replacement=st.sampled_from(REPLACEMENTS), seed=st.integers(0, 2**16))
def test_damage_never_raises_and_findings_point_inside_the_file(data, file, choice, where, replacement, seed):
    path = data / file
    before = path.read_text("utf-8")
    try:
        path.write_text(mutate(before, choice, where, replacement, random.Random(seed)), "utf-8")
        out = io.StringIO()
        code = validate(data, output_format="json", today=dt.date(2026, 11, 21), out=out)  # never raises
        lines = {str(p): max(1, len(p.read_text("utf-8").splitlines()) + 1) for p in data.rglob("*.yaml")}
    finally:
        path.write_text(before, "utf-8")
    document = json.loads(out.getvalue())
    assert code == (1 if document["summary"]["errors"] else 0)
    for finding in document["findings"]:
        assert finding["file"] in lines, finding
        assert 1 <= finding["line"] <= lines[finding["file"]], finding
        assert finding["column"] >= 1 and finding["severity"] in ("error", "warning"), finding
