"""The partnership's Word house style: templates/reference.docx, built here so that it is
reproducible and reviewable as code.

    python -m vrptool.render.house_style templates/reference.docx

The reference document carries styles only (its body is empty): Normal and every heading level the
writer uses (Title, Heading 1 to 5) in Arial,
as the HTML output, in the data's own case (no capitals by style); the Title; three list levels
with distinct bullets (•, –, ▪); Table Grid at 10 pt; Header and Footer at 9 pt; a "Placeholder"
style for a section still to be written; en-GB proofing throughout; A4 with 20 mm margins. The
table styles other than Normal Table and Table Grid are left out, as are the python-docx
template's Word 2010 copy of its styles and its thumbnail (see _only_styles_in_use). A
partnership's communications team may supply its own reference.docx (its letterhead, its
fonts): `--templates DIR` with a reference.docx in DIR is used instead, keeping its header and
footer content and its styles, as long as it defines the style names above.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

#: The typeface of every style, as the HTML's `font-family: Arial, Helvetica, sans-serif`.
TYPEFACE = "Arial"
LANGUAGE = "en-GB"
TEXT = RGBColor(0x11, 0x11, 0x11)
RULE_COLOUR = "555555"
PLACEHOLDER = RGBColor(0xAA, 0x00, 0x00)
#: Bullet glyph of each list level (List Bullet, List Bullet 2, List Bullet 3).
BULLETS = ("•", "–", "▪")
#: The python-docx template's numbering of List Bullet, 2 and 3 (numId 1, 2, 3).
_LIST_STYLES = ("List Bullet", "List Bullet 2", "List Bullet 3")
#: Every heading level the writer uses (h1 to h6 are Title to Heading 5), with its size.
HEADINGS = {"Title": 20, "Heading 1": 13, "Heading 2": 12, "Heading 3": 11, "Heading 4": 10, "Heading 5": 10}
#: Levels in italic and not bold, as the HTML's h5 (the report's success measures).
ITALIC_HEADINGS = ("Heading 4", "Heading 5")


def build() -> bytes:
    document = Document()
    _defaults(document)
    styles = document.styles
    normal = styles["Normal"]
    _font(normal, 11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in HEADINGS.items():
        style = styles[name]
        italic = name in ITALIC_HEADINGS
        _font(style, size, bold=not italic, italic=italic)
        _no_border(style)
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.space_before = Pt(0 if name == "Title" else 14)
        style.paragraph_format.space_after = Pt(6)
    _rule_below(styles["Heading 1"])
    for name in ("Header", "Footer"):
        _font(styles[name], 9)
    _font(styles["Table Grid"], 10)
    for level, name in enumerate(_LIST_STYLES):
        style = styles[name]
        _font(style, 11)
        style.paragraph_format.space_after = Pt(2)
        _bullet(document, level, name)
    placeholder = styles.add_style("Placeholder", WD_STYLE_TYPE.PARAGRAPH)
    placeholder.base_style = normal
    _font(placeholder, 11, bold=True, colour=PLACEHOLDER)
    _box(placeholder)
    _only_styles_in_use(document)
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(20)
        section.header_distance = section.footer_distance = Mm(10)
    properties = document.core_properties
    properties.author = properties.comments = properties.last_modified_by = ""
    properties.title = "House style of vrptool's Word documents"
    buffer = io.BytesIO()
    document.save(buffer)
    from vrptool.render.docx_writer import fixed_zip_times

    return fixed_zip_times(buffer.getvalue())


#: The table styles kept: Word's default for a table, and the one the writer gives every table.
#: The template's 98 others (Light Shading, Medium Grid...) are nine tenths of its styles part
#: and are never used; Word supplies a built-in style when a reader applies it.
TABLE_STYLES = ("Normal Table", "Table Grid")
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def _only_styles_in_use(document) -> None:
    """Drop what every Word document would carry unused: the template's table styles other than
    TABLE_STYLES, its stylesWithEffects part (a second copy of the styles for Word 2010, which
    later Word neither needs nor writes) and its thumbnail (a picture of the template's blank
    page, not of any document). Each was read, written and compressed with every document: half
    the time of a ToR's Word file, and nine tenths of its size."""
    for style in list(document.styles):
        if style.type == WD_STYLE_TYPE.TABLE and style.name not in TABLE_STYLES:
            style.delete()
    for rels, reltype in ((document.part.rels, _STYLES_WITH_EFFECTS), (document.part.package.rels, RT.THUMBNAIL)):
        for rId, relationship in list(rels.items()):
            if relationship.reltype == reltype:
                del rels[rId]


