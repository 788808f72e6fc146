"""'Did you mean …?' for near misses."""

from __future__ import annotations

from collections.abc import Iterable


def shorten(value: object, width: int = 60) -> str:
    """Text short enough to quote in a message (a hostile file may hold a megabyte in one value)."""
    text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def nearest(value: object, candidates: Iterable[str]) -> str | None:
    """The candidate close enough to value to be what was meant, or None."""
    if len(str(value)) > 64:
        return None  # no id is that long, and comparing it would be slow
    import difflib  # here: most runs suggest nothing

    candidates = [c for c in candidates if len(c) <= 64]
    matches = difflib.get_close_matches(str(value), candidates, n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(value: object, candidates: Iterable[str], otherwise: str = "") -> str:
    """'; did you mean 'x'?' when a candidate is close to value, else ''; with `otherwise` (what to do
    when nothing was misspelt), "; did you mean 'x'? If not, add it with …", else "; add it with …".

    A question is a sentence of its own: what follows it starts a new one, never "?;".
    """
    match = nearest(value, candidates)
    if match is None:
        return f"; {otherwise}" if otherwise else ""
    return f"; did you mean '{match}'?" + (f" If not, {otherwise}" if otherwise else "")
