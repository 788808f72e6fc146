"""Every git call vrptool makes, in one place: the data's commit for a report, and the data as it
was at a revision for `vrptool diff`."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path


class GitError(Exception):
    """git failed; the message is git's own last line, or why it could not run."""


class GitMissing(GitError):
    """git is not installed (or could not be started)."""


def git(cwd: Path, *args: str, timeout: float = 60) -> str:
    """git's output (stripped) for `git -C cwd ARGS`; GitError when it fails."""
    try:
        done = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitMissing(f"git could not run: {error}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else "git failed")
    return done.stdout.decode("utf-8", "replace").strip()


def toplevel(path: Path) -> Path:
    """The top folder of the repository that holds path."""
    return Path(git(path, "rev-parse", "--show-toplevel"))


def merge_base_with_main(top: Path) -> str:
    """Where the current branch left main (or master, or their remote copies)."""
    for branch in ("main", "origin/main", "master", "origin/master"):
        try:
            return git(top, "merge-base", branch, "HEAD")
        except GitError:
            continue
    raise GitError("no main branch to compare with; name the base revision: vrptool diff BASE")



def _inside_only(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo | None:
    """tarfile's safe "data" filter, but a link out of the tree (an absolute one, or one through
    ..) is left out rather than stopping the diff: vrptool would not read it in any case."""
    try:
        return tarfile.data_filter(member, path)
    except tarfile.FilterError:
        return None

def extract(top: Path, revision: str, relative: str, into: Path) -> Path:
    """A folder of the repository as it was at a revision, written out below `into`."""
    git(top, "rev-parse", "--verify", f"{revision}^{{commit}}")
    done = subprocess.run(["git", "-C", str(top), "archive", "--format=tar", revision, "--", relative or "."],
                          capture_output=True, check=False)
    if done.returncode != 0:
        raise GitError(f"{revision} has no {relative or 'data'} directory")
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
        archive.extractall(into, filter=_inside_only)
    return into / relative if relative else into


def commit_of(folder: Path) -> tuple[str, bool]:
    """The short commit a folder's files are at, and whether they have uncommitted changes."""
    head = git(folder, "rev-parse", "--short=12", "HEAD", timeout=10)
    return head, bool(git(folder, "status", "--porcelain", "--", ".", timeout=10))
