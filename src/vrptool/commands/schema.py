"""vrptool schema: JSON Schemas of every kind of data file, for editors and other tools.

They are written in the draft-07 subset that yaml-language-server understands, from the same
pydantic models `vrptool validate` uses; cross-file rules (references, orphans) are not
expressible in a schema and stay vrptool's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from vrptool.commands.common import streams
from vrptool.exitcodes import EXIT_OK, EXIT_USAGE
from vrptool.files import write_atomic
from vrptool.models import by_kind

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def json_schema(model) -> dict:
    schema = model.model_json_schema(ref_template="#/definitions/{model}")
    if "$defs" in schema:
        schema["definitions"] = schema.pop("$defs")
    return {"$schema": DRAFT_07, **schema}


def schema(out_dir: Path, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = streams(out, err)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for kind, model in by_kind().items():
            path = out_dir / f"{kind}.schema.json"
            write_atomic(path, (json.dumps(json_schema(model), indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
            out.write(f"wrote {path}\n")
    except OSError as error:
        err.write(f"vrptool: cannot write to {out_dir}: {error.strerror or error}\n")
        return EXIT_USAGE
    return EXIT_OK
