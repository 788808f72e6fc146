"""vrptool render tor: the rendered ToRs carry, section by section, what the seed ToRs carry."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from lxml import etree

from tests.conftest import ROOT
from tests.seedtext import CORRECTIONS, SEEDS, TORS, normalise

HEADINGS = [
    "distribution list and", "introduction", "vision and mission",
    "aims and activities linked to the theory of change (toc)", "crest advisory recommendations",
    "outcomes based performance framework", "partner responsibilities", "reporting relationships",
    "meeting frequency and format", "administration", "data sharing",
]
INDICATOR = re.compile(r"\((\d+\.\d+\.\d+\.[a-z])\)")

#: Where the rendered wording differs from a seed's on purpose, by document.
REWORDED: dict[str, dict[str, str]] = {}


def seed_sections(name: str) -> dict[str, list[str]]:
    """The seed's lines, by section heading (the part before the first heading is 'title')."""
    sections: dict[str, list[str]] = {"title": []}
    current = "title"
    raw = (SEEDS / name).read_text("utf-8")
    raw = re.sub(r"\[\d+:[^\]]*\]", " ", raw)  # footnote bodies: compared separately
    for line in raw.splitlines():
        text = normalise(line)
        heading = next((h for h in HEADINGS if text == h or (h == HEADINGS[0] and text.startswith(h))), None)
        if heading:
            current = heading
            sections[current] = []
        elif text:
            sections[current].append(text)
    return sections


def seed_footnotes(name: str) -> list[str]:
    raw = (SEEDS / name).read_text("utf-8")
    for wrong, right in CORRECTIONS.items():
        raw = raw.replace(wrong, right)
    return [normalise(body) for body in re.findall(r"\[\d+:([^\]]*)\]", raw)]


def unmark(markdown: str) -> str:
    """Rendered Markdown as plain text, for comparing with the seed's plain text."""
    text = re.sub(r"(?m)^\[\^\d+\]: ", "", markdown)
    text = re.sub(r"\[\^\d+\]", "", text)
    text = re.sub(r"\\(.)", r"\1", text)
    text = text.replace("<br>", " ").replace("|", " ").replace("**", "")
    return normalise(text)


def rendered_sections(markdown: str) -> dict[str, str]:
    sections, current = {"title": []}, "title"
    for line in markdown.splitlines():
        if line.startswith("## "):
            text = normalise(line[3:])
            current = next(h for h in HEADINGS if text == h or (h == HEADINGS[0] and text.startswith(h)))
            sections[current] = []
        else:
            sections[current].append(line)
    return {name: unmark("\n".join(lines)) for name, lines in sections.items()}


def loose(text: str) -> str:
    """The seeds word 'success measure(s)' and 'data source(s)' without regard to number."""
    text = text.replace("success measures", "success measure").replace("data sources", "data source")
    return re.sub(r"[.:;,]+(\s|$)", r"\1", text).strip()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    from vrptool.cli import main

    out = tmp_path_factory.mktemp("tors")
    assert main(["render", "tor", "--all", "--data", str(ROOT / "data"), "-o", str(out)]) == 0
    return out


@pytest.mark.parametrize("group", TORS)
def test_every_line_of_each_seed_section_is_in_the_same_rendered_section(group, rendered):
    from ruamel.yaml import YAML

    obpf = YAML(typ="safe").load((ROOT / "data" / "obpf.yaml").read_text("utf-8"))
    indicator_texts = {i["id"]: normalise(re.sub(r"\[\^[a-z-]+\]", "", i["text"]))
                       for a in obpf["areas"] for o in a["outcomes"] for m in o["measures"] for i in m["indicators"]}
    ours = rendered_sections((rendered / f"{group}.md").read_text("utf-8"))
    for wrong, right in REWORDED.get(group, {}).items():
        ours = {name: text.replace(right, wrong) for name, text in ours.items()}
    seeds = seed_sections(TORS[group])
    assert set(seeds) - {"title"} <= set(ours), set(seeds) - set(ours)
    for section, lines in seeds.items():
        if section == "title":
            continue
        text = loose(ours[section])
        for line in lines:
            if re.fullmatch(r"version \d+ sent:", line):
                continue  # the version is stated once, in the title, not in every row
            cited = INDICATOR.search(line)
            if cited:  # an indicator: its number and its wording (the source prefix is ours)
                assert f"({cited.group(1)})" in text and loose(indicator_texts[cited.group(1)]) in text, line
            else:
                assert loose(line) in text, (section, line)


