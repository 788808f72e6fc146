"""Shared fixtures: a private copy of the bundled data, running the real CLI in-process, and the
bundled documents in Word and as LibreOffice lays them out (converted once per session).

The suite runs on every core (pytest-xdist): no test shares a folder or a working directory with
another. Each worker has its own cache, which the tests it runs share (as a user's runs do):
every run then finds entries other tests' data left, and must give what it would without them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.processes import Vrptool
from vrptool.cli import main

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data"
#: The quarter and day the Word board report of the bundled data is made for.
BOARD_QUARTER, BOARD_DAY = "2026-27-Q2", "2026-12-01"
#: The bundled documents rendered in Word: each ToR (by group id), the strategy and the board report.
WORD_DOCUMENTS = ["tvrp", "dawg", "engagement", "ieo", "strategy", "board"]
#: A pinned vrptool for `vrptool init --vrptool-source` (the tests' vrptool is an editable install, which is not).
PINNED_SOURCE = "git+https://example.invalid/vrptool@" + "0" * 40


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def json(self):
        return json.loads(self.out)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test marked both_cache_modes runs twice: with the result cache and without it."""
    if "run" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_cache_modes"):
        metafunc.parametrize("cache_mode", ["cache", "no-cache"])


@pytest.hookimpl(trylast=True)  # after pytest-xdist's own, which suffixes each grouped test's id
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Refuse to run when pytest-xdist's --dist loadgroup cannot group: it sends a group whole to
    one worker by the "@group" it adds to each test's id, and a pytest that does not take the
    suffix (9.2, with pytest-xdist 3.8) splits the groups in silence, so each worker converts the
    Word documents and starts the browser itself.

    Then slow tests first (otherwise in their order): the workers start on the long ones and end
    on the many quick ones, so no worker finishes a long test alone while the others wait. Every
    worker collects alike, so each orders alike (pytest-xdist requires it)."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
    if getattr(config.option, "loadgroup", False):
        split = [item.nodeid for item in items
                 if item.get_closest_marker("xdist_group") and "@" not in item.nodeid.rpartition("]")[2]]
        if split:
            config.stash[UNGROUPED] = (f"pytest-xdist cannot group {split[0]} with this pytest "
                                       "(it would run on any worker): install the test extra's pytest, "
                                       "pip install -e '.[test]'")


#: Why the tests of a group would not run on one worker, when they would not (a worker's own
#: failure at collection is not shown: each test of a group fails with it instead).
UNGROUPED = pytest.StashKey[str]()


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("xdist_group") and UNGROUPED in item.config.stash:
        pytest.fail(item.config.stash[UNGROUPED], pytrace=False)


def required_tool(name: str) -> str:
    """The path of a tool a check needs; its absence fails the test (never a skip)."""
    found = shutil.which(name)
    packages = {"soffice": "libreoffice-writer-nogui", "chromium": "chromium"}
    assert found, f"{name} is not installed: .ci/run installs {packages.get(name, 'poppler-utils')}"
    return found


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory) -> Iterator[None]:
    """The result cache of tests that set none (module fixtures, child processes) is this
    session's (each xdist worker's) own, never the developer's or another worker's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VRPTOOL_CACHE_DIR", str(tmp_path_factory.mktemp("session-cache")))
        yield


@pytest.fixture(scope="session")
def word_documents(tmp_path_factory) -> Path:
    """WORD_DOCUMENTS as .docx, rendered from the bundled data, with the board report's HTML twin."""
    out = tmp_path_factory.mktemp("word")
    assert main(["render", "tor", "--all", "--data", str(BUNDLED), "-f", "docx", "-o", str(out)]) == 0
    assert main(["render", "strategy", "--data", str(BUNDLED), "-f", "docx", "-o", str(out)]) == 0
    for target in (out / "board.docx", out / "board.html"):
        assert main(["report", "-q", BOARD_QUARTER, "--data", str(BUNDLED), "--today", BOARD_DAY,
                     "-o", str(target)]) == 0
    assert sorted(p.stem for p in out.glob("*.docx")) == sorted(WORD_DOCUMENTS)
    return out


@pytest.fixture(scope="session")
def word_pdfs(word_documents) -> Path:
    """word_documents, each with the PDF LibreOffice makes of it beside it: one conversion of all
    of them for the session, shared by every test that reads the pages (its tests are marked
    xdist_group("office") so one worker makes it)."""
    soffice = required_tool("soffice")
    required_tool("pdftotext")
    subprocess.run([soffice, f"-env:UserInstallation=file://{word_documents / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(word_documents),
                    *[str(word_documents / f"{name}.docx") for name in WORD_DOCUMENTS]],
                   check=True, capture_output=True, timeout=300)
    for name in WORD_DOCUMENTS:
        assert (word_documents / f"{name}.pdf").is_file(), f"LibreOffice did not convert {name}.docx"
    return word_documents


@pytest.fixture
def cache_mode() -> str:
    """The result cache is on, as for every user, unless a test is marked both_cache_modes."""
    return "cache"


@pytest.fixture
def run(request, cache_mode, capsys, monkeypatch, tmp_path):
    """Run `vrptool ARGS` in-process and return its exit code and output.

    The cache is on, and it is the worker's, shared by every test it runs: each run finds the store
    filled by the runs of other tests on other data (as a user's is by earlier runs), so every test
    shows that the cache never changes what a run sees. A test of the cache itself is marked
    private_cache and has its own, empty at its start (tmp_path / "cache"). Tests of validate's
    output are marked both_cache_modes: they also run with the cache off."""
    private = request.node.get_closest_marker("private_cache") is not None
    monkeypatch.setenv("VRPTOOL_CACHE_DIR", str(tmp_path / "cache") if private else os.environ["VRPTOOL_CACHE_DIR"])
    if cache_mode == "no-cache":
        monkeypatch.setenv("VRPTOOL_NO_CACHE", "1")
    else:
        monkeypatch.delenv("VRPTOOL_NO_CACHE", raising=False)

    def invoke(*args: str, cwd: Path | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        monkeypatch.delenv("VRPTOOL_DATA", raising=False)
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """Each data file read, by name (every module that reads one, patched)."""
    import vrptool.cache
    import vrptool.files
    import vrptool.loader

    seen: list[str] = []
    real = vrptool.files.read_checked

    def counting(path, *args, **kwargs):
        seen.append(str(path))
        return real(path, *args, **kwargs)

    for module in (vrptool.files, vrptool.cache, vrptool.loader):
        monkeypatch.setattr(module, "read_checked", counting, raising=False)
    return seen


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled data, as tmp_path/data."""
    target = tmp_path / "data"
    shutil.copytree(BUNDLED, target)
    return target


@pytest.fixture(scope="session")
def vrptool_process() -> Iterator[Vrptool]:
    """Real vrptool processes, each forked from a server that has started Python and imported
    vrptool (tests/processes.py): one server per session (per xdist worker)."""
    server = Vrptool()
    yield server
    server.close()
