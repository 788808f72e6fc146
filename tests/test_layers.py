"""No import runs back up the layers: files → loader → models → checks → findings → formatters, with
rendering and reporting beside the formatters and the commands on top.

Imports inside functions count too: a lazy import up the layers is still one. Every module is
placed in LAYERS, and a module imports only from its own layer or one below it."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

import vrptool

SOURCE = Path(vrptool.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _nodes(path: Path) -> tuple[ast.AST, ...]:
    """Every node of the module's syntax tree, parsed once for the tests that read it."""
    return tuple(ast.walk(ast.parse(path.read_text("utf-8"))))


def imports(path: Path) -> set[str]:
    found = set()
    for node in _nodes(path):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name.startswith("vrptool")}


def relative_imports(path: Path) -> list[int]:
    """The lines of relative imports, which `imports` cannot place: the package uses none."""
    return [node.lineno for node in _nodes(path) if isinstance(node, ast.ImportFrom) and node.level > 0]


@cache
def modules() -> dict[str, set[str]]:
    """Each module's vrptool imports: read when a test first asks, not while every worker collects."""
    return {module_name(path): imports(path) for path in sorted(SOURCE.rglob("*.py"))}

#: Rules the loader and the models apply while reading: definitions only, importable from below.
READING_RULES = {f"vrptool.rules.{name}" for name in ("yaml_syntax", "duplicate_key", "yaml_alias", "yaml_tag",
                                                       "yaml_1_1_boolean", "schema", "id_format", "id_not_string",
                                                       "outside_link", "missing_file")}

#: The layers, lowest first: a module imports only from its own layer or one below. "x.*" is every
#: module under x; a module named exactly takes precedence over such a pattern. Every module has a
#: layer (a new one must be placed here).
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("foundations", frozenset({
        "vrptool", "vrptool.exitcodes", "vrptool.files", "vrptool.layout", "vrptool.ids", "vrptool.suggest",
        "vrptool.numbers", "vrptool.quarters", "vrptool.statuses", "vrptool.terminal", "vrptool.findings",
        "vrptool.disclosure", "vrptool.areas", "vrptool.stats", "vrptool.plausible", "vrptool.spreadsheet",
        "vrptool.sheet_reading", "vrptool.git", "vrptool.journal", "vrptool.completion", "vrptool.output_format",
        "vrptool.installed", "vrptool.control_limits", "vrptool.allocation", "vrptool.frozen"})),
    # files → loader (positions kept) → models, with the rules the loader applies while reading
    ("reading", frozenset({
        "vrptool.loader", "vrptool.reading", "vrptool.models", "vrptool.models.*", "vrptool.schema_findings", "vrptool.index",
        "vrptool.dataset", "vrptool.returns_facts", "vrptool.group_facts", "vrptool.cache", "vrptool.store", "vrptool.rules", "vrptool.rules.base", *READING_RULES,
        "vrptool.rules.repeated"})),  # one finding for many places: id-format, a reading rule, groups with it
    ("checks", frozenset({"vrptool.rules.*", "vrptool.checks", "vrptool.incremental", "vrptool.completeness"})),
    # findings → formatters; rendering and reporting beside them
    ("output", frozenset({"vrptool.formatters", "vrptool.formatters.*", "vrptool.render", "vrptool.render.*",
                          "vrptool.report", "vrptool.report.*", "vrptool.changes"})),
    ("edits", frozenset({"vrptool.edit", "vrptool.canonical", "vrptool.returns_entry", "vrptool.returns_sheet"})),
    ("commands", frozenset({"vrptool.commands", "vrptool.commands.*"})),
    ("command line", frozenset({"vrptool.cli", "vrptool.launch", "vrptool.__main__"})),
)


def layer_of(module: str) -> int | None:
    """The index in LAYERS of a module's layer (None: it has none)."""
    for index, (_, names) in enumerate(LAYERS):
        if module in names:
            return index
    patterns = [(len(name), index) for index, (_, names) in enumerate(LAYERS) for name in names
                if name.endswith(".*") and module.startswith(name[:-1])]
    return max(patterns)[1] if patterns else None