@pytest.mark.parametrize("group", TORS)
def test_every_seed_footnote_is_a_rendered_footnote(group, rendered):
    markdown = (rendered / f"{group}.md").read_text("utf-8")
    notes = [unmark(line) for line in markdown.splitlines() if re.match(r"\[\^\d+\]: ", line)]
    strip = lambda text: re.sub(r"[^\w ]", "", text)  # noqa: E731 - the seeds' list lost its punctuation
    for body in seed_footnotes(TORS[group]):
        assert any(strip(body) in strip(note) for note in notes), body


def test_the_title_states_version_and_month(rendered):
    tvrp = (rendered / "tvrp.md").read_text("utf-8").splitlines()
    assert tvrp[0] == "# Tactical Violence Reduction Partnership (TVRP) Working Group"
    assert "Terms of Reference (ToR), version 2, November 2023" in tvrp
    dawg = (rendered / "dawg.md").read_text("utf-8")
    assert "Terms of Reference (ToR), version 1, October 2023" in dawg


def test_the_membership_table_has_one_row_per_member(rendered):
    rows = [line for line in (rendered / "ieo.md").read_text("utf-8").splitlines() if line.startswith("| ")]
    assert rows[0] == "| Agency | Specified or Relevant Authority[^1] | Name & Role / Partner | Date Sent |"
    assert len(rows) == 1 + 11
    assert "| Prison Service | Relevant Authority | No representation at this stage | 19/10/2023 |" in rows
    assert ("| Probation | Specified Authority | Senior Probation Officer<br>Head of Community Integration "
            "| 19/10/2023 |") in rows


def render(run, data: Path, *args: str):
    return run("render", "tor", *args, "--data", data, cwd=data.parent)


def test_an_achieved_recommendation_changes_exactly_the_tor_that_owned_it(run, data_copy):
    out = data_copy.parent / "tors"
    assert render(run, data_copy, "--all", "-o", out).code == 0
    before = {path.name: path.read_text("utf-8") for path in out.iterdir()}
    crest = data_copy / "crest.yaml"
    text = crest.read_text("utf-8")
    at = text.index('id: "6.2"')
    status = text.index("status: open", at)
    crest.write_text(text[:status] + "status: achieved\n    achieved_on: 2024-09-30\n"
                     "    evidence: Unified data sharing framework agreed" + text[status + len("status: open"):])
    check = render(run, data_copy, "--all", "-o", out, "--check")
    assert check.code == 1
    assert check.out.strip() == f"{out / 'dawg.md'}: out of date with the data"
    assert render(run, data_copy, "--all", "-o", out).code == 0
    after = {path.name: path.read_text("utf-8") for path in out.iterdir()}
    assert [name for name in before if before[name] != after[name]] == ["dawg.md"]
    assert "(6.2)" in before["dawg.md"] and "(6.2)" not in after["dawg.md"]
    assert "(6.1)" in after["dawg.md"] and "(6.3)" in after["dawg.md"]
    assert render(run, data_copy, "--all", "-o", out, "--check").code == 0


def test_check_names_missing_files(run, data_copy):
    result = render(run, data_copy, "tvrp", "-o", data_copy.parent / "nowhere", "--check")
    assert result.code == 1
    assert result.out.strip().endswith("tvrp.md: missing")
    assert not (data_copy.parent / "nowhere").exists()


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.urls, self.headings, self.text = [], [], [], []
        self._heading = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        for name, value in attrs:
            if name in ("href", "src", "action", "srcset", "poster", "data"):
                self.urls.append(value)
        if tag in ("h1", "h2", "h3"):
            self._heading = [tag, ""]

    def handle_endtag(self, tag):
        if self._heading and tag == self._heading[0]:
            self.headings.append(tuple(self._heading))
            self._heading = None

    def handle_data(self, data):
        self.text.append(data)
        if self._heading:
            self._heading[1] += data


def test_html_is_self_contained_and_accessible(run, data_copy):
    out = data_copy.parent / "html"
    assert render(run, data_copy, "dawg", "--format", "html", "-o", out).code == 0
    html = (out / "dawg.html").read_text("utf-8")
    page = _Page()
    page.feed(html)
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert all(url.startswith("#") for url in page.urls), page.urls
    assert "@import" not in html and "url(" not in html
    assert [level for level, _ in page.headings] == ["h1"] + ["h2"] * 10
    assert page.headings[1] == ("h2", "Distribution list and DAWG membership")
    header_cells = [attrs.get("scope") for tag, attrs in page.tags if tag == "th"]
    assert header_cells[:4] == ["col"] * 4 and header_cells.count("row") == 10
    assert '<html lang="en-GB">' in html and "@page { size: A4" in html


HOSTILE = "<script>alert(1)</script> {{ 7*7 }} {% include 'x' %} a | b"


