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
from docx.shared import Pt

from .conftest import BOARD_DAY, BOARD_QUARTER, BUNDLED, required_tool

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
    assert bytes((0xC7, 0x50, 0x00)) in pixels  # the special cause of concern, in the HTML chart's orange
    assert spc_chart({"trend": [None, None]}) is None


def _pixels(picture: bytes) -> list[list[bytes]]:
    import struct
    import zlib

    width, height = struct.unpack(">II", picture[16:24])
    data = zlib.decompress(picture[picture.index(b"IDAT") + 4:picture.index(b"IEND") - 8])
    stride = width * 3 + 1
    return [[bytes(data[y * stride + 1 + x * 3:y * stride + 4 + x * 3]) for x in range(width)] for y in range(height)]


def test_the_word_chart_draws_every_quarter_of_the_chart_not_only_the_trend_s():
    """The caption says "over every quarter from ...": 14 quarters of chart, 8 of trend, 14 drawn."""
    from vrptool.report.chart_png import spc_chart

    row = {"trend": [5.0] * 8, "spc": {"points": [
        {"value": 5.0 + (i % 2), "mean": 5.5, "lower": 4.0, "upper": 7.0, "type": "special_cause_concern"}
        for i in range(14)]}}
    pixels = _pixels(spc_chart(row))
    orange = bytes((0xC7, 0x50, 0x00))
    columns = [any(line[x] == orange for line in pixels) for x in range(len(pixels[0]))]
    markers = sum(1 for x, on in enumerate(columns) if on and (x == 0 or not columns[x - 1]))
    assert markers == 14


def test_the_word_chart_leaves_room_for_the_top_marker_and_error_bar():
    from vrptool.report.chart_png import INTERVAL, spc_chart

    row = {"spc": {"points": [
        {"value": v, "mean": 5.0, "lower": 4.0, "upper": 6.0, "type": t, "interval": {"low": v - 2, "high": v + 2}}
        for v, t in ((5.0, "common_cause"), (8.0, "special_cause_concern"), (2.0, "special_cause_improvement"))]}}
    pixels = _pixels(spc_chart(row))
    white = bytes((255, 255, 255))
    assert any(INTERVAL == tuple(p) for line in pixels for p in line)  # the caps are drawn
    for edge in (*pixels[:3], *pixels[-3:]):  # and inside the picture, with room to spare
        assert set(edge) == {white}


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


def test_the_key_has_each_chart_symbol_in_the_chart_s_colour_and_it_prints(board_pack):
    from vrptool.report.charts import COLOURS

    document = Document(str(board_pack["docx"]))
    key = next(p for p in document.paragraphs if p.text.startswith("Key: "))
    symbols = {run.text: str(run.font.color.rgb) for run in key.runs if run.text in "●■▲◆"}
    assert symbols == {"●": COLOURS["common_cause"][1:].upper(),
                       "■": COLOURS["special_cause_improvement"][1:].upper(),
                       "▲": COLOURS["special_cause_concern"][1:].upper()}
    variation = next(p for p in document.paragraphs if p.text.startswith("Variation: "))
    assert {run.text: str(run.font.color.rgb) for run in variation.runs if run.text in "■▲"} == {
        "■": COLOURS["special_cause_improvement"][1:].upper(), "▲": COLOURS["special_cause_concern"][1:].upper()}
    printed = _squashed(" ".join(board_pack["pages"]))
    assert "Key: ● common cause · ■ special cause, improvement · ▲ special cause, concern · dashed lines" in printed


def test_the_summary_table_s_verdict_symbols_are_coloured_as_the_key(board_pack):
    """The HTML colours each verdict's symbol in the table; in Word it printed black beside a coloured key."""
    from vrptool.report.charts import COLOURS

    document = Document(str(board_pack["docx"]))
    coloured = {(run.text, str(run.font.color.rgb)) for table in document.tables for row in table.rows
                for cell in row.cells for paragraph in cell.paragraphs for run in paragraph.runs
                if run.text in "●■▲" and run.font.color.rgb is not None}
    assert ("●", COLOURS["common_cause"][1:].upper()) in coloured
    assert ("■", COLOURS["special_cause_improvement"][1:].upper()) in coloured
    assert ("▲", COLOURS["special_cause_concern"][1:].upper()) in coloured


def test_every_chart_sits_below_its_cell_s_top_border(board_pack):
    """The picture's white would otherwise cover the border and seem to cut off its top point."""
    from vrptool.report.word import CHART_HEADROOM

    document = Document(str(board_pack["docx"]))
    paragraphs = [p for t in document.tables for row in t.rows for cell in row.cells for p in cell.paragraphs
                  if p._p.xpath(".//pic:pic")]
    assert paragraphs and CHART_HEADROOM >= Pt(2)
    assert all(p.paragraph_format.space_before == CHART_HEADROOM for p in paragraphs)


def test_every_heading_of_the_report_prints_in_arial(board_pack, word_pdfs):
    """Success measures are Heading 4: in the theme's font they printed in DejaVu, blue italic."""
    document = Document(str(board_pack["docx"]))
    assert any(p.style.name == "Heading 4" and p.text.startswith("Success measure") for p in document.paragraphs)
    fonts = subprocess.run([required_tool("pdffonts"), str(word_pdfs / "board.pdf")], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    names = {line.split()[0].split("+")[-1] for line in fonts}
    # LibreOffice prints Arial as Liberation Sans, its metric twin
    assert names and all(name.startswith(("Arial", "LiberationSans")) for name in names), names


def test_a_word_report_needs_a_file(run):
    result = run("report", "-q", QUARTER, "--data", BUNDLED, "--format", "docx")
    assert (result.code, result.out) == (2, "")
    assert "name it with -o, e.g. -o report.docx" in result.err


def test_a_word_report_is_refused_into_a_file_named_for_another_format(run, tmp_path):
    result = run("report", "-q", QUARTER, "--data", BUNDLED, "--format", "docx", "-o", tmp_path / "board.xlsx")
    assert result.code == 2 and result.err.startswith("vrptool: -o board.xlsx asks for Excel but --format is docx")


def test_the_same_data_gives_the_same_word_file(word_documents, tmp_path):
    """Made again, later in the session, as the session's board report was made."""
    from vrptool.cli import main

    again = tmp_path / "again.docx"
    assert main(["report", "-q", QUARTER, "--data", str(BUNDLED), "--today", BOARD_DAY, "-o", str(again)]) == 0
    assert again.read_bytes() == (word_documents / "board.docx").read_bytes()


def test_ci_installs_what_these_tests_need():
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text("utf-8")
    assert "libreoffice-writer-nogui" in ci and "poppler-utils" in ci
