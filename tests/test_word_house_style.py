"""Word output in the partnership's house style (templates/reference.docx), checked in the file
and, as partners see it, in a real office suite: LibreOffice converts each document to PDF and
the test reads the pages. LibreOffice and poppler are required (.ci/run installs them): without
them these tests fail, never skip."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import RGBColor
from lxml import etree

from tests.conftest import ROOT, required_tool

DOCUMENTS = ["tvrp", "dawg", "engagement", "ieo", "strategy"]
#: Every test here on the worker that renders the session's Word documents (conftest.word_documents)
#: and converts them: each other worker would render them all again.
pytestmark = pytest.mark.xdist_group("office")


def office(test):
    """A test reading the pages of the session's one LibreOffice conversion (conftest.word_pdfs)."""
    return pytest.mark.slow(pytest.mark.xdist_group("office")(test))


@pytest.fixture
def word(word_documents) -> Path:
    """Every ToR and the strategy as .docx, rendered from the bundled data (once a session)."""
    return word_documents


@pytest.fixture(scope="module")
def pages(word_pdfs) -> dict[str, list[str]]:
    """Each document's pages as LibreOffice lays them out, as text (pdftotext, one page each)."""
    result = {}
    for name in DOCUMENTS:
        text = subprocess.run([required_tool("pdftotext"), str(word_pdfs / f"{name}.pdf"), "-"], check=True,
                              capture_output=True, text=True).stdout
        result[name] = text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")
    return result


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@office
@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_heading_is_on_a_page(name, word, pages):
    document = Document(str(word / f"{name}.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading") or p.style.name == "Title"]
    assert len(headings) >= 8
    text = _flat(" ".join(pages[name]))
    for heading in headings:
        assert _flat(heading) in text, heading


@office
@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_page_is_numbered_page_x_of_y(name, pages):
    count = len(pages[name])
    assert count >= 3
    for number, page in enumerate(pages[name], start=1):
        assert f"Page {number} of {count}" in page, number


@office
@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_table_row_is_split_across_pages(name, word, pages):
    """Each row's cells begin and end on one page: some page holds the first and the last words
    of every cell of the row (a split row leaves its last words to the next page)."""
    document = Document(str(word / f"{name}.docx"))
    flat_pages = [_flat(page) for page in pages[name]]
    checked = 0
    for table in document.tables:
        for row in table.rows[1:]:  # the header row repeats on every page
            cells = [cell for cell in row.cells if cell.text.strip()]
            if len({id(cell._tc) for cell in cells}) != len(cells) or any(
                    cell._tc.tcPr is not None and cell._tc.tcPr.find(qn("w:vMerge")) is not None for cell in row.cells):
                continue  # a cell merged down the rows (the Theory of Change's inputs) spans pages by design
            ends = [(" ".join(cell.text.split()[:2]), " ".join(cell.text.split()[-2:])) for cell in cells]
            assert any(all(begin in page and end in page for begin, end in ends) for page in flat_pages), \
                (name, ends)
            checked += 1
    assert checked >= (3 if name != "strategy" else 6)


def _words(text: str) -> Counter:
    # Letters and digits apart: a footnote's number prints against the word it follows ("maturity7").
    # Hyphens out: pdftotext joins a word broken at its hyphen at a line's end ("multiagency").
    return Counter(re.findall(r"[^\W\d_]+|\d+", re.sub(r"(?<=\w)-(?=\w)", "", text).casefold()))


@office
@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_word_of_the_document_is_on_its_pages(name, word, pages):
    """Every word of the body, as often as the body has it, is on some page: a layout that gives
    up on a table (rows kept whole beside a cell merged down a page and more) leaves rows off."""
    body = Document(str(word / f"{name}.docx")).element.body
    written = _words(" ".join(text.text or "" for text in body.iter(qn("w:t"))))
    printed = _words(" ".join(pages[name]))
    assert sum(written.values()) > 500
    assert written - printed == Counter(), name


