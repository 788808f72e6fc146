"""The HTML report printed to A4 by a real browser (headless Chromium), read back with pdftotext.

Chromium and poppler-utils are Debian packages that `.ci/run` installs; without them these tests
fail, never skip: a report the board cannot print is a broken report.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from tests.conftest import ROOT
from vrptool.cli import main

# A real browser (the marker's definition of slow); one worker prints, once a session, for all of them.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("chromium")]

TODAY = "2026-11-21"
BANNER = "ILLUSTRATIVE DATA: not the partnership’s figures"
MM = 72 / 25.4  # PDF points per millimetre


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: `.ci/run` installs it (apt-get install chromium poppler-utils)")
    return path


class Word:
    def __init__(self, x_min, y_min, x_max, y_max, text):
        self.x_min, self.y_min, self.x_max, self.y_max, self.text = x_min, y_min, x_max, y_max, text

    def overlaps(self, other: Word, slack: float = 0.5) -> bool:
        return (self.x_min < other.x_max - slack and other.x_min < self.x_max - slack
                and self.y_min < other.y_max - slack and other.y_min < self.y_max - slack)


class _Boxes(HTMLParser):
    """pdftotext -bbox output: pages of words with their boxes."""

    def __init__(self):
        super().__init__()
        self.pages: list[dict] = []
        self._word: list | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "page":
            self.pages.append({"width": float(values["width"]), "height": float(values["height"]), "words": []})
        elif tag == "word":
            self._word = [float(values[k]) for k in ("xmin", "ymin", "xmax", "ymax")]

    def handle_data(self, data):
        if self._word is not None:
            self.pages[-1]["words"].append(Word(*self._word, data))

    def handle_endtag(self, tag):
        if tag == "word":
            self._word = None


class _Headings(HTMLParser):
    """Section headings (h2, h3) and column headers (th scope=col) of the HTML, as text."""

    def __init__(self):
        super().__init__()
        self.headings: list[str] = []
        self.headers: list[str] = []
        self._into: list | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("h2", "h3"):
            self._into, self._text = self.headings, []
        elif tag == "th" and ("scope", "col") in attrs:
            self._into, self._text = self.headers, []

    def handle_data(self, data):
        if self._into is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._into is not None and tag in ("h2", "h3", "th"):
            self._into.append(" ".join("".join(self._text).split()))
            self._into = None


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> tuple[str, list[dict]]:
    folder = tmp_path_factory.mktemp("print")
    html, pdf = folder / "report.html", folder / "report.pdf"
    assert main(["report", "--data", str(ROOT / "data"), "--quarter", "latest", "--format", "html",
                 "--today", TODAY, "-o", str(html)]) == 0
    chromium, pdftotext = tool("chromium"), tool("pdftotext")
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={folder / 'profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", html.as_uri()],
                   check=True, capture_output=True, timeout=180)
    boxes = folder / "boxes.html"
    subprocess.run([pdftotext, "-bbox", str(pdf), str(boxes)], check=True, capture_output=True, timeout=60)
    parser = _Boxes()
    parser.feed(boxes.read_text("utf-8"))
    return html.read_text("utf-8"), parser.pages


def page_text(page: dict) -> str:
    return " ".join(w.text for w in page["words"])


def test_every_section_heading_and_table_header_is_printed(printed):
    html, pages = printed
    expected = _Headings()
    expected.feed(html)
    assert "Main points" == expected.headings[0]
    assert {"Every indicator at a glance", "Indicators", "Completeness", "Groups", "Crest tracker"} <= set(
        expected.headings)
    text = " ".join(page_text(p) for p in pages)
    for heading in expected.headings + expected.headers:
        assert heading in text, heading


def test_the_banner_is_in_the_top_margin_of_every_page_and_covers_nothing(printed):
    _, pages = printed
    assert len(pages) > 3
    first = BANNER.split()[0]
    for number, page in enumerate(pages, 1):
        top = [w for w in page["words"] if w.y_max <= 15 * MM]  # the page's top margin
        assert " ".join(w.text for w in top) == BANNER, f"page {number}"
        below = [w for w in page["words"] if w.y_min > 15 * MM]
        assert all(not b.overlaps(w) for b in top for w in below), f"page {number}"
        # in the body, only the first page repeats it, as the in-flow notice
        assert sum(w.text == first for w in below) == (1 if number == 1 else 0)


def test_page_x_of_y_on_every_page(printed):
    _, pages = printed
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in page_text(page)


def test_no_text_is_printed_over_other_text_or_off_the_page(printed):
    """Text drawn over text is a column overflowing into the next, or a banner over content."""
    _, pages = printed
    for number, page in enumerate(pages, 1):
        words = sorted(page["words"], key=lambda w: w.x_min)
        for i, word in enumerate(words):
            assert 0 <= word.x_min and word.x_max <= page["width"] and word.y_max <= page["height"], word.text
            for other in words[i + 1:]:
                if other.x_min >= word.x_max:
                    break
                assert not word.overlaps(other), f"page {number}: {word.text!r} over {other.text!r}"


def test_page_one_says_what_improved_what_needs_concern_and_what_is_late(printed):
    _, pages = printed
    first = page_text(pages[0])
    for words in ("Main points", "Improved (special cause)", "1.1.1.f", "3.1.1.a", "Needs concern", "5.1.1.b",
                  "5.1.3.b", "Overdue actions", "248", "ToRs overdue for review", "2 years 10 months overdue",
                  "Crest recommendations achieved this quarter"):
        assert words in first, words


def test_page_one_holds_all_the_main_points_and_page_two_begins_the_next_section(printed):
    """Page 1 is the board's one page: none of it runs over onto a page of its own (a line of the
    ToRs overdue left alone on page 2, before the next section's page break)."""
    _, pages = printed
    body = [w.text for w in pages[1]["words"] if w.y_min > 15 * MM]
    assert " ".join(body[:5]) == "Every indicator at a glance", body[:12]
    assert "TVRP: due 2024-11-30" in page_text(pages[0])


def test_columns_empty_in_every_row_are_left_out(printed):
    html, _ = printed
    expected = _Headings()
    expected.feed(html)
    # the bundled framework sets no target: no Target column, no assurance column
    assert "Target" not in expected.headers and "Assurance" not in expected.headers
    # n is shown only where some indicator of the success measure has an n (1.1.1 has none)
    table = html[html.index("Success measure 1.1.1"):html.index("</table>", html.index("Success measure 1.1.1"))]
    assert ">n</th>" not in table and ">Source</th>" in table
    table = html[html.index("Success measure 2.2.2"):html.index("</table>", html.index("Success measure 2.2.2"))]
    assert ">n</th>" in table


def test_each_outcome_is_stated_once(printed):
    html, _ = printed
    for outcome in re.findall(r"<h4>Outcome (\d+\.\d+)", html):
        assert html.count(f"<h4>Outcome {outcome}:") + html.count(f"<h4>Outcome {outcome}<") == 1
