"""Word output: the HTML rendering of a document, rebuilt as a .docx with real headings, lists,
tables and footnotes. The HTML comes from our own templates, so only their small set of elements
needs handling; anything else is read for its text alone.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Pt, RGBColor

from vrptool.render.docx_notes import add_footnotes, add_reference

#: Not carried into Word: the head, a chart, and the HTML's own DRAFT mark (Word's is in the page header).
_IGNORED = {"head", "style", "title", "script", "caption", "aside", "svg"}  # svg: a chart; Word gets a picture
#: The widest <svg> read as a symbol in the text (a key's marker), not a chart: Word shows it as
#: the glyph of its shape in its fill colour, so the key prints (Word drops inline SVG).
_ICON_WIDTH = 16
#: Glyph of a symbol's shape; a path is told by its corners (three: a triangle, four: a diamond).
_ICON_GLYPHS = {"circle": "●", "rect": "■", 3: "▲", 4: "◆"}
_SPAN_COLOUR = re.compile(r"color:\s*#([0-9a-fA-F]{6})")
#: Grey of a table's header cells (the HTML's #e6e6e6).
HEADER_FILL = "E6E6E6"
#: Paragraph classes of our templates that have a Word style of their own.
_PARAGRAPH_STYLES = {"placeholder": "Placeholder"}
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
#: Share of the line each column of a four-column table takes (the membership table's roles
#: column needs the most room).
_FOUR_COLUMNS = (0.24, 0.18, 0.42, 0.16)
#: A table of this many columns or more is set smaller, as the HTML's `table.wide`.
_WIDE, _WIDE_SIZE = 5, Pt(8.5)
#: A two-column table is a label beside its detail.
_TWO_COLUMNS = (0.32, 0.68)


class _Builder(HTMLParser):
    def __init__(self, document) -> None:
        super().__init__(convert_charrefs=True)
        self.document = document
        # The reference document's paragraph styles, each name's id worked out once: python-docx
        # walks every style of the document for each paragraph it styles by name (nearly half the
        # time of Word output; nothing here adds a style).
        self.style_ids = _paragraph_style_ids(document)
        self.paragraph = None
        self.ignore = 0
        self.lists = 0
        self.table = None
        self.row = None
        self.header_cell = False
        self.superscript = False
        self.bold = False
        self.icon = False  # inside a small <svg> symbol
        self.colour = None  # inside a <span style="color:#rrggbb">: a key's coloured glyph
        self.in_notes = False
        self.in_head = False  # inside <thead>: rows repeat as the table's header on every page
        self.reference: int | None = None  # inside the link of a footnote mark
        self.note: int | None = None  # inside a note of the notes section
        self.notes: dict[int, str] = {}  # number → text, for Word's footnotes part
        self.marked: set[int] = set()  # notes whose footnote mark is placed

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "svg" and (attributes.get("width") or "").isdigit() and int(attributes["width"]) <= _ICON_WIDTH:
            self.icon = True
        elif self.icon and tag in ("circle", "rect", "path"):
            self._symbol(tag, attributes)
        if tag in _IGNORED:
            self.ignore += 1
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            # h1 is the Title, h2 Heading 1 and so on down (as python-docx's add_heading numbers them)
            level = int(tag[1]) - 1
            self.paragraph = self._paragraph("Title" if level == 0 else f"Heading {level}")
        elif tag == "p" and self.row is not None and self.row:
            self.row[-1].start(None)
        elif tag == "p":
            self.paragraph = self._paragraph(self._style(_PARAGRAPH_STYLES.get(attributes.get("class"))))
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
            elif self.row is not None and self.row:
                self.row[-1].start(self._style(_bullet(self.lists)))
            else:
                self.paragraph = self._paragraph(self._style(_bullet(self.lists)))
        elif tag == "table":
            self.table = self.document.add_table(rows=0, cols=0)
            self.table.style = "Table Grid"
            self.spans, self.merges, self.row_count = {}, [], 0
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("th", "td") and self.row is not None:
            self._cover_spanned()
            spans = int(attributes.get("rowspan") or 1) if (attributes.get("rowspan") or "1").isdigit() else 1
            if spans > 1:
                self.spans[len(self.row)] = spans - 1
                self.merges.append((self.row_count, len(self.row), spans))
            self.row.append(_Cell())
            self.header_cell = tag == "th"
        elif tag == "br":
            if self.row is not None and self.row:
                self.row[-1].add("\n", False, False)
            elif self.paragraph is not None:
                self.paragraph.add_run().add_break()
        elif tag == "sup":
            self.superscript = True
        elif tag == "span" and (colour := _SPAN_COLOUR.search(attributes.get("style") or "")):
            self.colour = colour[1].upper()
        elif tag in ("strong", "b"):
            self.bold = True

    def handle_endtag(self, tag):
        if tag == "svg":
            self.icon = False
        if tag in _IGNORED:
            self.ignore -= 1
        elif tag == "a" and self.reference is not None:
            self._add_reference(self.reference)
            self.reference = None
        elif tag == "li" and self.note is not None:
            self.note = None
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li"):
            self.paragraph = None
            if self.row is not None and self.row:
                self.row[-1].open = False  # the next text in the cell starts a paragraph of its own
        elif tag == "span":
            self.colour = None
        elif tag == "ul":
            self.lists -= 1
        elif tag == "section":
            self.in_notes = False
        elif tag == "thead":
            self.in_head = False
        elif tag == "tr" and self.row is not None:
            self._cover_spanned(trailing=True)
            self._add_row(self.row)
            self.row = None
            self.row_count += 1
        elif tag == "table":
            self._set_widths(self.table)
            for row, column, spans in self.merges:
                self.table.cell(row, column).merge(self.table.cell(row + spans - 1, column))
            if self.merges:
                _let_rows_split(self.table)
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
                self.row[-1].add(text, self.superscript, self.header_cell or self.bold, self.colour)
            return
        if self.paragraph is None:
            self.paragraph = self.document.add_paragraph()
        self._run(text, superscript=self.superscript, bold=self.bold, colour=self.colour)

    def _add_reference(self, number):
        # A note cited again shows its number, as a cross-reference would: a Word footnote has
        # one mark.
        mark = str(number) if number in self.marked else number
        self.marked.add(number)
        if self.row is not None:
            if self.row:
                self.row[-1].add(mark, True, False)
            return
        if self.paragraph is None:
            self.paragraph = self.document.add_paragraph()
        if isinstance(mark, int):
            add_reference(self.paragraph, mark)
        else:
            self._run(mark, superscript=True)

    def _run(self, text, superscript=False, bold=False, colour=None):
        add_text_run(self.paragraph, text, superscript=superscript, bold=bold, colour=colour)

    def _symbol(self, shape, attributes):
        """A key's symbol as the glyph of its shape, in its colour."""
        if shape == "path":
            corners = sum(ch in "ML" for ch in attributes.get("d") or "")
            glyph = _ICON_GLYPHS.get(corners, "●")
        else:
            glyph = _ICON_GLYPHS[shape]
        fill = (attributes.get("fill") or "").lstrip("#")
        colour = fill.upper() if len(fill) == 6 else None
        if self.row is not None:
            if self.row:
                self.row[-1].add(glyph, False, False, colour)
            return
        if self.paragraph is None:
            self.paragraph = self.document.add_paragraph()
        self._run(glyph, colour=colour)

    def _set_widths(self, table):
        columns = len(table.columns)
        if not columns:
            return
        section = self.document.sections[-1]
        usable = section.page_width - section.left_margin - section.right_margin
        shares = {4: _FOUR_COLUMNS, 2: _TWO_COLUMNS}.get(columns, (1 / columns,) * columns)
        table.autofit = False
        for column, share in zip(table.columns, shares):
            column.width = int(usable * share)
        for row in table.rows:
            for cell, share in zip(row.cells, shares):
                cell.width = int(usable * share)

    def _style(self, name: str | None) -> str | None:
        """A style of ours, if the reference document defines it (a partnership's own may not)."""
        if name is None:
            return None
        names = self.style_ids
        if name in names:
            return name
        return "List Bullet" if name.startswith("List Bullet") and "List Bullet" in names else None

    def _paragraph(self, style: str | None = None):
        """A new paragraph of the body in the named style (None: the document's default)."""
        paragraph = self.document.add_paragraph()
        if style is not None:
            paragraph._p.style = self._style_id(style)
        return paragraph

    def _style_id(self, name: str) -> str | None:
        """The id of the paragraph style `name` (None for the default style). A name the document
        does not define goes to python-docx, which refuses it as it always has."""
        if name in self.style_ids:
            return self.style_ids[name]
        return self.document.styles.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)

    def _cover_spanned(self, trailing: bool = False):
        """Empty cells where a cell of an earlier row spans down (merged when the table ends)."""
        assert self.row is not None  # only called inside a row
        while self.spans.get(len(self.row)) or (trailing and any(
                column >= len(self.row) and left for column, left in self.spans.items())):
            column = len(self.row)
            if self.spans.get(column):
                self.spans[column] -= 1
            self.row.append(_Cell())

    def _add_row(self, cells):
        table = self.table
        while len(table.columns) < len(cells):
            table.add_column(Pt(100))
        row = table.add_row()
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))  # a row never breaks across pages (but see _let_rows_split)
        if self.in_head:
            marker = OxmlElement("w:tblHeader")
            marker.set(qn("w:val"), "true")
            properties.append(marker)
        for cell, content in zip(row.cells, cells):
            if self.in_head:
                _shade(cell)
            paragraph = cell.paragraphs[0]
            for number, (style, runs) in enumerate(content.paragraphs):
                if number:
                    paragraph = cell.add_paragraph()
                if style:
                    paragraph._p.style = self._style_id(style)
                for text, superscript, bold, colour in runs:
                    if isinstance(text, int):
                        add_reference(paragraph, text)
                        continue
                    if text == "\n":
                        paragraph.add_run().add_break()
                        continue
                    # colour: a verdict's symbol, coloured as the key and the chart colour it
                    add_text_run(paragraph, text, superscript=superscript, bold=bold, colour=colour,
                                 size=_WIDE_SIZE if len(cells) >= _WIDE else None)


