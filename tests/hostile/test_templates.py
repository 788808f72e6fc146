"""A user's template that includes, extends or calls itself without end, or that vrptool cannot use (a
link out of the templates folder, a device, not UTF-8, a damaged reference.docx), is a template error
naming the template, exit 2 and nothing written: never Python's RecursionError."""

from __future__ import annotations

import os
import zipfile
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


def _link(target: str):
    return lambda path: os.symlink(target, path)


def _not_a_zip(path: Path) -> None:
    path.write_bytes(b"not a zip")


def _no_parts(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<x/>")


LINKED_OUT = "it is a link to somewhere outside the templates folder; vrptool does not follow it"
UNUSABLE = {
    "tor.j2 a link to /etc/passwd": ({"tor.j2": _link("/etc/passwd")}, "tor.j2", LINKED_OUT),
    "tor.j2 a link to /dev/zero": ({"tor.j2": _link("/dev/zero")}, "tor.j2", LINKED_OUT),
    "an included part a link out": ({"tor.j2": lambda p: p.write_text('{% include "part.j2" %}\n'),
                                     "part.j2": _link("/etc/hostname")}, "part.j2", LINKED_OUT),
    "tor.j2 not UTF-8": ({"tor.j2": lambda p: p.write_bytes(b"\xff\xfe x")}, "tor.j2",
                         "it is not UTF-8 text; save it as UTF-8"),
}
UNUSABLE_REFERENCE = {
    "not a zip": (_not_a_zip, "it is not a Word (.docx) file; save it from Word as .docx"),
    "a zip without Word's parts": (_no_parts, "it is not a Word document vrptool can read (a part is missing or "
                                              "damaged); save it from Word as .docx"),
    "a link to /dev/zero": (_link("/dev/zero"), LINKED_OUT),
}


@pytest.mark.parametrize("name", list(UNUSABLE))
def test_a_template_vrptool_cannot_use_is_named_and_nothing_is_written(run, data_copy, tmp_path, name):
    files, culprit, why = UNUSABLE[name]
    folder = tmp_path / "templates"
    folder.mkdir()
    for file_name, make in files.items():
        make(folder / file_name)
    out = tmp_path / "tors"
    result = run("render", "tor", "dawg", "--templates", folder, "-o", out, "--data", data_copy)
    assert (result.code, result.out) == (2, "")
    assert result.err == f"vrptool: the template {folder / culprit} cannot be used: {why}; nothing was written\n"
    assert not out.exists()


@pytest.mark.parametrize("name", list(UNUSABLE_REFERENCE))
def test_a_reference_document_vrptool_cannot_use_is_named_and_nothing_is_written(run, data_copy, tmp_path, name):
    make, why = UNUSABLE_REFERENCE[name]
    folder = tmp_path / "templates"
    folder.mkdir()
    make(folder / "reference.docx")
    out = tmp_path / "tors"
    result = run("render", "tor", "dawg", "-f", "docx", "--templates", folder, "-o", out, "--data", data_copy)
    assert (result.code, result.out) == (2, "")
    assert result.err == (f"vrptool: {folder / 'reference.docx'} cannot be the house style of the Word documents: "
                          f"{why}; nothing was written\n")
    assert not out.exists()


def test_a_template_changed_within_one_process_renders_as_it_now_reads(run, data_copy, tmp_path):
    """Compiled templates are kept for the process (vrptool.render.environment): the code is
    reused only for the same source, compiled alike. A template edited in place (its size and
    times kept) renders as it now reads, and one source is escaped for HTML in HTML alone."""
    folder = templates(tmp_path / "templates", {"tor.j2": "{{ '<b>' }} one\n"})
    template = folder / "tor.j2"

    def rendered(output_format: str) -> str:
        out = tmp_path / f"tors-{output_format}"
        result = run("render", "tor", "dawg", "--templates", folder, "-o", out, "-f", output_format,
                     "--data", data_copy)
        assert result.code == 0, result.err
        return (out / f"dawg.{output_format}").read_text("utf-8")

    assert rendered("md") == "<b> one\n"
    before = template.stat()
    template.write_text("{{ '<b>' }} two\n", "utf-8")
    os.utime(template, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert rendered("md") == "<b> two\n"
    assert rendered("html") == "&lt;b&gt; two\n"
    assert rendered("md") == "<b> two\n"
