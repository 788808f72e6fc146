"""vrptool init: a new partnership's data repository that validates clean from the start."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TextIO
from urllib.parse import unquote, urlparse

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from vrptool import quarters
from vrptool.commands.common import streams
from vrptool.commands.group_edit import default_review_by
from vrptool.commands.returns_template import returns_template
from vrptool.commands.schema import schema
from vrptool.exitcodes import EXIT_OK, EXIT_REFUSED, EXIT_USAGE
from vrptool.files import write_atomic
from vrptool.render.environment import bundled_templates

FILES = {  # template (under templates/init/) -> file written
    "data/partnership.yaml.j2": "data/partnership.yaml",
    "data/groups/board.yaml.j2": "data/groups/board.yaml",
    "data/groups/working-group.yaml.j2": "data/groups/delivery.yaml",
    "data/toc.yaml.j2": "data/toc.yaml",
    "data/obpf.yaml.j2": "data/obpf.yaml",
    "data/crest.yaml.j2": "data/crest.yaml",
    "data/meetings/example.yaml.j2": "data/meetings/delivery/{today}.yaml",
    "pre-commit-config.yaml.j2": ".pre-commit-config.yaml",
    "github-workflow.yml.j2": ".github/workflows/vrptool.yml",
    "README.md.j2": "README.md",
}
#: A git URL at a full commit: the one kind of URL that names exactly one version of vrptool.
PINNED_GIT = re.compile(r"git\+(?P<repository>(?:https|ssh|file)://\S+)@(?P<commit>[0-9a-f]{40})")
SOURCE_HELP = ("pass --vrptool-source with a git URL at a commit (git+https://<vrptool's repository>@<40-hex "
               "commit>) or the path of a vrptool wheel (vrptool-<version>-py3-none-any.whl)")


class SourceRefused(ValueError):
    """No pinned source of vrptool is known, or the one given is not pinned."""


@dataclass(frozen=True)
class Source:
    """Where the new repository's CI and hooks install vrptool from: one exact version."""

    install: str  # what `pip install` is given
    repository: str | None = None  # a git repository's URL and commit, for pre-commit's repo and rev
    commit: str | None = None
    wheel: Path | None = None  # a wheel to copy into the repository's vendor/ folder


def pinned_source(given: str | None) -> Source:
    """The source given, or the one this vrptool was installed from; never a bare name from an index,
    where anyone could publish a project called vrptool and have it run in the partnership's CI."""
    if given is None:
        given = _installed_from()
        if given is None:
            raise SourceRefused("this vrptool was not installed from a git URL at a commit or from a wheel, "
                                f"so the new repository's CI would not know which vrptool to install; {SOURCE_HELP}")
    match = PINNED_GIT.fullmatch(given.strip())
    if match:
        return Source(install=given.strip(), repository=match["repository"], commit=match["commit"])
    path = Path(given).expanduser()
    if path.suffix == ".whl":
        if not path.name.startswith("vrptool-"):
            raise SourceRefused(f"{path.name} is not a vrptool wheel; {SOURCE_HELP}")
        if not path.is_file():
            raise SourceRefused(f"there is no wheel {path}; {SOURCE_HELP}")
        return Source(install=f"./vendor/{path.name}", wheel=path)
    raise SourceRefused(f"'{given}' is not pinned to one version of vrptool; {SOURCE_HELP}")


def _installed_from() -> str | None:
    """This vrptool's own pinned source, from what pip recorded when it installed it (PEP 610)."""
    try:
        recorded = json.loads(metadata.distribution("vrptool").read_text("direct_url.json") or "null")
    except (metadata.PackageNotFoundError, ValueError):
        return None
    if not isinstance(recorded, dict):
        return None
    vcs = recorded.get("vcs_info") or {}
    url = str(recorded.get("url", ""))
    if vcs.get("vcs") == "git" and PINNED_GIT.fullmatch(f"git+{url}@{vcs.get('commit_id', '')}"):
        return f"git+{url}@{vcs['commit_id']}"
    if "archive_info" in recorded and url.startswith("file://") and url.endswith(".whl"):
        wheel = Path(unquote(urlparse(url).path))
        return str(wheel) if wheel.is_file() else None
    return None


def init(directory: Path, *, name: str, short_name: str | None = None, partnership_id: str | None = None,
         vrptool_source: str | None = None, today: dt.date | None = None, out: TextIO | None = None,
         err: TextIO | None = None) -> int:
    out, err = streams(out, err)
    today = today or dt.date.today()
    if directory.exists() and any(directory.iterdir()):
        err.write(f"vrptool: {directory} is not empty; init writes a new repository into an empty directory\n")
        return EXIT_REFUSED
    identifier = partnership_id or re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "partnership"
    if not re.fullmatch(r"[a-z][a-z0-9-]*", identifier):
        err.write(f"vrptool: '{identifier}' cannot be a partnership id; pass --id with lower-case letters, digits and -\n")
        return EXIT_USAGE
    try:
        source = pinned_source(vrptool_source)
    except SourceRefused as refused:
        err.write(f"vrptool: {refused}\n")
        return EXIT_USAGE
    environment = Environment(loader=FileSystemLoader(str(bundled_templates() / "init")), undefined=StrictUndefined,
                              keep_trailing_newline=True, autoescape=False)
    environment.filters["q"] = lambda text: json.dumps(str(text), ensure_ascii=False)  # a YAML double-quoted string
    review_by = default_review_by(today)
    quarter = quarters.containing(today, 4).previous  # the skeleton's year starts in April
    context = {"name": name, "short_name": short_name or name, "id": identifier, "today": today,
               "review_by": review_by, "source": source, "action_due": today + dt.timedelta(days=28),
               "quarter": quarter}
    try:
        for template, target in FILES.items():
            path = directory / target.format(today=today.isoformat())
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, environment.get_template(template).render(**context).encode("utf-8"))
        if source.wheel is not None:
            (directory / "vendor").mkdir(exist_ok=True)
            write_atomic(directory / "vendor" / source.wheel.name, source.wheel.read_bytes())
    except OSError as error:
        err.write(f"vrptool: cannot write to {directory}: {error.strerror or error}\n")
        return EXIT_USAGE
    quiet = io.StringIO()  # the "wrote" lines of the schemas and the template are not news here
    code = schema(directory / "schemas", out=quiet, err=err)
    if code:
        return code
    said = io.StringIO()  # it says what it wrote on the error stream; only a failure is news here
    code = returns_template(directory / "data", quarter.id, output=directory / "returns-template.xlsx",
                            today=today, out=quiet, err=said)
    if code:
        err.write(said.getvalue())
        return code
    out.write(f"a new data repository for {name} is in {directory}\n"
              f"its CI and hooks install vrptool from {source.install}\n"
              f"next: cd {directory} && git init && python -m pip install pre-commit && pre-commit install "
              f"&& vrptool validate\n")
    return EXIT_OK
