"""--data found as git finds its repository: ./data, else up the folders to the data directory."""

from __future__ import annotations

import shutil

from tests.conftest import BUNDLED


def _repository(tmp_path):
    repo = tmp_path / "partnership"
    shutil.copytree(BUNDLED, repo / "data")
    (repo / ".git").mkdir()
    (repo / "docs" / "minutes").mkdir(parents=True)
    return repo


def test_found_from_any_folder_of_a_data_repository(run, tmp_path):
    repo = _repository(tmp_path)
    # files are named relative to where the command runs, as git names them
    for where, data in ((repo, "data/"), (repo / "docs" / "minutes", "../../data/"),
                        (repo / "data" / "groups", "../"), (repo / "data", "")):
        result = run("trace", "dawg", cwd=where)
        assert result.code == 0, (where, result.err)
        assert f"  defined at {data}groups/dawg.yaml:3:5\n" in result.out, (where, result.out)
        check = run("validate", "--format", "json", cwd=where)
        assert check.code == 0 and check.json["summary"]["files"] == len(list(BUNDLED.rglob("*.yaml")))
        assert f"{data}toc.yaml" in {f["file"] for f in check.json["findings"]}


def test_the_nearest_data_directory_wins(run, tmp_path):
    repo = _repository(tmp_path)
    inner = repo / "docs" / "minutes" / "other"
    shutil.copytree(BUNDLED, inner)
    (inner / "groups" / "dawg.yaml").unlink()
    assert run("trace", "dawg", cwd=inner / "groups").code == 1  # the inner data set has no DAWG


def test_nothing_found_is_a_usage_error_that_says_what_was_looked_for(run, tmp_path):
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "src").mkdir()
    for where in (tmp_path / "repo" / "src", tmp_path):
        result = run("validate", cwd=where)
        assert result.code == 2
        assert result.err.startswith("vrptool: no data directory here: not ./data, nor data/ in a parent folder")
        assert "--data DIR" in result.err and "Traceback" not in result.err


def test_an_explicit_data_directory_is_never_searched_for(run, tmp_path):
    repo = _repository(tmp_path)
    result = run("validate", "--data", "elsewhere", cwd=repo / "docs")
    assert result.code == 2 and "the data directory elsewhere does not exist" in result.err