def _defaults(document) -> None:
    """Arial and en-GB for every run, whatever its style."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    run = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    for tag in ("w:rFonts", "w:lang"):
        for old in run.findall(qn(tag)):
            run.remove(old)
    fonts = OxmlElement("w:rFonts")
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), TYPEFACE)
    run.insert(0, fonts)
    language = OxmlElement("w:lang")
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), LANGUAGE)
    run.append(language)


def _font(style, size: int, bold: bool = False, colour: RGBColor = TEXT, italic: bool = False) -> None:
    font = style.font
    font.name = TYPEFACE
    font.size = Pt(size)
    # False, not unset: the built-in Heading 4 is italic and bold, and would stay so
    font.bold = bold or (False if style.name.startswith("Heading") else None)
    font.italic = italic or (False if style.name.startswith("Heading") else None)
    font.color.rgb = colour
    fonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)  # a theme font would win over Arial
    for attribute in ("w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), TYPEFACE)
    properties = style.element.get_or_add_rPr()
    for tag in ("w:caps", "w:smallCaps"):
        for old in properties.findall(qn(tag)):
            properties.remove(old)
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:val"), LANGUAGE)


def _no_border(style) -> None:
    paragraph = style.element.get_or_add_pPr()
    for border in paragraph.findall(qn("w:pBdr")):
        paragraph.remove(border)


def _border(side: str, kind: str = "single"):
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), kind)
    edge.set(qn("w:sz"), "6")
    edge.set(qn("w:space"), "1")
    edge.set(qn("w:color"), RULE_COLOUR if kind == "single" else "AA0000")
    return edge


def _rule_below(style) -> None:
    """A thin rule under the heading, as the HTML's `border-bottom`."""
    borders = OxmlElement("w:pBdr")
    borders.append(_border("bottom"))
    _insert_in_order(style.element.get_or_add_pPr(), borders)


def _box(style) -> None:
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        borders.append(_border(side, "dashed"))
    _insert_in_order(style.element.get_or_add_pPr(), borders)


#: The schema's order of the paragraph properties this module sets.
_PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
              "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
              "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
              "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing")


def _insert_in_order(properties, element) -> None:
    later = _PPR_ORDER[_PPR_ORDER.index("w:pBdr") + 1:]
    for child in properties:
        name = child.tag.split("}")[1]
        if f"w:{name}" in later:
            child.addprevious(element)
            return
    properties.append(element)


def _bullet(document, level: int, style_name: str) -> None:
    """The bullet glyph and indent of one list level, in the numbering its style points to."""
    numbering = document.part.numbering_part.element
    style = document.styles[style_name].element
    number_id = style.pPr.find(f"{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
    number = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == number_id)
    abstract_id = number.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id)
    definition = abstract.find(qn("w:lvl"))
    definition.find(qn("w:lvlText")).set(qn("w:val"), BULLETS[level])
    left = str(360 * (level + 1))
    indent = definition.find(f"{qn('w:pPr')}/{qn('w:ind')}")
    indent.set(qn("w:left"), left)
    indent.set(qn("w:hanging"), "360")
    tab = definition.find(f"{qn('w:pPr')}/{qn('w:tabs')}/{qn('w:tab')}")
    if tab is not None:
        tab.set(qn("w:pos"), left)
    fonts = definition.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    if fonts is None:
        properties = definition.find(qn("w:rPr"))
        if properties is None:
            properties = OxmlElement("w:rPr")
            definition.append(properties)
        fonts = OxmlElement("w:rFonts")
        properties.append(fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), TYPEFACE)  # the glyph in Arial, not in Symbol's private code points


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else Path(__file__).resolve().parents[3] / "templates" / "reference.docx"
    target.write_bytes(build())
    sys.stdout.write(f"wrote {target}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
