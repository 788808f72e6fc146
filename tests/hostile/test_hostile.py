"""Every hostile input gives its exact finding or error, with exit 1 or 2, within 2 seconds (of the
process's own CPU time: the wall clock of a shared machine measures its neighbours) and
200 MB, and never a traceback. Each runs as a real process, as an analyst or CI would run it
(forked from one that has started Python and imported vrptool: tests/processes.py)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import BUNDLED
from tests.hostile.corpus import CASES

pytestmark = pytest.mark.slow  # Each case runs a real vrptool process.

SECONDS, MEGABYTES = 2.0, 200


def environment(cache: Path | None) -> dict[str, str]:
    """This environment, with the cache in `cache`, or with no cache."""
    environment = {**os.environ, "VRPTOOL_NO_CACHE": "1"}
    if cache is not None:
        environment.pop("VRPTOOL_NO_CACHE")
        environment["VRPTOOL_CACHE_DIR"] = str(cache)
    environment.pop("VRPTOOL_DATA", None)
    return environment


#: Each case with the cache; and with none where only this test runs it so: a validate of the
#: corpus gives the same findings with no cache as with one (tests/test_records.py compares all
#: three ways of checking it), so its no-cache process would only repeat the first cached run.
MODES = [(case, cached) for case in CASES
         for cached in ((True,) if case.validates_in_process else (False, True))]


@pytest.mark.parametrize(("case", "cached"), MODES,
                         ids=[f"{case.name}-{'cache' if cached else 'no-cache'}" for case, cached in MODES])
def test_hostile_input(case, cached, tmp_path, vrptool_process):
    """With the cache on (the worker's, which other tests' runs fill, as earlier runs fill a
    user's), the case runs twice: the second may be served from the cache and must say exactly
    what the first said."""
    data = tmp_path / "data"
    shutil.copytree(BUNDLED, data)
    case.build(data)
    arguments = case.args or ["validate", "--data", "data", "--format", "json", "--today", "2026-11-21"]
    cache = Path(os.environ["VRPTOOL_CACHE_DIR"]) if cached else None
    ran = vrptool_process(*arguments, cwd=tmp_path, env=environment(cache), patch=case.patch, timeout=30)
    code, out, err, seconds, megabytes = ran.code, ran.out, ran.err, ran.seconds, ran.megabytes
    if cached:
        again = vrptool_process(*arguments, cwd=tmp_path, env=environment(cache), patch=case.patch, timeout=30)
        assert (again.code, again.out, again.err) == (code, out, err)
    assert "Traceback" not in out + err
    assert code == case.code, (out[-2000:], err[-2000:])
    assert seconds <= SECONDS, f"took {seconds:.2f} s of CPU"
    assert megabytes <= MEGABYTES, f"used {megabytes:.0f} MB"
    if case.rule:
        findings = json.loads(out)["findings"]
        places = [(f["rule"], f["file"], f["line"]) for f in findings]
        matching = [f for f in findings if f["rule"] == case.rule and f["file"] == f"data/{case.file}"
                    and (case.line is None or f["line"] == case.line)]
        assert matching, places[:20]
        assert all(len(f["message"]) < 600 for f in findings)  # a megabyte value is never quoted whole
        if case.words:
            assert any(case.words in f["message"] for f in matching), [f["message"] for f in matching]
    elif case.words:
        assert case.words in (err if code == 2 else out)


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40
