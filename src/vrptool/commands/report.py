"""vrptool report: the quarterly performance report for the strategic board."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TextIO

from vrptool import checks, quarters
from vrptool.commands.common import mistyped_quarter, refused_for_errors, streams
from vrptool.exitcodes import EXIT_OK, EXIT_REFUSED, EXIT_USAGE
from vrptool.files import write_output


def report(data_dir: Path, quarter_text: str, *, output_format: str = "md", output: Path | None = None,
           today: dt.date | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    from vrptool.allocation import many_objects

    with many_objects():  # a national report builds millions of objects and keeps them to the end
        return _report(data_dir, quarter_text, output_format=output_format, output=output, today=today,
                       out=out, err=err)


def _report(data_dir: Path, quarter_text: str, *, output_format: str, output: Path | None,
            today: dt.date | None, out: TextIO | None, err: TextIO | None) -> int:
    out, err = streams(out, err)
    today = today or dt.date.today()
    if output is None and output_format in BINARY:
        err.write(f"vrptool: --format {output_format} writes a file, not text: name it with -o, "
                  f"e.g. -o report.{output_format}\n")
        return EXIT_USAGE
    wants_latest = quarter_text.strip().lower() == "latest"
    if mistyped_quarter(quarter_text, err):
        return EXIT_USAGE
    checked = checks.check(data_dir, today)
    start = checked.data.start_month
    try:
        # What the quarter means depends on the partnership's financial year.
        asked = None if wants_latest else quarters.parse(quarter_text, start)
    except quarters.QuarterError as error:
        err.write(f"vrptool: --quarter: {error}\n")
        return EXIT_USAGE
    if refused_for_errors(checked.errors, data_dir, err, "no report was made"):
        return EXIT_REFUSED
    data = checked.valid()

    from vrptool.returns_facts import returns_facts

    # The quarters returned, read without building 40 returns models (a report from stored rows needs none).
    returned = sorted(q for q in (quarters.from_id(f.quarter, start) for f in returns_facts(data)) if q)
    if asked is None:
        from vrptool.completeness import latest_complete

        latest = latest_complete(data, today)
        if latest is None:
            why = "no quarter's returns are complete yet" if returned else "there are no returns yet"
            err.write(f"vrptool: {why} in {data_dir / 'returns'}, so there is no latest quarter; name one\n")
            return EXIT_REFUSED
        quarter = latest.quarter
        err.write(f"{latest.why}\n")
    else:
        quarter = asked
        if quarter not in returned:
            have = f"returns exist for {returned[0].id} to {returned[-1].id}" if returned else "there are no returns yet"
            err.write(f"vrptool: no returns for {quarter.label} (no {data_dir / 'returns' / (quarter.id + '.yaml')}); "
                      f"{have}\n")
            return EXIT_REFUSED

    from vrptool.report.context import report_context
    from vrptool.report.provenance import data_provenance

    context = report_context(data, quarter, today=today, provenance=data_provenance(data_dir),
                             rows_as_text=output_format == "json")
    content: str | bytes | list[str]
    if output_format in FILE_ONLY:
        content = FILE_ONLY[output_format](context)
    elif output_format == "json":
        from vrptool.report.json_text import chunks

        content = chunks(context)  # written piece by piece: a national report is 40 MB
    else:
        content = render(context, output_format)
    del context
    if output is None:
        if isinstance(content, list):
            for chunk in content:
                out.write(chunk)
        else:
            out.write(content if isinstance(content, str) else content.decode("utf-8-sig"))
        return EXIT_OK
    if isinstance(content, list):
        content = "".join(content)
    try:
        write_output(output, content.encode("utf-8") if isinstance(content, str) else content, data_dir)
    except OSError as error:
        err.write(f"vrptool: cannot write {output}: {error.strerror or error}\n")
        return EXIT_USAGE
    err.write(f"wrote {output} ({quarter.label})\n")
    return EXIT_OK


def _xlsx(context: dict) -> bytes:
    from vrptool.report.tables import xlsx

    return xlsx(context)


def _csv(context: dict) -> bytes:
    from vrptool.report.tables import csv

    return csv(context)


def _docx(context: dict) -> bytes:
    from vrptool.report.word import docx

    # The HTML report, rebuilt in Word: one wording of the report for both.
    return docx(context, render(context, "html"))


#: Formats written as bytes by their own writers rather than a template.
FILE_ONLY = {"xlsx": _xlsx, "csv": _csv, "docx": _docx}
#: Formats that are not text: written only to a file named with -o.
BINARY = ("xlsx", "docx")


def render(context: dict, output_format: str) -> str:
    if output_format == "json":
        from vrptool.report.json_text import dumps

        return dumps(context)
    from vrptool.render.environment import environment
    from vrptool.report.charts import icon, spc_svg
    from vrptool.report.figures import FILTERS

    env = environment(output_format)
    env.filters.update(FILTERS, spc_svg=spc_svg, icon=icon)
    text = env.get_template(f"report.{output_format}.j2").render(**context)
    if output_format == "md":
        text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return text
