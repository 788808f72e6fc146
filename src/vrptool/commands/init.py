"""vrptool init: a new partnership's data repository that validates clean from the start."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import sys
from pathlib import Path
from typing import TextIO

from jinja2 import Environment, FileSystemLoader, StrictUndefined

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
    "pre-commit-config.yaml.j2": ".pre-commit-config.yaml",
    "github-workflow.yml.j2": ".github/workflows/vrptool.yml",
    "README.md.j2": "README.md",
}


def init(directory: Path, *, name: str, short_name: str | None = None, partnership_id: str | None = None,
         today: dt.date | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    today = today or dt.date.today()
    if directory.exists() and any(directory.iterdir()):
        err.write(f"vrptool: {directory} is not empty; init writes a new repository into an empty directory\n")
        return EXIT_REFUSED
    identifier = partnership_id or re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "partnership"
    if not re.fullmatch(r"[a-z][a-z0-9-]*", identifier):
        err.write(f"vrptool: '{identifier}' cannot be a partnership id; pass --id with lower-case letters, digits and -\n")
        return EXIT_USAGE
    environment = Environment(loader=FileSystemLoader(str(bundled_templates() / "init")), undefined=StrictUndefined,
                              keep_trailing_newline=True, autoescape=False)
    environment.filters["q"] = lambda text: json.dumps(str(text), ensure_ascii=False)  # a YAML double-quoted string
    context = {"name": name, "short_name": short_name or name, "id": identifier, "today": today,
               "review_by": today.replace(year=today.year + 1) - dt.timedelta(days=1)}
    try:
        for template, target in FILES.items():
            path = directory / target
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, environment.get_template(template).render(**context).encode("utf-8"))
    except OSError as error:
        err.write(f"vrptool: cannot write to {directory}: {error.strerror or error}\n")
        return EXIT_USAGE
    code = schema(directory / "schemas", out=io.StringIO(), err=err)  # its "wrote" lines are not news here
    if code:
        return code
    out.write(f"a new data repository for {name} is in {directory}\n"
              f"next: cd {directory} && git init && vrptool validate\n")
    return EXIT_OK
