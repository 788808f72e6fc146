"""vrptool diff (in a real git repository) and vrptool init."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import BUNDLED, PINNED_SOURCE

GIT = {"GIT_AUTHOR_NAME": "Analyst", "GIT_AUTHOR_EMAIL": "a@vru.invalid",
       "GIT_COMMITTER_NAME": "Analyst", "GIT_COMMITTER_EMAIL": "a@vru.invalid"}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT}).stdout.strip()


@pytest.fixture
def repo(tmp_path) -> Path:
    repo = tmp_path / "partnership"
    shutil.copytree(BUNDLED, repo / "data")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "HIPS data")
    git(repo, "checkout", "-q", "-b", "achieve-6.2")
    return repo


def test_diff_says_what_a_change_does_in_the_partnerships_terms(run, repo):
    assert run("crest", "set", "6.2", "--status", "achieved", "--on", "2024-09-30", "--evidence", "Framework agreed",
               "--update-tors", cwd=repo).code == 0
    assert run("returns", "set", "-q", "2026-27-Q2", "-i", "5.3.1.a", "--value", "30", "--n", "12", cwd=repo).code == 0
    tvrp = repo / "data" / "groups" / "tvrp.yaml"
    tvrp.write_text(tvrp.read_text().replace('  - organisation: "hfrs"\n    status: not_yet_required\n',
                                             '  - organisation: "hfrs"\n    roles: [Community Safety Lead]\n'))
    result = run("diff", cwd=repo)  # default: the merge base with main, against the working tree
    assert result.code == 0, result.err
    assert result.out.splitlines()[1:] == [
        "Groups:",
        "  - DAWG: ToR version 1 → 2",
        # crest set --update-tors issues the new version today; its review falls due as long after
        f"  - DAWG: ToR review date 2023-12-31 → {dt.date.today() + dt.timedelta(days=73)}",
        "  - DAWG: Crest recommendation 6.2 removed",
        "  - TVRP: hfrs now represented by Community Safety Lead",
        "  - TVRP: hfrs no longer represented by not yet required",
        "Crest recommendations:",
        "  - 6.2: open → achieved on 2024-09-30",
        "Returns:",
        "  - 2026-27-Q2 5.3.1.a: 26 → 30 (n=12)",
    ]
    markdown = run("diff", "--format", "md", cwd=repo).out
    assert markdown.startswith("## What this change does to the partnership\n")
    assert "### Crest recommendations\n\n- 6.2: open → achieved on 2024-09-30\n" in markdown
    changes = run("diff", "--format", "json", cwd=repo).json["changes"]
    assert {"section": "Crest recommendations", "kind": "status", "text": "6.2: open → achieved on 2024-09-30",
            "id": "6.2", "before": "open", "after": "achieved"} in changes


def test_diff_between_two_commits(run, repo):
    (repo / "data" / "meetings" / "ieo" / "2026-11-18.yaml").write_text(
        'group: "ieo"\ndate: 2026-11-18\nformat: online\nattended: ["vru", "police"]\n')
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "IEO meeting")
    result = run("diff", "main", "HEAD", cwd=repo)
    assert result.code == 0
    assert result.out.splitlines()[1:] == ["Meetings:", "  - ieo: meeting of 2026-11-18 recorded"]
    assert run("diff", "HEAD", cwd=repo).out.splitlines()[1:] == ["  none to the partnership's data"]


def test_diff_knows_both_wordings_of_an_activity(run, repo):
    toc = repo / "data" / "toc.yaml"
    text = toc.read_text("utf-8")
    text = text.replace("Seek to embed sustained, data-led system responses", "Seek to embed lasting, data-led system responses")
    text = text.replace("text: Conduct gap analysis of existing provision within communities",
                        "text: Conduct a gap analysis of existing provision within communities")
    toc.write_text(text, "utf-8")
    result = run("diff", cwd=repo)
    assert result.code == 0, result.err
    assert result.out.splitlines()[1:] == [
        "Theory of Change:",
        "  - activity 1.d reworded in the Response Strategy",
        "  - activity 4.a reworded",
    ]


def test_diff_refuses_what_it_cannot_compare(run, repo, tmp_path):
    bad = run("diff", "no-such-revision", cwd=repo)
    assert bad.code == 2 and bad.err.startswith("vrptool: diff:") and "Traceback" not in bad.err
    outside = tmp_path / "loose"
    shutil.copytree(BUNDLED, outside / "data")
    result = run("diff", cwd=outside)
    assert result.code == 2 and "vrptool: diff:" in result.err


def test_init_scaffolds_a_repository_that_validates_clean(run, tmp_path):
    target = tmp_path / "new-vru"
    result = run("init", str(target), "--name", "Thames Valley Violence Reduction Unit", "--short-name", "TV VRU",
                 "--vrptool-source", PINNED_SOURCE, cwd=tmp_path)
    assert result.code == 0, result.err
    for name in ("data/partnership.yaml", "data/groups/board.yaml", "data/groups/delivery.yaml", "data/toc.yaml",
                 "data/obpf.yaml", "data/crest.yaml", ".pre-commit-config.yaml", ".github/workflows/vrptool.yml",
                 "schemas/group.schema.json", "README.md"):
        assert (target / name).is_file(), name
    assert 'name: "Thames Valley Violence Reduction Unit"' in (target / "data" / "partnership.yaml").read_text()
    assert 'id: "thames-valley-violence-reduction-unit"' in (target / "data" / "partnership.yaml").read_text()
    check = run("validate", "--format", "json", cwd=target)
    assert check.code == 0 and check.json["summary"] == {"errors": 0, "warnings": 0, "files": 7}
    assert run("fmt", "--check", cwd=target).code == 0
    assert run("render", "tor", "delivery", "-o", str(target / "tors"), cwd=target).code == 0
    again = run("init", str(target), cwd=tmp_path)
    assert again.code == 1 and "is not empty" in again.err


def test_init_quotes_names_safely(run, tmp_path):
    target = tmp_path / "odd"
    assert run("init", str(target), "--name", 'Ynys Môn "VRU": #1', "--id", "ynys-mon", "--vrptool-source", PINNED_SOURCE,
               cwd=tmp_path).code == 0
    assert run("validate", cwd=target).code == 0
    assert run("trace", "ynys-mon", cwd=target).code == 1  # the partnership id names no organisation or group