def test_the_committed_reference_document_is_the_house_style_built_afresh():
    from vrptool.render.house_style import build

    assert (ROOT / "templates" / "reference.docx").read_bytes() == build()


def test_a_word_document_carries_only_the_styles_and_parts_in_use(run, tmp_path):
    """The template's unused table styles, its Word 2010 copy of the styles and its thumbnail were
    nine tenths of every ToR's Word file and half the time of writing it."""
    from vrptool.render.house_style import TABLE_STYLES

    assert run("render", "tor", "ieo", "-f", "docx", "-o", tmp_path).code == 0
    with zipfile.ZipFile(tmp_path / "ieo.docx") as docx:
        names = set(docx.namelist())
        styles = etree.fromstring(docx.read("word/styles.xml"))
    assert "word/stylesWithEffects.xml" not in names and "docProps/thumbnail.jpeg" not in names
    tables = {style.find(qn("w:name")).get(qn("w:val"))
              for style in styles.iterfind(qn("w:style")) if style.get(qn("w:type")) == "table"}
    assert tables == set(TABLE_STYLES)
    # the styles the writer gives paragraphs are all still there
    paragraphs = {style.find(qn("w:name")).get(qn("w:val"))
                  for style in styles.iterfind(qn("w:style")) if style.get(qn("w:type")) == "paragraph"}
    assert {"Title", "heading 1", "heading 5", "List Bullet", "List Bullet 3", "Placeholder"} <= paragraphs
    assert (tmp_path / "ieo.docx").stat().st_size < 25_000


def _styles(path: Path):
    with zipfile.ZipFile(path) as docx:
        return etree.fromstring(docx.read("word/styles.xml")), etree.fromstring(docx.read("word/numbering.xml"))


