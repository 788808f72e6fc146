"""Prose from the data, split into text and footnote citations for the templates to format."""

from __future__ import annotations

import re

from vrptool.index import FOOTNOTE_MARK

_SPACE = re.compile(r"\s+")


def segments(text: str) -> list[dict]:
    """'a[^sna] b' -> [{'text': 'a'}, {'note': 'sna'}, {'text': ' b'}] (white space folded)."""
    parts: list[dict] = []
    position = 0
    for mark in FOOTNOTE_MARK.finditer(text):
        if mark.start() > position:
            parts.append({"text": _SPACE.sub(" ", text[position:mark.start()])})
        parts.append({"note": mark.group(1)})
        position = mark.end()
    if position < len(text):
        parts.append({"text": _SPACE.sub(" ", text[position:])})
    return parts


class Notes:
    """Numbers footnotes in the order a document first cites them."""

    def __init__(self, texts: dict[str, str]) -> None:
        self._texts = texts
        self._order: list[str] = []

    def __call__(self, note_id: str) -> int:
        if note_id not in self._order:
            self._order.append(note_id)
        return self._order.index(note_id) + 1

    def cited(self) -> list[dict]:
        """The notes cited so far, each with its number and its text as segments."""
        return [{"number": number, "text": segments(self._texts[note_id])}
                for number, note_id in enumerate(self._order, start=1)]
