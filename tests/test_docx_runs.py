"""The Word writer builds each text run's XML itself (python-docx handles a run's text one
character at a time): it must be the XML python-docx's own add_run and font setters write."""

from __future__ import annotations

import itertools

import pytest
from docx import Document
from docx.shared import Pt, RGBColor
from lxml import etree

from vrptool.render.docx_writer import _WIDE_SIZE, add_text_run

TEXTS = ["Data and Analysis", " leading space", "trailing space ", "a\ttab", "two\nlines", "x", "\tat the start",
         "a \t b ", "three\r\nends\n", "\n"]


def by_python_docx(paragraph, text, superscript, bold, colour, size):
    run = paragraph.add_run(text)
    run.font.superscript = superscript or None
    run.bold = bold or None
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)
    if size is not None:
        run.font.size = size


@pytest.mark.parametrize("text", TEXTS)
def test_a_run_is_the_xml_python_docx_writes(text):
    document = Document()  # each pair of paragraphs is compared alone: one document holds them all
    for superscript, bold, colour, size in itertools.product((False, True), (False, True), (None, "c0392b"),
                                                             (None, _WIDE_SIZE, Pt(11))):
        ours, theirs = document.add_paragraph(), document.add_paragraph()
        add_text_run(ours, text, superscript=superscript, bold=bold, colour=colour, size=size)
        by_python_docx(theirs, text, superscript, bold, colour, size)
        assert etree.tostring(ours._p) == etree.tostring(theirs._p), (text, superscript, bold, colour, size)
        assert ours.text == text.replace("\r", "\n")
