"""Word output: the HTML rendering of a document, rebuilt as a .docx with real headings, lists,
tables and footnotes. The HTML comes from our own templates, so only their small set of elements
needs handling; anything else is read for its text alone.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from html.parser import HTMLParser

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from vrptool.render.docx_notes import add_footnotes, add_reference

_IGNORED = {"head", "style", "title", "script", "caption", "svg"}  # svg: a chart; Word gets a picture
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_MARGIN = Mm(20)
#: Share of the line each column of a four-column table takes (the membership table's roles
#: column needs the most room).
_FOUR_COLUMNS = (0.24, 0.18, 0.42, 0.16)


class _Builder(HTMLParser):
    def __init__(self, document) -> None:
        super().__init__(convert_charrefs=True)
        self.document = document
        self.paragraph = None
        self.ignore = 0
        self.lists = 0
        self.table = None
        self.row = None
        self.header_cell = False
        self.superscript = False
        self.bold = False
        self.in_notes = False
        self.in_head = False  # inside <thead>: rows repeat as the table's header on every page
        self.reference: int | None = None  # inside the link of a footnote mark
        self.note: int | None = None  # inside a note of the notes section
        self.notes: dict[int, str] = {}  # number → text, for Word's footnotes part
        self.marked: set[int] = set()  # notes whose footnote mark is placed

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in _IGNORED:
            self.ignore += 1
        elif tag == "h1":
            self.paragraph = self.document.add_heading("", level=0)
        elif tag == "h2":
            self.paragraph = self.document.add_heading("", level=1)
        elif tag == "h3":
            self.paragraph = self.document.add_heading("", level=2)
        elif tag == "h4":
            self.paragraph = self.document.add_heading("", level=3)
        elif tag == "p":
            self.paragraph = self.document.add_paragraph()
        elif tag == "ul":
            self.lists += 1
        elif tag == "section" and "footnotes" in (attributes.get("class") or ""):
            self.in_notes = True  # its numbered notes become Word footnotes, not paragraphs
        elif tag == "a" and not self.in_notes and (number := _note_number(attributes.get("href"), "#note-")):
            self.reference = number
        elif tag == "li":
            # A numbered note becomes a Word footnote; anything else in the list stays a bullet.
            self.note = _note_number(attributes.get("id"), "note-") if self.in_notes else None
            if self.note is not None:
                self.notes[self.note] = ""
            else:
                style = "List Bullet" if self.lists <= 1 else f"List Bullet {min(self.lists, 3)}"
                self.paragraph = self.document.add_paragraph(style=style)
        elif tag == "table":
            self.table = self.document.add_table(rows=0, cols=0)
            self.table.style = "Table Grid"
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("th", "td") and self.row is not None:
            self.row.append([])
            self.header_cell = tag == "th"
        elif tag == "br":
            if self.row is not None and self.row:
                self.row[-1].append(("\n", False, False))
            elif self.paragraph is not None:
                self.paragraph.add_run().add_break()
        elif tag == "sup":
            self.superscript = True
        elif tag in ("strong", "b"):
            self.bold = True

    def handle_endtag(self, tag):
        if tag in _IGNORED:
            self.ignore -= 1
        elif tag == "a" and self.reference is not None:
            self._add_reference(self.reference)
            self.reference = None
        elif tag == "li" and self.note is not None:
            self.note = None
        elif tag in ("h1", "h2", "h3", "h4", "p", "li"):
            self.paragraph = None
        elif tag == "ul":
            self.lists -= 1
        elif tag == "section":
            self.in_notes = False
        elif tag == "thead":
            self.in_head = False
        elif tag == "tr" and self.row is not None:
            self._add_row(self.row)
            self.row = None
        elif tag == "table":
            self._set_widths(self.table)
            self.table = None
        elif tag == "sup":
            self.superscript = False
        elif tag in ("strong", "b"):
            self.bold = False

    def handle_data(self, text):
        if self.note is not None:
            self.notes[self.note] += text
            return
        if self.ignore or self.reference is not None:
            return  # a mark's number is Word's to show
        if not text.strip() and self.paragraph is None and self.row is None:
            return
        if self.row is not None:
            if self.row:
                self.row[-1].append((text, self.superscript, self.header_cell))
            return
        if self.paragraph is None:
            self.paragraph = self.document.add_paragraph()
        self._run(text, superscript=self.superscript, bold=self.bold)

    def _add_reference(self, number):
        # A note cited again shows its number, as a cross-reference would: a Word footnote has
        # one mark.
        mark = str(number) if number in self.marked else number
        self.marked.add(number)
        if self.row is not None:
            if self.row:
                self.row[-1].append((mark, True, False))
            return
        if self.paragraph is None:
            self.paragraph = self.document.add_paragraph()
        if isinstance(mark, int):
            add_reference(self.paragraph, mark)
        else:
            self._run(mark, superscript=True)

    def _run(self, text, superscript=False, bold=False):
        run = self.paragraph.add_run(text)
        run.font.superscript = superscript or None
        run.bold = bold or None

    def _set_widths(self, table):
        columns = len(table.columns)
        if not columns:
            return
        section = self.document.sections[-1]
        usable = section.page_width - section.left_margin - section.right_margin
        shares = _FOUR_COLUMNS if columns == 4 else (1 / columns,) * columns
        table.autofit = False
        for column, share in zip(table.columns, shares):
            column.width = int(usable * share)
        for row in table.rows:
            for cell, share in zip(row.cells, shares):
                cell.width = int(usable * share)

    def _add_row(self, cells):
        table = self.table
        while len(table.columns) < len(cells):
            table.add_column(Pt(100))
        row = table.add_row()
        if self.in_head:
            marker = OxmlElement("w:tblHeader")
            marker.set(qn("w:val"), "true")
            row._tr.get_or_add_trPr().append(marker)
        for cell, runs in zip(row.cells, cells):
            paragraph = cell.paragraphs[0]
            for text, superscript, header in runs:
                if isinstance(text, int):
                    add_reference(paragraph, text)
                    continue
                if text == "\n":
                    paragraph.add_run().add_break()
                    continue
                run = paragraph.add_run(text)
                run.font.superscript = superscript or None
                run.bold = header or None


def _note_number(value: str | None, prefix: str) -> int | None:
    """The number in `#note-3` or `note-3`: how the templates link a mark to its note."""
    digits = (value or "").removeprefix(prefix)
    return int(digits) if value and value.startswith(prefix) and digits.isdigit() else None


def html_to_docx(html: str, *, title: str, author: str, date: dt.date) -> bytes:
    """The .docx bytes of an HTML document; the same input always gives the same bytes."""
    document = Document()
    properties = document.core_properties
    moment = dt.datetime(date.year, date.month, date.day)
    properties.title, properties.author, properties.last_modified_by = title, author, author
    properties.created = properties.modified = properties.last_printed = moment
    properties.revision = 1
    for section in document.sections:  # A4, as the partnership prints
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = _MARGIN
    builder = _Builder(document)
    builder.feed(html)
    builder.close()
    add_footnotes(document, builder.notes)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _fixed_zip_times(content: bytes) -> bytes:
    """Rewrite the zip with fixed entry times, so an unchanged ToR gives identical bytes."""
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(entry.filename))
    return output.getvalue()
