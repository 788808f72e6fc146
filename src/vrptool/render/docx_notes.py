"""Word's own footnotes for the .docx output. python-docx writes none, so the footnotes part and
the reference marks are built here from WordprocessingML elements (lxml escapes the text)."""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

#: Footnote text size in half-points (9 pt, as the HTML output's notes).
_NOTE_SIZE = "18"


def add_reference(paragraph, number: int) -> None:
    """The superscript mark of footnote `number`, at the end of the paragraph."""
    run = OxmlElement("w:r")
    run.append(_properties(superscript=True))
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), str(number))
    run.append(reference)
    paragraph._p.append(run)


def add_footnotes(document, notes: dict[int, str]) -> None:
    """The footnotes part: Word's two separators, then each note under its number."""
    if not notes:
        return
    footnotes = parse_xml(
        f'<w:footnotes {nsdecls("w")}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        '</w:footnote></w:footnotes>')
    for number, text in sorted(notes.items()):
        footnote = OxmlElement("w:footnote")
        footnote.set(qn("w:id"), str(number))
        paragraph = OxmlElement("w:p")
        paragraph.append(parse_xml(f'<w:pPr {nsdecls("w")}><w:spacing w:after="0"/></w:pPr>'))  # notes sit close
        mark = OxmlElement("w:r")
        mark.append(_properties(superscript=True, size=_NOTE_SIZE))
        mark.append(OxmlElement("w:footnoteRef"))
        paragraph.append(mark)
        words = OxmlElement("w:r")
        words.append(_properties(superscript=False, size=_NOTE_SIZE))
        body = OxmlElement("w:t")
        body.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        body.text = " " + text.strip()
        words.append(body)
        paragraph.append(words)
        footnote.append(paragraph)
        footnotes.append(footnote)
    part = XmlPart(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, footnotes, document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)


def _properties(superscript: bool, size: str | None = None):
    # The schema fixes the order of run properties: size before vertical alignment.
    properties = OxmlElement("w:rPr")
    if size:
        points = OxmlElement("w:sz")
        points.set(qn("w:val"), size)
        properties.append(points)
    if superscript:
        alignment = OxmlElement("w:vertAlign")
        alignment.set(qn("w:val"), "superscript")
        properties.append(alignment)
    return properties