def _let_rows_split(table) -> None:
    """Let every row of a table with a cell merged down its rows break across pages. The merged
    cell is as tall as those rows together (the logic model's inputs: more than a page), so rows
    kept whole beside it leave no break a layout can honour: LibreOffice took 3 s over the
    strategy and left its third strand off the pages."""
    for row in table.rows:
        for kept_whole in row._tr.get_or_add_trPr().findall(qn("w:cantSplit")):
            kept_whole.getparent().remove(kept_whole)


class _Cell:
    """A table cell as paragraphs of runs, each paragraph with its style (None, or a list level)."""

    def __init__(self) -> None:
        self.paragraphs: list[tuple[str | None, list]] = [(None, [])]
        self.open = True

    def start(self, style: str | None) -> None:
        if self.paragraphs[-1][1] or self.paragraphs[-1][0]:
            self.paragraphs.append((style, []))
        else:
            self.paragraphs[-1] = (style, [])
        self.open = True

    def add(self, text, superscript: bool, bold: bool, colour: str | None = None) -> None:
        if isinstance(text, str) and not text.strip() and (not self.open or not self.paragraphs[-1][1]):
            return  # white space between a cell's tags
        if not self.open:
            self.start(None)
        self.paragraphs[-1][1].append((text, superscript, bold, colour))


