"""What vrptool shows a person at a terminal, and nothing else sees: counts in words, colour for
errors and warnings, and a progress bar for work that takes more than about a second.

rich is imported only when colour or a progress bar is actually shown, so a piped or scripted
run, and `--help`, start as fast as without it. Colour follows the conventions other tools
follow: `NO_COLOR` (any value) turns it off, `FORCE_COLOR` (any value but 0) turns it on where
the output is not a terminal (a CI log), and otherwise it is on only for a terminal.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

#: Seconds of work before a progress bar appears: shorter work would only flicker.
#: `VRPTOOL_PROGRESS_AFTER` changes it (a large number turns progress bars off).
PROGRESS_AFTER = 1.0


def words(count: int, singular: str, plural: str | None = None) -> str:
    """A count in words: "1 value", "3 values"."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def is_terminal(stream: Any) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"
    except (ValueError, OSError):  # a closed stream
        return False


def colour(stream: Any) -> bool:
    """Whether to colour what is written to the stream."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    return is_terminal(stream)


Segment = str | tuple[str, str]  # plain text, or (text, rich style)


def _console(stream: TextIO):
    from rich.console import Console

    # force_terminal: the decision is ours (above); rich only turns styles into the codes the
    # terminal understands, the Windows console's own included.
    return Console(file=stream, force_terminal=True, highlight=False, markup=False, emoji=False,
                   soft_wrap=True, no_color=False)


class Lines:
    """Writes lines made of segments, coloured when the stream is a terminal (see colour())."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.coloured = colour(stream)
        self._console: Any = None  # a rich Console, made on first use

    def write(self, *segments: Segment) -> None:
        if not self.coloured:
            self.stream.write("".join(s if isinstance(s, str) else s[0] for s in segments))
            return
        from rich.text import Text

        if self._console is None:
            self._console = _console(self.stream)
        self._console.print(Text.assemble(*segments), end="")


class ErrorStream:
    """Standard error with the "vrptool:" of each error line in red, on a terminal.

    Every command writes its refusals and errors as lines that begin "vrptool: "; this is the one
    place they are coloured, so no command needs to know whether it writes to a terminal."""

    PREFIX = "vrptool:"

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._lines = Lines(stream)
        self._pending = ""

    def write(self, text: str) -> int:
        self._pending += text
        *complete, self._pending = self._pending.split("\n")
        for line in complete:
            if line.startswith(self.PREFIX):
                self._lines.write((self.PREFIX, "bold red"), line[len(self.PREFIX):] + "\n")
            else:
                self._lines.write(line + "\n")
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self._lines.write(self._pending)
            self._pending = ""
        self._stream.flush()

    @property
    def raw(self) -> TextIO:
        """The stream itself, for what writes to it directly (a progress bar)."""
        return self._stream

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


# Progress. Commands open a piece of work with working(); the loops deep inside (reading files,
# rendering groups, taking rows) call step(), which costs next to nothing when no bar is shown.

class _Work:
    def __init__(self) -> None:
        self.description = ""
        self.total: int | Callable[[], int] | None = None
        self.done = 0
        self.started = time.monotonic()
        self.after = _progress_after()
        self.progress: Any = None
        self.task: Any = None
        self.off = not is_terminal(sys.stderr)

    def phase(self, description: str, total: int | Callable[[], int] | None) -> None:
        self.description, self.total, self.done = description, total, 0
        if self.progress is not None:
            self.progress.update(self.task, description=description, total=self._total(), completed=0)

    def _total(self) -> int | None:
        return self.total() if callable(self.total) else self.total

    def step(self) -> None:
        self.done += 1
        if self.off:
            return
        if self.progress is None:
            if time.monotonic() - self.started < self.after:
                return
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
            # To the terminal itself (not through ErrorStream, which holds text back to the end of a
            # line), and leaving standard output alone: it may be a pipe.
            stream = sys.stderr.raw if isinstance(sys.stderr, ErrorStream) else sys.stderr
            self.progress = Progress(*columns, console=_console(stream), transient=True, redirect_stdout=False)
            self.progress.start()
            self.task = self.progress.add_task(self.description, total=self._total(), completed=self.done)
            return
        self.progress.update(self.task, completed=self.done)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()


_current: list[_Work] = []


def _progress_after() -> float:
    try:
        return float(os.environ.get("VRPTOOL_PROGRESS_AFTER", PROGRESS_AFTER))
    except ValueError:
        return PROGRESS_AFTER


@contextmanager
def working() -> Iterator[None]:
    """A command's work: once it has run for PROGRESS_AFTER seconds, and only when standard error
    is a terminal, a progress bar there shows its current phase (the bar is gone at the end)."""
    work = _Work()
    _current.append(work)
    try:
        yield
    finally:
        _current.remove(work)
        work.stop()


def phase(description: str, total: int | Callable[[], int] | None = None) -> None:
    """A new phase of the current work, of `total` steps (a function is called only if a bar is
    shown). Nothing happens when there is no current work."""
    if _current:
        _current[-1].phase(description, total)


def step() -> None:
    """One step of the current phase done."""
    if _current:
        _current[-1].step()