def test_data_text_comes_out_literally_in_every_format(run, data_copy):
    group = data_copy / "groups" / "dawg.yaml"
    group.write_text(group.read_text("utf-8").replace(
        "  - Be open to and provide support to other Partners, sharing best practice.\n",
        f"  - \"{HOSTILE}\"\n"), "utf-8")
    out = data_copy.parent / "out"
    for output_format in ("md", "html", "docx"):
        assert render(run, data_copy, "dawg", "--format", output_format, "-o", out).code == 0
    html = (out / "dawg.html").read_text("utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} {% include &#39;x&#39; %} a | b" in html
    markdown = (out / "dawg.md").read_text("utf-8")
    assert r"- \<script\>alert(1)\</script\> {{ 7\*7 }} {% include 'x' %} a \| b" in markdown
    from docx import Document
    texts = [p.text for p in Document(str(out / "dawg.docx")).paragraphs]
    assert HOSTILE in texts


def test_word_output_has_real_headings_table_lists_and_notes(run, data_copy):
    from docx import Document

    out = data_copy.parent / "docx"
    assert render(run, data_copy, "ieo", "--format", "docx", "-o", out).code == 0
    document = Document(str(out / "ieo.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Distribution list and IEO membership", "Introduction", "Vision and mission",
                        "Aims and activities linked to the Theory of Change (ToC)", "Crest Advisory recommendations",
                        "Outcomes Based Performance Framework", "Partner responsibilities", "Reporting relationships",
                        "Meeting frequency and format", "Administration"]
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [
        "Interventions, Evaluations and Opportunities (IEO) Working Group"]
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Agency", "Specified or Relevant Authority",
                                                     "Name & Role / Partner", "Date Sent"]
    assert [r.get(qn("w:id")) for r in table.rows[0].cells[1]._tc.iter(qn("w:footnoteReference"))] == ["1"]
    assert len(table.rows) == 12
    assert table.rows[5].cells[0].text == "Health – Integrated Care Boards"
    assert table.rows[5].cells[2].text == "Senior Programme Manager, Mental Health Crisis Care\nRepresentation from Hampshire ICB"
    bullets = " ".join(p.text for p in document.paragraphs if p.style.name.startswith("List Bullet"))
    for number in ["4.a", "4.g", "3.1", "7.2", "5.1.1.a", "5.3.1.b"]:
        assert f"({number})" in bullets, number
    assert document.core_properties.title == "Interventions, Evaluations and Opportunities (IEO) Working Group Terms of Reference"


def test_word_notes_are_word_footnotes_with_the_texts_of_the_other_formats(run, data_copy):
    out = data_copy.parent / "out"
    for output_format in ("md", "docx"):
        assert render(run, data_copy, "ieo", "--format", output_format, "-o", out).code == 0
    markdown_notes = {int(number): text for number, text in
                      re.findall(r"^\[\^(\d+)\]: (.*)$", (out / "ieo.md").read_text("utf-8"), re.M)}
    with zipfile.ZipFile(out / "ieo.docx") as docx:
        footnotes = etree.fromstring(docx.read("word/footnotes.xml"))
        body = etree.fromstring(docx.read("word/document.xml"))
        assert 'relationships/footnotes" Target="footnotes.xml"' in docx.read("word/_rels/document.xml.rels").decode()
    word_notes = {int(note.get(qn("w:id"))): "".join(note.itertext()).strip()
                  for note in footnotes.iter(qn("w:footnote")) if int(note.get(qn("w:id"))) > 0}
    assert len(word_notes) == 9
    assert word_notes[1] == "As stated within the Home Office Serious Violence Duty (SVD) Statutory Guidance, December 2022."
    assert word_notes == {number: text.replace("\\", "") for number, text in markdown_notes.items()}
    references = [int(r.get(qn("w:id"))) for r in body.iter(qn("w:footnoteReference"))]
    assert references == sorted(word_notes)  # each note marked once, in order
    # Note 3 is cited twice: the second citation shows its number, superscript.
    superscript_texts = [run.findtext(qn("w:t")) for run in body.iter(qn("w:r"))
                         if run.find(f"{qn('w:rPr')}/{qn('w:vertAlign')}") is not None]
    assert superscript_texts.count("3") == 1
    assert (out / "ieo.md").read_text("utf-8").count("[^3]") == 3  # twice cited, once defined


def test_word_keeps_what_a_user_template_puts_among_the_notes():
    from docx import Document

    from vrptool.render.docx_writer import html_to_docx

    html = ('<p>See<sup><a href="#note-1">1</a></sup> and <a href="#note-x">this</a>.</p>'
            '<section class="footnotes"><ol><li>An unnumbered aside</li><li id="note-1">The note</li></ol></section>')
    content = html_to_docx(html, title="t", author="a", date=dt.date(2024, 1, 1))
    document = Document(io.BytesIO(content))
    assert [p.text for p in document.paragraphs] == ["See and this.", "An unnumbered aside"]
    with zipfile.ZipFile(io.BytesIO(content)) as docx:
        footnotes = etree.fromstring(docx.read("word/footnotes.xml"))
    assert ["".join(n.itertext()).strip() for n in footnotes.iter(qn("w:footnote"))] == ["", "", "The note"]


def test_word_output_is_byte_for_byte_repeatable(run, data_copy):
    out = data_copy.parent / "docx"
    assert render(run, data_copy, "tvrp", "--format", "docx", "-o", out).code == 0
    first = (out / "tvrp.docx").read_bytes()
    assert render(run, data_copy, "tvrp", "--format", "docx", "-o", out, "--check").code == 0
    assert render(run, data_copy, "tvrp", "--format", "docx", "-o", out).code == 0
    assert (out / "tvrp.docx").read_bytes() == first


def test_an_unknown_group_is_a_usage_error(run, data_copy):
    result = render(run, data_copy, "dawgg")
    assert result.code == 2
    assert "no group 'dawgg'" in result.err and "did you mean 'dawg'?" in result.err


def test_a_group_without_a_tor_is_refused(run, data_copy):
    result = render(run, data_copy, "svrp")
    assert result.code == 1 and "svrp has no Terms of Reference" in result.err


def test_invalid_data_is_refused_and_nothing_is_written(run, data_copy):
    group = data_copy / "groups" / "dawg.yaml"
    group.write_text(group.read_text("utf-8").replace('- id: "2.c"', '- id: "2.x"'), "utf-8")
    out = data_copy.parent / "tors"
    result = render(run, data_copy, "--all", "-o", out)
    assert result.code == 1
    assert "the data has 1 error" in result.err and "[unknown-ref]" in result.err
    assert not out.exists()


def test_an_unwritable_output_directory_is_a_clear_error(run, data_copy):
    blocker = data_copy.parent / "blocker"
    blocker.write_text("a file, not a directory")
    result = render(run, data_copy, "dawg", "-o", blocker / "tors")
    assert result.code == 2
    assert result.err.startswith(f"vrptool: cannot write to {blocker / 'tors'}")
    assert "Traceback" not in result.err


def test_neither_groups_nor_all_is_a_usage_error(run, data_copy):
    assert render(run, data_copy).code == 2
    assert render(run, data_copy, "dawg", "--all").code == 2


def test_templates_can_be_overridden(run, data_copy, tmp_path):
    custom = tmp_path / "templates" / "formats"
    custom.mkdir(parents=True)
    shutil.copy(ROOT / "templates" / "formats" / "md.j2", custom / "md.j2")
    (custom / "md.j2").write_text((custom / "md.j2").read_text("utf-8").replace('{{ "#" * level }} {{ text | md }}', '{{ "#" * (level + 1) }} {{ text | md }}'))
    out = tmp_path / "out"
    assert render(run, data_copy, "dawg", "-o", out, "--templates", tmp_path / "templates").code == 0
    assert "\n### Introduction\n" in (out / "dawg.md").read_text("utf-8")


def test_user_templates_run_in_the_sandbox(run, data_copy, tmp_path):
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "tor.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    result = render(run, data_copy, "dawg", "-o", tmp_path / "out", "--templates", custom)
    assert result.code == 2
    assert "template" in result.err and "Traceback" not in result.err
    assert not (tmp_path / "out").exists()


def test_the_committed_tors_are_current(run):
    """tors/ holds the rendered Markdown ToRs; CI fails when the data moves on without them."""
    result = run("render", "tor", "--all", "--check", cwd=ROOT)
    assert result.code == 0, result.out
    assert result.out.strip() == "4 rendered ToRs are current"


def test_groups_or_all_is_asked_for_as_given(run, data_copy):
    """Neither groups nor --all: asked for one; both: told not both (a usage error either way)."""
    neither = render(run, data_copy)
    assert neither.code == 2 and "name one or more groups, or pass --all\n" in neither.err
    both = render(run, data_copy, "dawg", "--all")
    assert both.code == 2 and "name one or more groups, or pass --all (not both)\n" in both.err


def test_an_output_folder_that_is_a_file_is_named_as_one(run, data_copy):
    readme = data_copy.parent / "README.md"
    readme.write_text("# notes\n")
    result = render(run, data_copy, "dawg", "-o", readme)
    assert result.code == 2
    assert result.err == f"vrptool: -o names a folder to write into, but {readme} is a file; name a folder\n"
    assert readme.read_text() == "# notes\n"