#: Tags of the run elements add_text_run writes.
_R, _RPR, _T, _TAB, _BR = qn("w:r"), qn("w:rPr"), qn("w:t"), qn("w:tab"), qn("w:br")
#: What python-docx writes as an element of its own in a run's text.
_BREAKS = re.compile(r"([\t\n\r])")
_B, _COLOR, _SZ, _VERT_ALIGN, _VAL, _SPACE = (qn("w:b"), qn("w:color"), qn("w:sz"), qn("w:vertAlign"), qn("w:val"),
                                              qn("xml:space"))


def _child(parent, tag: str, attributes: dict[str, str] | None = None):
    """A new last child of an element (python-docx's element classes, as its own methods make)."""
    child = parent.makeelement(tag, attributes)
    parent.append(child)
    return child


def add_text_run(paragraph, text: str, *, superscript: bool = False, bold: bool = False, colour: str | None = None,
                 size: Length | None = None) -> None:
    """A run of `text` at the end of a python-docx paragraph: the XML python-docx's add_run and
    font setters write (an rPr holding what is set, in the schema's order, then the text, a tab as
    w:tab and a line break as w:br between its pieces), built directly, as python-docx handles a
    run's text one character at a time (most of the time of Word output)."""
    r = _child(paragraph._p, _R)
    properties = _child(r, _RPR)  # python-docx leaves one, empty, when a property is set to None
    if bold:
        _child(properties, _B)
    if colour:
        _child(properties, _COLOR, {_VAL: str(RGBColor.from_string(colour))})
    if size is not None:
        _child(properties, _SZ, {_VAL: str(round(size.pt * 2))})
    if superscript:
        _child(properties, _VERT_ALIGN, {_VAL: "superscript"})
    for piece in _BREAKS.split(text):
        if piece == "\t":
            _child(r, _TAB)
        elif piece in ("\n", "\r"):
            _child(r, _BR)
        elif piece:
            shown = _child(r, _T)
            shown.text = piece
            if len(piece.strip()) < len(piece):
                shown.set(_SPACE, "preserve")


