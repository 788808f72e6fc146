"""The board report in Word: the HTML report rebuilt as a .docx by the ToRs' Word writer (so it has
their house style, real headings and real tables), then laid out for a board pack: A4 landscape
for the wide indicator tables, a header naming the report (and, on every page, the illustrative
flag when the data is made up), a footer with the data's provenance and "Page N of M", and each
indicator's control chart as a picture in its trend column.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from vrptool.render.docx_writer import _fixed_zip_times, html_to_docx
from vrptool.report.chart_png import spc_chart

ILLUSTRATIVE = "ILLUSTRATIVE DATA: made up for demonstration, not the partnership's figures"
CHART_WIDTH_MM = 28
CHARACTER = Mm(2.5)  # the width of a character of the tables' text
HEADER_CHARACTER = Mm(2.75)  # and of their bold header
CELL_MARGINS = Mm(4.5)  # the cell's own left and right margins
CHART_HEADROOM = Pt(3)  # between the cell's top border and its chart
CHART_COLUMNS = ("control chart", "trend")  # the HTML report's column that holds the chart
INDICATOR_ID = re.compile(r"^\d+\.\d+\.\d+\.[a-z]$")


def docx(context: dict, html: str) -> bytes:
    import datetime as dt

    title = f"{context['partnership']['short_name']}: quarterly performance report, {context['quarter']['label']}"
    document = Document(io.BytesIO(html_to_docx(html, title=title, author=context["partnership"]["short_name"],
                                                date=dt.date.fromisoformat(context["generated"]))))
    _landscape(document)
    for section in document.sections:
        _header(section, context)
        _footer(section, context)
    _charts(document, _rows(context))
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _landscape(document) -> None:
    """A4 landscape, each table's columns as wide as their contents need."""
    for section in document.sections:
        width, height = section.page_width, section.page_height
        if width < height:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = height, width
    section = document.sections[-1]
    usable = section.page_width - section.left_margin - section.right_margin
    for table in document.tables:
        _fit(table, usable)


def _fit(table, usable: int) -> None:
    """Share the line among the columns: each gets room for its longest word, and what is left goes
    by the length of what the columns hold, so a wording column is wide and one of figures narrow.
    A trend column holds its chart."""
    if not table.rows:
        return
    # python-docx walks a row's XML on each `row.cells`: once per row, not once per cell read
    rows = [row.cells for row in table.rows]
    header = [cell.text.strip().lower() for cell in rows[0]]
    columns = len(table.columns)
    charts = [i < len(header) and header[i] in CHART_COLUMNS for i in range(columns)]
    longest_word, longest_text, least = [], [], []
    for index in range(columns):
        texts = [cells[index].text.strip() for cells in rows if index < len(cells)]
        longest_word.append(max((len(w) for t in texts for w in t.split()), default=1))
        longest_text.append(max((len(t) for t in texts), default=1))
        # the header's words are bold, and wider
        heading = max((len(w) for w in texts[0].split()), default=0) if texts else 0
        least.append(0 if charts[index] else
                     int(max(HEADER_CHARACTER * heading, CHARACTER * longest_word[-1]) + CELL_MARGINS))
    room = usable - sum(int(Mm(CHART_WIDTH_MM + 2)) for chart in charts if chart)
    spare = max(room - sum(least), 0)
    extra = [0 if chart else max(min(text, 80) - word, 0) for chart, text, word in zip(charts, longest_text, longest_word)]
    widths = [int(Mm(CHART_WIDTH_MM + 2)) if chart else low + (int(spare * more / sum(extra)) if sum(extra) else 0)
              for chart, low, more in zip(charts, least, extra)]
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    for row, cells in zip(table.rows, rows):
        for cell, width in zip(cells, widths):
            cell.width = width
        # A row stays on one page: half a row under a repeated header reads as an empty row.
        if not row._tr.get_or_add_trPr().findall(qn("w:cantSplit")):
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _header(section, context: dict) -> None:
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.text = ""
    run = paragraph.add_run(f"{context['partnership']['short_name']} · Quarterly performance report · "
                            f"{context['quarter']['label']}")
    run.font.size = Pt(9)
    if context.get("illustrative"):
        flag = header.add_paragraph()
        flag.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = flag.add_run(ILLUSTRATIVE)
        run.bold = True
        run.font.size = Pt(10)
        run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)


def _footer(section, context: dict) -> None:
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.text = ""
    paragraph.style.font.size = Pt(8)  # the page number fields take the paragraph's size
    provenance = context.get("provenance") or {}
    made = f"Generated {context['generated']}"
    if provenance.get("commit"):
        made += f" from data at commit {provenance['commit']}" + (" with uncommitted changes" if provenance.get("dirty") else "")
    run = paragraph.add_run(made + "\t")
    run.font.size = Pt(8)
    for text in ("Page ", "PAGE", " of ", "NUMPAGES"):
        if text.isupper():
            _field(paragraph, text)
        else:
            paragraph.add_run(text).font.size = Pt(8)
    # The page number at the right margin.
    usable = section.page_width - section.left_margin - section.right_margin
    paragraph.paragraph_format.tab_stops.add_tab_stop(usable, alignment=2)  # 2: right


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in as they lay out the pages."""
    run = paragraph.add_run()
    run.font.size = Pt(8)
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _rows(context: dict) -> dict[str, dict]:
    return {row["id"]: row for area in context["areas"] for outcome in area["outcomes"]
            for measure in outcome["measures"] for row in measure["indicators"]}


def _charts(document, rows: dict[str, dict]) -> None:
    """Each indicator table's trend cell gets the indicator's control chart."""
    for table in document.tables:
        if not table.rows:
            continue
        header = [cell.text.strip().lower() for cell in table.rows[0].cells]
        column = next((i for i, name in enumerate(header) if name in CHART_COLUMNS), None)
        if column is None:
            continue
        for row in table.rows[1:]:
            cells = row.cells
            indicator = cells[0].text.strip()
            if not INDICATOR_ID.match(indicator) or indicator not in rows or column >= len(cells):
                continue
            picture = spc_chart(rows[indicator])
            if picture is None:
                continue
            paragraph = cells[column].paragraphs[0]
            # Below the cell's top border, not over it: the picture's white would hide the border
            # and seem to cut off the top point and error bar.
            paragraph.paragraph_format.space_before = CHART_HEADROOM
            paragraph.paragraph_format.line_spacing = 1.0
            paragraph.add_run().add_picture(io.BytesIO(picture), width=Mm(CHART_WIDTH_MM - 5))  # inside the cell margins
