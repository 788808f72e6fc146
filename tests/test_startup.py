"""What each path imports at start-up: every module imported is paid for on every run (pre-commit
runs validate on every commit), so what a path must not need is held here, by module name.
The speeds themselves are measured by bench/, never here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def imported_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running code, beyond those it holds before any
    (a site-packages .pth file may import some at start-up: CI's Python imports certifi, and with
    it tempfile and shutil)."""
    done = subprocess.run([sys.executable, "-c", f"import sys\nat_start = set(sys.modules)\n{code}\n"
                           "print(' '.join(set(sys.modules) - at_start))"],
                          capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_a_groups_model_does_not_define_the_partnerships():
    """Validating a group file after an edit needs the group's model and the ToR wording it may
    carry, not the twenty models of partnership.yaml."""
    modules = imported_after("import vrptool.models.group")
    assert "vrptool.models.tor_wording" in modules
    assert "vrptool.models.partnership" not in modules


def test_importing_the_rules_defines_no_partnership_model():
    modules = imported_after("import vrptool.rules\nvrptool.rules.checks()")
    assert "vrptool.rules.strategy_placeholder" in modules
    assert "vrptool.models.partnership" not in modules


# `vrptool validate` runs without typer (vrptool.launch) when its options are plain; anything else
# is typer's. The two must read alike: same exit status, same output, same messages.

#: Words after which validate runs the same with or without typer ("DATA" stands for the data
#: directory); among them, every mistake launch leaves to typer, and those it answers itself.
VALIDATE_LINES = [
    ["validate", "--data", "DATA"],
    ["validate", "--data=DATA", "--format", "json", "--today", "2026-11-21"],
    ["--debug", "validate", "--strict", "-f", "github", "--data", "DATA", "--no-cache"],
    ["validate", "--data", "DATA", "--format=sarif", "--today=2024-01-31", "--strict", "--strict"],
    ["validate", "--data", "DATA/missing"],  # the data directory refused: launch's own message
    ["validate", "--data", "DATA/partnership.yaml"],
    ["validate", "--data", "DATA", "--format", "pdf"],  # typer's from here on
    ["validate", "--data", "DATA", "--today", "31/01/2024"],
    ["validate", "--data", "DATA", "--data", "DATA"],
    ["validate", "--data"],
    ["validate", "--data", "DATA", "extra"],
    ["validate", "--data", "DATA", "--debug"],
    ["validate", "--data", "DATA", "--strict=yes"],
    ["validate", "-fjson", "--data", "DATA"],
    ["validate", "--data", "DATA", "--", "--strict"],
    ["validate", "--help"],
    ["--version", "validate"],
]


@pytest.mark.parametrize("words", VALIDATE_LINES, ids=" ".join)
def test_validate_reads_the_same_without_typer(words, data_copy, capsys, monkeypatch):
    from vrptool import launch

    monkeypatch.delenv("VRPTOOL_NO_CACHE", raising=False)
    monkeypatch.delenv("VRPTOOL_DATA", raising=False)
    arguments = [word.replace("DATA", str(data_copy)) for word in words]
    assert (launch.plain_validate(arguments) is not None) == (VALIDATE_LINES.index(words) < 6)

    def output(fast: bool) -> tuple[int, str, str]:
        if not fast:
            monkeypatch.setattr(launch, "plain_validate", lambda arguments: None)
        code = launch.main(list(arguments))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    assert output(fast=True) == output(fast=False)


def both_ways(arguments: list[str], capsys, monkeypatch) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    """What `vrptool ARGUMENTS` gives (exit status, standard output, standard error) without typer
    and through typer."""
    from vrptool import launch

    assert launch.plain_validate(arguments) is not None  # else the two are one path

    def output() -> tuple[int, str, str]:
        code = launch.main(list(arguments))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    fast = output()
    monkeypatch.setattr(launch, "plain_validate", lambda arguments: None)
    return fast, output()


@pytest.mark.parametrize("words", [["validate"], ["validate", "-f", "json", "--no-cache"]], ids=" ".join)
def test_findings_read_the_same_without_typer(words, data_copy, capsys, monkeypatch):
    """Data with errors: exit 1 and the same findings, in each format, either way."""
    group = data_copy / "groups" / "dawg.yaml"
    group.write_text(group.read_text(encoding="utf-8").replace('reports_to: "svrp"', 'reports_to: "nobody"'),
                     encoding="utf-8")
    monkeypatch.setenv("VRPTOOL_DATA", str(data_copy))
    fast, typed = both_ways(words, capsys, monkeypatch)
    assert fast == typed
    assert fast[0] == 1 and "dawg.yaml" in fast[1]


@pytest.mark.parametrize("where", ["inside", "above", "nowhere"])
def test_the_data_directory_is_found_the_same_without_typer(where, data_copy, capsys, monkeypatch):
    """No --data and no VRPTOOL_DATA: found from the working folder (or refused) alike."""
    monkeypatch.delenv("VRPTOOL_DATA", raising=False)
    nowhere = data_copy.parent / "elsewhere"
    (nowhere / ".git").mkdir(parents=True)  # a repository with no data/
    monkeypatch.chdir({"inside": data_copy / "groups", "above": data_copy.parent, "nowhere": nowhere}[where])
    fast, typed = both_ways(["validate"], capsys, monkeypatch)
    assert fast == typed
    assert fast[0] == (2 if where == "nowhere" else 0)


def test_launch_runs_only_a_plain_validate_itself(monkeypatch):
    from vrptool import launch

    monkeypatch.delenv("VRPTOOL_DATA", raising=False)
    plain = launch.plain_validate
    assert plain(["validate", "--data", "d", "-f", "json", "--strict"]) == {
        "debug": False, "strict": True, "no_cache": False, "data": Path("d"), "output_format": "json", "today": None}
    assert plain(["--debug", "validate"]) == {
        "debug": True, "strict": False, "no_cache": False, "data": Path("data"), "output_format": "text", "today": None}
    for words in VALIDATE_LINES[6:]:
        assert plain([word.replace("DATA", "d") for word in words]) is None, words
    monkeypatch.setenv("VRPTOOL_DATA", "elsewhere")
    assert plain(["validate"])["data"] == Path("elsewhere")  # type: ignore[index]
    assert plain(["validate", "--data", "d"])["data"] == Path("d")  # type: ignore[index]
    monkeypatch.setenv("VRPTOOL_DATA", "")
    assert plain(["validate"]) is None
    monkeypatch.setenv("_VRPTOOL_COMPLETE", "bash_complete")
    assert plain(["validate", "--data", "d"]) is None


def test_launch_knows_validates_options_as_cli_declares_them():
    """One list of validate's options in launch, beside typer's declaration of them: a new option
    in cli.py that launch does not know would be silently refused by it."""
    import typer

    from vrptool import cli, launch

    command = typer.main.get_command(cli.app)
    [debug] = [param for param in command.params if "--debug" in param.opts]  # the one root word launch takes
    assert debug.is_flag and debug.opts == ["--debug"]  # type: ignore[attr-defined]
    validate = command.commands["validate"]  # type: ignore[attr-defined]
    flags = {name for param in validate.params if getattr(param, "is_flag", False) for name in param.opts}
    valued = {name for param in validate.params if not getattr(param, "is_flag", False) for name in param.opts}
    assert flags == set(launch.FLAGS)
    assert valued == set(launch.VALUED)
    names = {name: param.name for param in validate.params for name in param.opts}
    assert {name: names[name] for name in launch.VALUED} == launch.VALUED
    assert {name: names[name] for name in launch.FLAGS} == launch.FLAGS
    [data] = [param for param in validate.params if param.name == "data"]
    assert data.envvar == launch.DATA_VARIABLE


def test_a_plain_validate_imports_no_typer(data_copy):
    """Neither on unchanged data nor after an edit: typer and its click are for help and mistakes."""
    run = f"from vrptool.launch import main\nmain(['validate', '--data', {str(data_copy)!r}])"
    assert not {name for name in imported_after(run) if name.split(".")[0] in ("typer", "click")}
    assert not {name for name in imported_after(run) if name.split(".")[0] in ("typer", "click")}


# validate defines no model: each file is checked by a validator made from the model's core schema
# generated ahead of time (vrptool.models.records), and the checks read records. After a group's
# edit, the rules that need a few values of partnership.yaml, crest.yaml or the meetings read them
# from the files' trees: what they read must be what the models hold.

def test_validate_defines_no_model(data_copy, tmp_path, monkeypatch):
    """Neither with an empty cache, nor after a group's edit: no model, nor pydantic's BaseModel."""
    monkeypatch.setenv("VRPTOOL_CACHE_DIR", str(tmp_path / "cache"))
    group = data_copy / "groups" / "dawg.yaml"
    run = (f"from vrptool.launch import main\nmain(['validate', '--data', {str(data_copy)!r}])\n"
           "import sys\nprint(sorted(name for name in sys.modules\n"
           "            if name.startswith('vrptool.models.') or name == 'pydantic.main'))")
    expected = str(["vrptool.models.behaviour", "vrptool.models.records"])
    first = subprocess.run([sys.executable, "-c", run], check=True, capture_output=True, text=True)
    assert first.stdout.split("\n")[-2] == expected
    group.write_text(group.read_text(encoding="utf-8").replace("name: Data and Analysis", "name: Data and Analyses"),
                     encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", run], check=True, capture_output=True, text=True)
    assert done.stdout.split("\n")[-2] == expected


def test_validate_of_data_without_mistakes_imports_what_only_some_runs_need_only_then(data_copy, tmp_path):
    """tempfile (with shutil, random, bz2 and lzma) only to write a file, difflib only to suggest a
    name, calendar only to name a month: none is needed to check the bundled data."""
    run = (f"import os\nos.environ['VRPTOOL_CACHE_DIR'] = {str(tmp_path / 'cache')!r}\n"
           f"from vrptool.launch import main\nmain(['validate', '--data', {str(data_copy)!r}])")
    modules = imported_after(run)
    assert "vrptool.rules.unknown_ref" in modules  # the data was checked
    assert not {"tempfile", "shutil", "difflib", "calendar", "secrets"} & modules


def test_text_read_from_a_tree_is_the_models_text():
    from vrptool.models.base import as_text
    from vrptool.models.partnership import Organisation

    for space in map(chr, [*range(0x21), 0x85, 0xA0, 0x1680, *range(0x2000, 0x2030), 0x205F, 0x3000, 0xFEFF]):
        name = f"{space}Hampshire{space}Police{space}"
        organisation = Organisation(id="police", name=name, duty="specified")
        assert as_text(name) == organisation.name, hex(ord(space))


def test_a_date_read_from_a_tree_is_the_models_date():
    from vrptool.models.base import as_date
    from vrptool.models.crest import Recommendation

    for written in ["2024-01-31", 1706659200, "1706659200", "2024-01-31T00:00:00Z", 1706659200.0, 0]:
        recommendation = Recommendation(id="6.2", text="t", status="achieved", achieved_on=written, evidence="e")
        assert as_date(written) == recommendation.achieved_on, written


def test_no_model_module_defers_its_annotations():
    """pydantic evaluates a deferred annotation from its text (see vrptool/models/__init__.py)."""
    models = Path(__file__).resolve().parents[1] / "src" / "vrptool" / "models"
    deferring = [path.name for path in sorted(models.glob("*.py"))
                 if path.name != "__init__.py"
                 and "from __future__ import annotations" in path.read_text(encoding="utf-8")]
    assert deferring == []


def test_text_and_ids_are_checked_as_pydantic_would_check_them_declared():
    """Text and the id types build their core schema themselves (cheaper to define, one annotation
    each); they check, and describe themselves in JSON Schema, exactly as the plain declarations."""
    from typing import Annotated

    from pydantic import BeforeValidator, StringConstraints, TypeAdapter, ValidationError, WithJsonSchema

    from vrptool import ids
    from vrptool.models.base import Text

    declared = TypeAdapter(Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)])
    def checking(schema):  # the core schema but its JSON Schema's functions
        return {key: value for key, value in schema.items() if key != "metadata"}

    assert checking(TypeAdapter(Text).core_schema) == checking(declared.core_schema)
    assert TypeAdapter(Text).json_schema() == declared.json_schema()
    for kind in ids.PATTERNS:
        made = TypeAdapter(ids.id_type(kind))
        plain = TypeAdapter(Annotated[str, BeforeValidator(ids.id_check(kind)), WithJsonSchema(
            {"type": "string", "pattern": ids.PATTERNS[kind], "examples": [ids.EXAMPLES[kind]]})])
        assert made.json_schema() == plain.json_schema()
        for value in [ids.EXAMPLES[kind], "Not An Id", 6.1, True, None, ""]:
            outcomes = []
            for adapter in (made, plain):
                try:
                    outcomes.append(adapter.validate_python(value))
                except ValidationError as error:
                    outcomes.append(error.errors(include_url=False))
            assert outcomes[0] == outcomes[1], (kind, value)
