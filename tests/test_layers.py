"""No import runs back up the layers: files → loader → models → checks → findings → formatters, with
rendering and reporting beside the formatters and the commands on top.

Imports inside functions count too: a lazy import up the layers is still one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import vrptool

SOURCE = Path(vrptool.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name.startswith("vrptool")}


MODULES = {module_name(path): imports(path) for path in sorted(SOURCE.rglob("*.py"))}

#: Rules the loader and the models apply while reading: definitions only, importable from below.
READING_RULES = {f"vrptool.rules.{name}" for name in ("yaml_syntax", "duplicate_key", "yaml_alias", "yaml_tag",
                                                       "yaml_1_1_boolean", "schema", "id_format", "id_not_string",
                                                       "outside_link", "missing_file")}


def within(name: str, *prefixes: str) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def offenders(lower: tuple[str, ...], upper: tuple[str, ...], allowed: tuple[str, ...] = ()) -> list[str]:
    """Each import from a module of `lower` of one in `upper` (a module's own layer is not "up")."""
    lower = tuple(name for name in lower if name != "vrptool")  # the package: every module is "within" it
    return sorted(f"{module} imports {target}" for module, targets in MODULES.items() if within(module, *lower)
                  for target in targets if within(target, *upper) and not within(target, *allowed)
                  and not within(target, *lower))


def test_nothing_below_the_commands_imports_a_command_or_the_cli():
    below = tuple(name for name in MODULES if not within(name, "vrptool.commands", "vrptool.cli", "vrptool.__main__"))
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