def _paragraph_style_ids(document) -> dict[str, str | None]:
    """Each paragraph style's id by its name, as python-docx resolves a name: the first style of
    that name, None for the default paragraph style (Word's own, so no w:pStyle is written)."""
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    ids: dict[str, str | None] = {}
    for style in document.styles:
        if style.type == WD_STYLE_TYPE.PARAGRAPH and style.name is not None:
            ids.setdefault(style.name, None if style == default else style.style_id)
    return ids


def _bullet(depth: int) -> str:
    return "List Bullet" if depth <= 1 else f"List Bullet {min(depth, 3)}"


def _shade(cell) -> None:
    """A header cell's grey fill, as the HTML output's."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), HEADER_FILL)
    cell._tc.get_or_add_tcPr().append(shading)


def _note_number(value: str | None, prefix: str) -> int | None:
    """The number in `#note-3` or `note-3`: how the templates link a mark to its note."""
    digits = (value or "").removeprefix(prefix)
    return int(digits) if value and value.startswith(prefix) and digits.isdigit() else None


def bundled_reference() -> Path:
    """templates/reference.docx: the house style (built by vrptool.render.house_style)."""
    from vrptool.render.environment import bundled_templates

    return bundled_templates() / "reference.docx"


#: The most a partnership's own reference document may hold, packed and unpacked (the bundled one
#: is 40 KB): a Word file of pictures and styles is a few megabytes.
MAX_REFERENCE_BYTES, MAX_REFERENCE_UNPACKED = 20 * 1024 * 1024, 100 * 1024 * 1024


def reference_in(templates: Path | None) -> Path | io.BytesIO:
    """The reference document of a --templates folder, else the bundled one.

    A folder's own is checked before python-docx reads it: a regular file inside the folder, of
    bounded size packed and unpacked (judged from the zip's own figures), a Word document.
    TemplateProblem says what is wrong with it."""
    from vrptool.files import FileRefused, read_checked
    from vrptool.render.output import TemplateProblem, template_refusal

    own = templates / "reference.docx" if templates else None
    if own is None or not os.path.lexists(own):
        return bundled_reference()
    unusable = f"{own} cannot be the house style of the Word documents"
    try:
        raw = read_checked(own, templates, max_bytes=MAX_REFERENCE_BYTES)
    except FileRefused as refused:
        raise TemplateProblem(f"{unusable}: {template_refusal(refused, 'a reference document')}") from None
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise TemplateProblem(f"{unusable}: it is not a Word (.docx) file; save it from Word as .docx") from None
    if unpacked > MAX_REFERENCE_UNPACKED:
        raise TemplateProblem(f"{unusable}: it unpacks to {unpacked:,} bytes, more than the "
                              f"{MAX_REFERENCE_UNPACKED:,} a reference document may have")
    try:
        Document(io.BytesIO(raw))
    except Exception:  # noqa: BLE001 - whatever python-docx raises of a damaged file, said in our words
        raise TemplateProblem(f"{unusable}: it is not a Word document vrptool can read (a part is missing "
                              "or damaged); save it from Word as .docx") from None
    return io.BytesIO(raw)


def html_to_docx(html: str, *, title: str, author: str, date: dt.date, subject: str = "", header: str = "",
                 draft: bool = False, reference: Path | io.BytesIO | None = None) -> bytes:
    """The .docx bytes of an HTML document in the house style of `reference` (a .docx whose
    styles, page setup, header and footer are kept and whose body is replaced); the same input
    always gives the same bytes.

    `header` is a line at the top of every page (DRAFT follows it on a draft); every page's foot
    says "Page x of y"."""
    if isinstance(reference, io.BytesIO):
        reference.seek(0)
    document = Document(reference if isinstance(reference, io.BytesIO) else str(reference or bundled_reference()))
    body = document.element.body
    for element in list(body):
        if element.tag != qn("w:sectPr"):
            body.remove(element)
    properties = document.core_properties
    moment = dt.datetime(date.year, date.month, date.day)
    properties.title, properties.subject = title, subject
    properties.author, properties.last_modified_by = author, author
    properties.comments = properties.keywords = properties.category = ""
    properties.created = properties.modified = properties.last_printed = moment
    properties.revision = 1
    for section in document.sections:
        _page_header(section, header, draft)
        _page_footer(section)
    builder = _Builder(document)
    builder.feed(html)
    builder.close()
    add_footnotes(document, builder.notes)
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip_times(buffer.getvalue())


def _free_paragraph(part):
    """The header's or footer's first paragraph if empty, else a new one: a letterhead stays."""
    first = part.paragraphs[0]
    return first if not first.text.strip() and not first._p.findall(f".//{qn('w:drawing')}") else part.add_paragraph()


def _page_header(section, text: str, draft: bool) -> None:
    paragraph = _free_paragraph(section.header)
    if text:
        paragraph.add_run(text)
    if draft:
        if text:
            paragraph.add_run("\t\t")  # to the header's right-hand tab stop
        mark = paragraph.add_run("DRAFT")
        mark.bold = True
        mark.font.color.rgb = RGBColor(0xAA, 0x00, 0x00)


def _page_footer(section) -> None:
    """"Page x of y", from Word's PAGE and NUMPAGES fields."""
    paragraph = _free_paragraph(section.footer)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES")


def _field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    shown = OxmlElement("w:t")
    shown.text = "1"  # what a reader shows before it updates the field
    run.append(shown)
    field.append(run)
    paragraph._p.append(field)


def fixed_zip_times(content: bytes) -> bytes:
    """Rewrite the zip with fixed entry times, so an unchanged ToR gives identical bytes."""
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(entry.filename))
    return output.getvalue()


_fixed_zip_times = fixed_zip_times  # the name the board report's Word writer imports
