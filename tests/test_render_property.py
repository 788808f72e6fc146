"""Whatever validate accepts renders: random damage to valid data that validate still accepts must
render every ToR and the strategy in md and docx (built from the html), and the report, with no error.

Each example deletes keys or list items, empties lists or shortens text anywhere in the bundled
data; what validate refuses is skipped (that is validate's to report, at its line), and what it
accepts is rendered by the real commands. The examples come in PARTS of a fixed seed each (so CI
sees the same ones, and the parts run side by side on the suite's workers).
"""

from __future__ import annotations

import io
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from tests.conftest import BUNDLED
from vrptool.cli import main
from vrptool.edit import dump, round_trip

FILES = sorted(str(p.relative_to(BUNDLED)) for p in BUNDLED.rglob("*.yaml"))


def _places(node, path=()):
    """Every mapping key and list item below node, as (container, key) pairs."""
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            yield node, key
            yield from _places(value, (*path, key))
    elif isinstance(node, CommentedSeq):
        for index, value in enumerate(node):
            yield node, index
            yield from _places(value, (*path, index))


def _damage(document, choice: int, kind: str) -> bool:
    places = [(c, k) for c, k in _places(document) if kind != "shorten" or (isinstance(c[k], str) and " " in c[k])]
    if not places:
        return False
    container, key = places[choice % len(places)]
    value = container[key]
    if kind == "delete":
        del container[key]
    elif kind == "empty" and isinstance(value, (CommentedSeq, CommentedMap)):
        value.clear()
    elif kind == "shorten" and isinstance(value, str) and " " in value:  # prose, not an id
        container[key] = value[: len(value) // 2].rstrip() or "x"
    else:
        return False
    return True


def _vrptool(*args) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue() + err.getvalue()


#: 3 parts of 10 damaged data sets: 30 in all, each rendered in every format.
PARTS, EXAMPLES = 3, 10


@pytest.mark.slow
@pytest.mark.parametrize("part", range(PARTS))
def test_valid_damaged_data_renders_in_every_format(part, tmp_path_factory, monkeypatch):
    # With the cache, as users render: each render after validate reads its data from the store.
    monkeypatch.delenv("VRPTOOL_NO_CACHE", raising=False)
    monkeypatch.delenv("VRPTOOL_DATA", raising=False)
    rendered = []

    @seed(part)
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.tuples(st.sampled_from(FILES), st.integers(0, 10**6),
                              st.sampled_from(["delete", "empty", "empty", "shorten", "shorten"])),
                    min_size=1, max_size=4))
    def damaged_data_renders(damage):
        root = tmp_path_factory.mktemp("damaged")
        data = root / "data"
        shutil.copytree(BUNDLED, data)
        for relative, choice, kind in damage:
            path = data / relative
            document = round_trip().load(path.read_text("utf-8"))
            if _damage(document, choice, kind):
                path.write_text(dump(document), "utf-8")
        code, said = _vrptool("validate", "--data", data)
        if code != 0:
            assert code == 1 and "internal error" not in said, said
            return  # refused at its line: validate's business, tested elsewhere
        _renders_everything(data, root / "out")
        rendered.append(damage)

    damaged_data_renders()
    # the property is about data validate accepts: enough examples (a third) must get that far
    assert len(rendered) >= EXAMPLES // 3, rendered


def _renders_everything(data: Path, out: Path) -> None:
    # Word is built from the HTML rendering (render.output.template_format): docx renders the
    # html templates, and converts what they give.
    for output_format in ("md", "docx"):
        code, said = _vrptool("render", "tor", "--all", "--data", data, "-f", output_format, "-o", out / "tors")
        assert code == 0, said
        if "strategy" in (data / "partnership.yaml").read_text("utf-8"):
            code, said = _vrptool("render", "strategy", "--data", data, "-f", output_format, "-o", out / "strategy")
            assert code == 0, said
    if any((data / "returns").glob("*.yaml")):
        for output_format in ("md", "html", "json"):
            code, said = _vrptool("report", "--quarter", "latest", "--data", data, "-f", output_format,
                                  "-o", out / f"report.{output_format}")
            assert code == 0, said