def test_styles_are_arial_in_british_english_with_distinct_list_levels(word):
    styles, numbering = _styles(word / "ieo.docx")
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "en-GB"
    assert defaults.find(qn("w:rFonts")).get(qn("w:ascii")) == "Arial"
    document = Document(str(word / "ieo.docx"))
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Heading 5", "List Bullet",
                 "Table Grid"):
        style = document.styles[name]
        assert style.font.name == "Arial", name
        assert not style.font.all_caps and not style.font.small_caps, name
        assert style.font.color.theme_color is None and style.font.color.rgb == RGBColor(0x11, 0x11, 0x11), name
        fonts = style.element.rPr.find(qn("w:rFonts"))
        assert not [a for a in fonts.attrib if a.lower().endswith("theme")], name
    glyphs = []
    for name in ("List Bullet", "List Bullet 2", "List Bullet 3"):
        number_id = document.styles[name].element.pPr.find(f"{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
        abstract = next(n.find(qn("w:abstractNumId")).get(qn("w:val")) for n in numbering.iter(qn("w:num"))
                        if n.get(qn("w:numId")) == number_id)
        level = next(a for a in numbering.iter(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract)
        glyphs.append(level.find(f"{qn('w:lvl')}/{qn('w:lvlText')}").get(qn("w:val")))
    assert glyphs == ["•", "–", "▪"]
    # The ToR's lists use all three levels.
    used = {p.style.name for p in document.paragraphs}
    assert {"List Bullet", "List Bullet 2", "List Bullet 3"} <= used


def test_html_and_word_agree_in_typeface_and_heading_case(word, tmp_path):
    from vrptool.cli import main

    assert main(["render", "tor", "ieo", "--data", str(ROOT / "data"), "-f", "html", "-o", str(tmp_path)]) == 0
    html = (tmp_path / "ieo.html").read_text("utf-8")
    assert re.search(r"body \{ font-family: Arial, ", html)
    assert "text-transform" not in html and "font-variant" not in html
    document = Document(str(word / "ieo.docx"))
    html_headings = re.findall(r"<h2>(.*?)</h2>", html)
    word_headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [h.replace("&amp;", "&") for h in html_headings] == word_headings


def test_page_header_footer_and_table_rows(word):
    with zipfile.ZipFile(word / "tvrp.docx") as docx:
        names = docx.namelist()
        headers = " ".join(docx.read(n).decode() for n in names if n.startswith("word/header"))
        footers = " ".join(docx.read(n).decode() for n in names if n.startswith("word/footer"))
        body = etree.fromstring(docx.read("word/document.xml"))
    assert "Tactical Violence Reduction Partnership (TVRP) Working Group Terms of Reference, version 2" in headers
    assert 'w:instr="PAGE"' in footers and 'w:instr="NUMPAGES"' in footers and ">Page <" in footers
    rows = list(body.iter(qn("w:tr")))
    assert rows and all(row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in rows)
    header_row = rows[0]
    assert header_row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    fills = [shading.get(qn("w:fill")) for shading in header_row.iter(qn("w:shd"))]
    assert fills == ["E6E6E6"] * 4
    assert all(row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for row in rows[1:])


def test_only_a_table_with_a_cell_merged_down_its_rows_lets_them_split(word):
    body = Document(str(word / "strategy.docx")).element.body
    kept_whole = {}
    for table in body.iter(qn("w:tbl")):
        rows = list(table.iter(qn("w:tr")))
        merged = next(table.iter(qn("w:vMerge")), None) is not None
        kept_whole[merged] = kept_whole.get(merged, set()) | {
            row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in rows}
    assert kept_whole == {True: {False}, False: {True}}  # the logic model, and the strategy's other tables


def test_core_properties_name_the_partnership_and_the_issue_date(word):
    properties = Document(str(word / "dawg.docx")).core_properties
    partnership = "Hampshire, Isle of Wight, Portsmouth and Southampton Violence Reduction Partnership"
    assert properties.title == "Data and Analysis Working Group (DAWG) Terms of Reference"
    assert properties.subject == f"{partnership}: Terms of Reference"
    assert properties.author == properties.last_modified_by == partnership
    assert properties.created == properties.modified == dt.datetime(2023, 10, 19, tzinfo=dt.UTC)
    assert properties.comments == "" and "python-docx" not in f"{properties.author}{properties.comments}"
    strategy = Document(str(word / "strategy.docx")).core_properties
    assert (strategy.title, strategy.subject) == ("HIPS VRP Response Strategy", f"{partnership}: Response Strategy")


def test_a_partnership_s_own_reference_document_gives_its_letterhead_and_fonts(run, data_copy, tmp_path):
    from vrptool.render.house_style import build

    reference = Document(io.BytesIO(build()))
    reference.styles["Normal"].font.name = "Georgia"
    reference.sections[0].header.paragraphs[0].text = "Northshire VRP letterhead"
    templates = tmp_path / "templates"
    templates.mkdir()
    reference.save(str(templates / "reference.docx"))
    out = tmp_path / "out"
    assert run("render", "tor", "dawg", "-f", "docx", "--data", data_copy, "-o", out,
               "--templates", templates).code == 0
    document = Document(str(out / "dawg.docx"))
    assert document.styles["Normal"].font.name == "Georgia"
    header = [p.text for p in document.sections[0].header.paragraphs]
    assert header == ["Northshire VRP letterhead", "Data and Analysis Working Group (DAWG) Terms of Reference, version 1"]
    assert next(p.text for p in document.paragraphs if p.style.name == "Heading 1") == \
        "Distribution list and DAWG membership"


def test_table_cells_hold_no_empty_paragraphs_and_wide_tables_are_set_smaller(word):
    document = Document(str(word / "strategy.docx"))
    toc = next(table for table in document.tables if len(table.columns) == 5)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                if cell.text.strip():
                    assert all(p.text.strip() for p in cell.paragraphs), cell.text[:40]
    sizes = {run.font.size.pt for cell in toc.rows[1].cells for p in cell.paragraphs for run in p.runs}
    assert sizes == {8.5}
