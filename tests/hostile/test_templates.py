"""A user's template that includes, extends or calls itself without end is a template error
naming the template, exit 2 and nothing written: never Python's RecursionError."""

from __future__ import annotations

from pathlib import Path

import pytest

MESSAGE = ("without end; make the recursion stop (a macro needs a case that does not call itself); "
           "nothing was written\n")

RECURSIONS = {
    "include": {"tor.j2": '{% include "tor.j2" %}\n'},
    "extends": {"tor.j2": '{% extends "tor.j2" %}\n'},
    "macro": {"tor.j2": "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}\n"},
    "recursive loop": {"tor.j2": "{% for x in [1] recursive %}{{ loop([x]) }}{% endfor %}\n"},
}


def templates(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, "utf-8")
    return folder


@pytest.mark.parametrize("output_format", ["md", "docx"])
@pytest.mark.parametrize("kind", list(RECURSIONS))
def test_a_template_that_recurses_is_a_template_error(run, data_copy, tmp_path, kind, output_format):
    folder = templates(tmp_path / "templates", RECURSIONS[kind])
    out = tmp_path / "tors"
    result = run("render", "tor", "dawg", "--templates", folder, "-o", out, "-f", output_format, "--data", data_copy)
    assert (result.code, result.out) == (2, "")
    assert result.err == f"vrptool: template error: {folder / 'tor.j2'} includes, extends or calls itself {MESSAGE}"
    assert not out.exists()


def test_two_templates_that_include_each_other_are_named_in_turn(run, data_copy, tmp_path):
    folder = templates(tmp_path / "templates", {"strategy.j2": '{% include "part.j2" %}\n',
                                                "part.j2": 'x{% include "strategy.j2" %}\n'})
    out = tmp_path / "strategy"
    result = run("render", "strategy", "--templates", folder, "-o", out, "--data", data_copy)
    assert (result.code, result.out) == (2, "")
    assert result.err == (f"vrptool: template error: the templates {folder / 'strategy.j2'} → {folder / 'part.j2'} "
                          f"include, extend or call each other {MESSAGE}")
    assert not out.exists()


def test_recursion_that_ends_is_rendered(run, data_copy, tmp_path):
    folder = templates(tmp_path / "templates", {
        "tor.j2": "{% macro down(n) %}{{ n }}{% if n %} {{ down(n - 1) }}{% endif %}{% endmacro %}{{ down(50) }}\n"})
    out = tmp_path / "tors"
    result = run("render", "tor", "dawg", "--templates", folder, "-o", out, "--data", data_copy)
    assert result.code == 0, result.err
    assert (out / "dawg.md").read_text("utf-8") == " ".join(str(n) for n in range(50, -1, -1)) + "\n"