def imported_module(name: str, modules) -> str | None:
    """The module an imported name is (or is in): `vrptool.findings.Finding` is in vrptool.findings."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in modules:
            return ".".join(parts[:end])
    return None


def upward_imports(modules: dict[str, set[str]]) -> list[str]:
    """Each import of a module from a layer above the importer's."""
    found = []
    for module, targets in sorted(modules.items()):
        own = layer_of(module)
        for target in sorted({t for name in targets if (t := imported_module(name, modules))}):
            theirs = layer_of(target)
            if own is not None and theirs is not None and theirs > own:
                found.append(f"{module} ({LAYERS[own][0]}) imports {target} ({LAYERS[theirs][0]})")
    return found


def within(name: str, *prefixes: str) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def offenders(lower: tuple[str, ...], upper: tuple[str, ...], allowed: tuple[str, ...] = ()) -> list[str]:
    """Each import from a module of `lower` of one in `upper` (a module's own layer is not "up")."""
    lower = tuple(name for name in lower if name != "vrptool")  # the package: every module is "within" it
    return sorted(f"{module} imports {target}" for module, targets in modules().items() if within(module, *lower)
                  for target in targets if within(target, *upper) and not within(target, *allowed)
                  and not within(target, *lower))


def test_nothing_below_the_commands_imports_a_command_or_the_cli():
    below = tuple(name for name in modules()
                  if not within(name, "vrptool.commands", "vrptool.cli", "vrptool.launch", "vrptool.__main__"))
    assert offenders(below, ("vrptool.commands", "vrptool.cli")) == []


def test_reading_and_typing_never_import_the_checks_or_anything_above():
    reading = ("vrptool.loader", "vrptool.models", "vrptool.schema_findings", "vrptool.index", "vrptool.dataset",
               "vrptool.files", "vrptool.layout", "vrptool.findings")
    above = ("vrptool.rules", "vrptool.checks", "vrptool.formatters", "vrptool.render", "vrptool.report",
             "vrptool.edit", "vrptool.changes")
    # the reading rules are definitions the loader applies; `vrptool.rules` itself imports no rule
    assert offenders(reading, above, tuple(READING_RULES)) == []


def test_models_never_import_the_loader_or_the_data_set():
    assert offenders(("vrptool.models",), ("vrptool.loader", "vrptool.dataset", "vrptool.index", "vrptool.cache")) == []


def test_checks_and_findings_never_import_formatters_rendering_or_edits():
    checking = ("vrptool.rules", "vrptool.checks", "vrptool.findings")
    assert offenders(checking, ("vrptool.formatters", "vrptool.render", "vrptool.report", "vrptool.edit")) == []


@pytest.mark.parametrize("layer", ["vrptool.formatters", "vrptool.render", "vrptool.report"])
def test_output_layers_read_checked_data_and_never_edit_it(layer):
    assert offenders((layer,), ("vrptool.edit", "vrptool.checks")) == []


def test_every_module_has_a_layer():
    assert [module for module in modules() if layer_of(module) is None] == []


def test_no_import_runs_up_the_layers():
    assert upward_imports(modules()) == []


def test_no_relative_imports_hide_from_the_layer_check():
    assert {module_name(path): lines for path in sorted(SOURCE.rglob("*.py"))
            if (lines := relative_imports(path))} == {}


def test_the_layer_check_finds_an_import_up_even_of_one_name_in_a_module():
    modules = {"vrptool.loader": {"vrptool.commands.report.report"}, "vrptool.commands.report": set(),
               "vrptool.findings": {"vrptool.findings"}, "vrptool.rules.cycle": {"vrptool.dataset.DataSet"},
               "vrptool.dataset": set(), "vrptool.render.output": {"vrptool.edit"}, "vrptool.edit": set()}
    assert upward_imports(modules) == [
        "vrptool.loader (reading) imports vrptool.commands.report (commands)",
        "vrptool.render.output (output) imports vrptool.edit (edits)",
    ]
    assert layer_of("vrptool.rules.yaml_syntax") == 1 and layer_of("vrptool.rules.cycle") == 2
    assert layer_of("vrptool.newly_written") is None
