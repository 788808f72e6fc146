"""The seed documents as text to compare against: normalised for white space, bullets,
bookmarks and footnote markers, with the corrections listed in data/README.md applied."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(__file__).parent / "seeds"
TORS = {
    "tvrp": "000_e24a37aff17de096.txt",
    "engagement": "002_df590a4f3aa56b36.txt",
    "ieo": "003_34a338049d29200f.txt",
    "dawg": "004_26d632ae8c72a5ba.txt",
}
STRATEGY = "001_2568e149ae9d9f3f.txt"

#: The typos corrected in data/ (each is listed in data/README.md), applied to the seed text.
CORRECTIONS = {
    "HRFS": "HFRS",
    "Hampshire IBC": "Hampshire ICB",
    "has deceased": "has decreased",
    "19/10//2023": "19/10/2023",
    "Future SNA’s": "Future SNAs",
    "outcomes star score in -": "outcomes star score -",
    "Specialist and relevant": "Specified and relevant",
    "specialist and relevant": "specified and relevant",
    "Engagement and Careers": "Engagement and Comms",
    "SD Duty": "SV Duty",
    "off ending": "offending",
    "account ability": "accountability",
    "Increased risk factors and increased protective": "Decreased risk factors and increased protective",
    "(HIT)": "(HIOWT)",
    "ODC Youth Connection": "OPCC Youth Commission",
    "trauma-informed trauma informed training": "trauma-informed training",
    "Artworks & Bearface": "Artswork & Bearface",
    "The Strategic Needs Assessment (SNA) is The Strategic Needs Assessment (SNA)": "The Strategic Needs Assessment (SNA)",
    "Trauma Informed Approach focuses on ‘what has happened to this person, rather": "Trauma Informed focuses on ‘what has happened to this person’, rather",
}


def normalise(text: str) -> str:
    text = re.sub(r"\[bookmark: [^\]]*\]", "", text)
    text = re.sub(r"\[footnoteRef:\d+\]", "", text)
    text = re.sub(r"\[\d+:[^\]]*\]", " ", text)  # footnote bodies, which the extraction inlines
    text = re.sub(r"\[\^[a-z0-9-]+\]", "", text)  # our own footnote marks
    text = re.sub(r"\[([^\]^]+)\]\(#\)", r"\1", text)  # the strategy's links, which lead nowhere
    text = re.sub(r"<sup>\d+</sup>", "", text)  # the strategy's note marks
    text = re.sub(r"<[^>]+>", " ", text)  # the strategy's table cells
    text = text.replace("&amp;", "&").replace("*", "")
    for wrong, right in CORRECTIONS.items():
        text = text.replace(wrong, right)
    text = re.sub(r"(?m)^\s*-\s+", " ", text)  # Markdown bullets of the strategy
    text = re.sub(r"(^|\s)[·•✓➤](?=\s)", " ", text)
    text = re.sub(r"\s+", " ", text)
    return text.casefold().strip()


def seed(name: str) -> str:
    return normalise((SEEDS / name).read_text("utf-8"))


def contains(haystack: str, text: str) -> bool:
    return normalise(text).rstrip(".") in haystack


