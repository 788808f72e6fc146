"""The board report in Word, checked as a board member sees it: converted by LibreOffice to PDF,
every section heading of the report is there, every page carries the header, the illustrative
flag and its page number, the tables are real tables and the charts real pictures.

LibreOffice (libreoffice-writer-nogui) and poppler-utils are installed by .ci/run; without them
these tests fail, never skip."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
from docx import Document

from .conftest import BOARD_QUARTER, BUNDLED, required_tool

# Converts Word files with LibreOffice (once a session, shared with the house-style tests).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("office")]

QUARTER = BOARD_QUARTER


@pytest.fixture(scope="module")
def board_pack(word_pdfs) -> dict:
    """The Word report of the bundled data, its HTML twin and the pages of the PDF LibreOffice
    makes of it (the session's one conversion, conftest.word_pdfs)."""
    pdf = word_pdfs / "board.pdf"
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run([required_tool("pdfinfo"), str(pdf)], capture_output=True,
                                                              text=True, check=True).stdout)[1])
    texts = [subprocess.run([required_tool("pdftotext"), "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout for n in range(1, pages + 1)]
    return {"docx": word_pdfs / "board.docx", "html": (word_pdfs / "board.html").read_text("utf-8"), "pages": texts}


def _squashed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_every_section_heading_of_the_report_is_in_the_converted_document(board_pack):
    headings = [_squashed(html.unescape(re.sub(r"<[^>]+>", "", h)))
                for h in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", board_pack["html"], re.DOTALL)]
    assert len(headings) > 15 and "Main points" in headings and "Crest tracker" in headings
    text = _squashed(" ".join(board_pack["pages"]))
    missing = [h for h in headings if h not in text]
    assert missing == []
    # ... and each is a heading in Word (its navigation pane and table of contents list them)
    paragraphs = [p for p in Document(str(board_pack["docx"])).paragraphs if p.style.name.startswith(("Heading", "Title"))]
    styled = {_squashed(p.text) for p in paragraphs}
    assert [h for h in headings if h not in styled] == []
    # the HTML's line ends between elements are not line breaks in Word (they left blank gaps)
    assert [p.text for p in paragraphs if p._p.xpath(".//w:br")] == []


def test_every_page_has_the_header_the_illustrative_flag_and_its_number(board_pack):
    pages = board_pack["pages"]
    assert len(pages) > 3
    for number, text in enumerate(pages, start=1):
        flat = _squashed(text)
        assert "HIPS VRP · Quarterly performance report · Q2 2026/27" in flat, number
        assert "ILLUSTRATIVE DATA: made up for demonstration, not the partnership's figures" in flat, number
        assert f"Page {number} of {len(pages)}" in flat, number


def test_the_tables_are_real_tables_and_the_charts_real_pictures(board_pack):
    document = Document(str(board_pack["docx"]))
    indicator_tables = [t for t in document.tables if t.rows[0].cells[0].text.strip() == "No."
                        and "Control chart" in [c.text.strip() for c in t.rows[0].cells]]
    rows = [row for table in indicator_tables for row in table.rows[1:]]
    assert len(rows) == 28  # every indicator, each in a row of cells
    from .test_spreadsheets import returned

    assert rows[0].cells[0].text.strip() == "1.1.1.e"
    # the value, then its 95 % interval (Byar's method for a count)
    assert rows[0].cells[3].text.strip().startswith(f"{returned(QUARTER, '1.1.1.e')['value']:,} (")
    charted = [row for row in rows if row.cells[-1]._tc.xpath(".//pic:pic")]
    # every indicator with at least one value in the eight quarters has its chart
    assert len(charted) == 28
    assert document.sections[0].orientation == 1  # landscape, for the wide indicator tables
    assert document.inline_shapes[0].width.mm == pytest.approx(23, abs=0.5)


def test_the_chart_is_a_png_drawn_from_the_indicators_figures():
    from vrptool.report.chart_png import spc_chart

    row = {"trend": [1.0, 2.0, 3.0], "spc": {"points": [
        {"value": v, "mean": 2.0, "lower": 0.5, "upper": 3.5, "type": t}
        for v, t in ((1.0, "common_cause"), (2.0, "common_cause"), (3.0, "special_cause_concern"))]}}
    picture = spc_chart(row, width=60, height=30)
    assert picture.startswith(b"\x89PNG\r\n\x1a\n") and picture[12:16] == b"IHDR"
    import struct
    import zlib

    width, height = struct.unpack(">II", picture[16:24])
    assert (width, height) == (60, 30)
    data = zlib.decompress(picture[picture.index(b"IDAT") + 4:picture.index(b"IEND") - 8])
    pixels = {bytes(data[y * (60 * 3 + 1) + 1 + x * 3:y * (60 * 3 + 1) + 4 + x * 3]) for y in range(30) for x in range(60)}
    assert bytes((230, 120, 0)) in pixels  # the special cause of concern, in orange
    assert spc_chart({"trend": [None, None]}) is None


def test_a_quarter_without_a_value_breaks_the_chart_line():
    from vrptool.report.chart_png import LINE, spc_chart

    def line_pixels(values):
        picture = spc_chart({"trend": values}, width=90, height=30)
        import zlib

        data = zlib.decompress(picture[picture.index(b"IDAT") + 4:picture.index(b"IEND") - 8])
        stride = 90 * 3 + 1
        # the middle third of the picture, where the line from the first to the last value would cross
        return sum(data[y * stride + 1 + x * 3:y * stride + 4 + x * 3] == bytes(LINE)
                   for y in range(30) for x in range(35, 55))

    assert line_pixels([1.0, 1.0, 1.0]) > 0
    assert line_pixels([1.0, None, 1.0]) == 0  # suppressed or missing: never joined across


def test_a_word_report_needs_a_file(run):
    result = run("report", "-q", QUARTER, "--data", BUNDLED, "--format", "docx")
    assert (result.code, result.out) == (2, "")
    assert "name it with -o, e.g. -o report.docx" in result.err


def test_a_word_report_is_refused_into_a_file_named_for_another_format(run, tmp_path):
    result = run("report", "-q", QUARTER, "--data", BUNDLED, "--format", "docx", "-o", tmp_path / "board.xlsx")
    assert result.code == 2 and result.err.startswith("vrptool: -o board.xlsx asks for Excel but --format is docx")


def test_the_same_data_gives_the_same_word_file(tmp_path):
    from vrptool.cli import main

    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    for target in (first, second):
        assert main(["report", "-q", QUARTER, "--data", str(BUNDLED), "--today", "2026-12-01", "-o", str(target)]) == 0
    assert first.read_bytes() == second.read_bytes()


def test_ci_installs_what_these_tests_need():
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text("utf-8")
    assert "libreoffice-writer-nogui" in ci and "poppler-utils" in ci
