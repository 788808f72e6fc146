"""Every rendered document is word-true to its source: every sentence of each seed document
reaches its rendering, but for the deliberate changes listed here and in data/README.md.

(The other direction, every sentence of the data is the source's, is tests/test_data.py.)
Sentences are compared as words, so white space, bullets, punctuation and markup do not count;
the corrections of data/README.md are applied to the seed first. The preservation figure of each
document (the share of its words the rendering carries) is stated in data/README.md and checked
here, so it cannot drift from the truth.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.seedtext import CORRECTIONS, SEEDS, STRATEGY, TORS

DOCUMENTS = {**{group: (name, f"{group}.md") for group, name in TORS.items()}, "strategy": (STRATEGY, "strategy.md")}

#: The seed sentences a rendering does not carry word for word, each with why (data/README.md).
EXCEPTIONS = {
    "tvrp": {},
    "dawg": {},
    "engagement": {
        "distribution list and dawg membership":
            "the table's heading names the group's own membership (copied from the DAWG ToR)",
    },
    "ieo": {
        "interventions evaluations and opportunities ieo working group terms of reference tor":
            "the title and 'Terms of Reference (ToR), version, month' are lines of their own",
    },
    "strategy": {
        "multi agency systems change":
            "the Outputs and Outcomes columns' strand headings: each strand is one row, titled once",
    },
}


def words(text: str) -> list[str]:
    return re.findall(r"[\w£%]+(?:[’'.,]\w+)*", text.casefold())


def seed_text(name: str) -> str:
    """A seed as text: its footnotes inline as lines of their own, its table cells one line per
    item, the corrections of data/README.md applied."""
    raw = (SEEDS / name).read_text("utf-8")
    raw = re.sub(r"\[bookmark: [^\]]*\]|\[footnoteRef:\d+\]|<sup>\d+</sup>", "", raw)
    raw = re.sub(r"\[\d+:([^\]]*)\]", r"\n\1\n", raw)
    raw = re.sub(r"</?(li|p|ul|ol)\b[^>]*>", "\n", raw)
    raw = re.sub(r"<[^>]+>", " ", raw).replace("&amp;", "&")
    raw = re.sub(r"(?m)^\s*[-•·✓➤]\s+", "", raw)
    for wrong, right in CORRECTIONS.items():
        raw = raw.replace(wrong, right)
    return raw


def sentences(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        for sentence in re.split(r"(?<=[.!?:;])\s+", line):
            if words(sentence):
                found.append(" ".join(words(sentence)))
    return found


def rendered_text(markdown: str) -> str:
    return re.sub(r"\[\^\d+\]:?", " ", markdown).replace("\\", "")


def preservation(source: str, rendering: str) -> float:
    """The share of the source's words (counted with repeats) that the rendering carries."""
    wanted, carried = Counter(words(source)), Counter(words(rendering))
    return sum(min(count, carried[word]) for word, count in wanted.items()) / sum(wanted.values())


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    from vrptool.cli import main

    out = tmp_path_factory.mktemp("rendered")
    assert main(["render", "tor", "--all", "--data", str(ROOT / "data"), "-o", str(out)]) == 0
    assert main(["render", "strategy", "--data", str(ROOT / "data"), "-o", str(out)]) == 0
    return out


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_sentence_of_the_source_reaches_the_rendering(document, rendered):
    name, file = DOCUMENTS[document]
    carried = f" {' '.join(words(rendered_text((rendered / file).read_text('utf-8'))))} "
    missing = {sentence for sentence in sentences(seed_text(name)) if f" {sentence} " not in carried}
    assert missing == set(EXCEPTIONS[document]), sorted(missing ^ set(EXCEPTIONS[document]))


def test_every_exception_is_listed_in_the_data_readme():
    readme = (ROOT / "data" / "README.md").read_text("utf-8")
    for exceptions in EXCEPTIONS.values():
        for reason in exceptions.values():
            assert reason in readme, reason


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_preservation_figure_in_the_data_readme_is_true(document, rendered):
    name, file = DOCUMENTS[document]
    figure = preservation(seed_text(name), rendered_text((rendered / file).read_text("utf-8")))
    readme = (ROOT / "data" / "README.md").read_text("utf-8")
    stated = re.search(rf"^\| `{re.escape(file)}` \| [^|]+ \| (\d+\.\d) % \|", readme, re.M)
    assert stated, f"data/README.md states no preservation figure for {file}"
    assert float(stated.group(1)) == round(100 * figure, 1)
    assert figure >= 0.98
