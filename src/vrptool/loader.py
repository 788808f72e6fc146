"""Read one YAML data file into plain Python values, able to say where each value stands.

The tree is built straight from the parser's events rather than from ruamel.yaml's
constructor, for three reasons: every key and value keeps its line and column, a repeated key
or an alias becomes a finding instead of an exception or a silent merge, and aliases are never
expanded (so a "billion laughs" file costs nothing).
"""

from __future__ import annotations

import collections
import io
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import events as ev
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from vrptool.files import (
    DEPTH_SETTING,
    FileRefused,
    limit,
    max_file_bytes,
    max_values,
    read_checked,
    too_large,
    too_many_values,
)
from vrptool.findings import Finding, Rule
from vrptool.rules.duplicate_key import RULE as DUPLICATE_KEY
from vrptool.rules.outside_link import RULE as OUTSIDE_LINK
from vrptool.rules.schema import RULE as SCHEMA
from vrptool.rules.yaml_1_1_boolean import RULE as YAML11_BOOLEAN
from vrptool.rules.yaml_alias import RULE as YAML_ALIAS
from vrptool.rules.yaml_syntax import RULE as YAML_SYNTAX
from vrptool.rules.yaml_tag import RULE as YAML_TAG
from vrptool.suggest import shorten

#: Where a value stands in a file's tree: the keys (str) and list indexes (int) that lead to it.
TreePath = tuple[str | int, ...]

#: Limits on what one file may be. Each is a setting: an environment variable overrides it.
#: The size limits of each kind of file (VRPTOOL_MAX_FILE_BYTES, VRPTOOL_MAX_VALUES) live with the
#: one reader of files, vrptool.files.
MAX_DEPTH = 64  # VRPTOOL_MAX_DEPTH: data files nest a handful of levels; far deeper is an attack
#: The rule of each kind of file vrptool.files refuses to read.
_REFUSED_AS = {rule.id: rule for rule in (OUTSIDE_LINK, YAML_SYNTAX)}


#: Plain scalars that YAML 1.1 tools (PyYAML, many editors) read as true or false: vrptool reads
#: YAML 1.2, where they are text, so a file would mean different things to different tools.
YAML11_BOOLEAN_WORDS = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_STRING_TAG = "tag:yaml.org,2002:str"


@dataclass
class SourceFile:
    """One data file: its parsed tree and, when a finding needs them, where its parts stand.

    Positions are found lazily: most files have no finding, and a table of the line and column
    of every value of a national data set would cost more memory than the data itself. The first
    read keeps only each key's and value's place in the file, as one number, in the order the
    tree holds them (`_marks`): a finding's file is then located without being parsed again.
    """

    path: Path  # as the user named it (relative to the current directory when given so)
    display: str  # the path printed in findings
    tree: Any = None
    text: str | None = None  # kept so that positions can be found later
    #: paths whose value stands in for something unusable (an alias): no schema noise below them
    suppressed: set[TreePath] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)
    _positions: dict[TreePath, tuple[int, int]] | None = field(default=None, repr=False)
    _key_positions: dict[TreePath, tuple[int, int]] | None = field(default=None, repr=False)
    _raw: dict[TreePath, str] | None = field(default=None, repr=False)
    #: each kept key's and value's line and column, in the tree's order (see _marked); None where
    #: the file was read otherwise (with positions, or cut short by a finding)
    _marks: array | None = field(default=None, repr=False)

    @property
    def readable(self) -> bool:
        """True when the file parsed: later stages may look at its tree."""
        return not any(f.rule in _FATAL_RULES for f in self.findings)

    @property
    def is_mapping(self) -> bool:
        """True when the file holds a mapping of keys (as every data file must)."""
        return isinstance(self.tree, dict)

    def stored_ids(self, kind: str) -> Any:
        """What the index would find in this file, when kept from an earlier run (vrptool.index)."""
        return None

    def held_tree(self) -> Any:
        """The tree when it is in memory (None when it would have to be fetched or parsed first)."""
        return self.tree

    @property
    def positions(self) -> dict[TreePath, tuple[int, int]]:
        self._locate()
        assert self._positions is not None  # _locate() sets all three
        return self._positions

    @property
    def key_positions(self) -> dict[TreePath, tuple[int, int]]:
        self._locate()
        assert self._key_positions is not None
        return self._key_positions

    @property
    def raw(self) -> dict[TreePath, str]:
        """The source text of each non-string scalar (what the analyst typed: '6.10', not 6.1)."""
        self._locate()
        if self._raw is None:  # located from the first read's marks, which keep no text
            self._parse_positions()
        assert self._raw is not None
        return self._raw

    def _locate(self) -> None:
        if self._positions is None:
            if self._marks is not None:
                self._positions, self._key_positions = _placed(self.tree, self._marks)
            else:
                self._parse_positions()
            self._located()

    def _parse_positions(self) -> None:
        """Every position and source text, from the text parsed again."""
        located = SourceFile(self.path, self.display)
        if self.text is not None:
            parse_text(self.text, located, record=True)
        self._positions = located._positions or {}
        self._key_positions = located._key_positions or {}
        self._raw = located._raw or {}

    def _located(self) -> None:
        """Keep the positions of the few files located last, and forget the others': a national
        data set with a finding in each of 500 files would hold every value's position (300 MB).
        Findings come a file at a time, so a file is seldom located twice."""
        if len(_LOCATED) == _LOCATED.maxlen:
            oldest = _LOCATED[0]
            if oldest is not self:
                oldest._positions = oldest._key_positions = oldest._raw = None
        _LOCATED.append(self)

    def at(self, path: TreePath) -> tuple[int, int]:
        """Line and column of the value at `path`, or of its nearest ancestor."""
        positions = self.positions
        path = tuple(path)
        while path:
            if path in positions:
                return positions[path]
            path = path[:-1]
        return positions.get((), (1, 1))

    def key_at(self, path: TreePath) -> tuple[int, int]:
        """Line and column of the key whose value is at `path` (the value's own, for list items)."""
        path = tuple(path)
        return self.key_positions.get(path) or self.at(path)

    def finding(self, path: TreePath, rule: Rule, message: str, *, key: bool = False) -> Finding:
        """A finding of a rule at the value (or, with key=True, the key) at a path."""
        line, column = self.key_at(path) if key else self.at(path)
        return rule.at(self.display, line, column, message)


#: The files whose positions are kept (SourceFile._located).
_LOCATED: collections.deque[SourceFile] = collections.deque(maxlen=4)


class _NeedsPositions(Exception):
    """A quick read met something that needs positions to report (a repeated key, an alias)."""


_FATAL_RULES = {YAML_SYNTAX.id}

# YAML 1.2 core schema, which is what a plain (unquoted) scalar means in a data file.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


def resolve_plain(text: str) -> Any:
    """The value of a plain scalar. Dates stay text: the models parse and check them."""
    if _NULL.match(text):
        return None
    if _TRUE.match(text):
        return True
    if _FALSE.match(text):
        return False
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text) and any(c.isdigit() for c in text):
        return float(text)
    if _INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.match(text):
        return float("nan")
    return text


class _Frame:
    __slots__ = ("container", "discard", "is_dict", "key", "path")

    def __init__(self, container: Any, path: TreePath, discard: bool) -> None:
        self.container = container
        self.is_dict = isinstance(container, dict)
        self.path = path
        self.key: Any = _NO_KEY
        self.discard = discard


_NO_KEY = object()


def _parser(text: str):
    try:
        from ruamel.yaml.cyaml import CParser

        return CParser(io.StringIO(text))
    except ImportError:  # pure-Python fallback where the C extension is not installed
        from ruamel.yaml import YAML

        return _PureParser(YAML(typ="safe", pure=True).parse(text))


class _PureParser:
    """Gives the pure-Python event iterator the C parser's get_event() interface."""

    def __init__(self, iterator) -> None:
        self._iterator = iterator

    def get_event(self):
        return next(self._iterator)


def decode(raw: bytes, source: SourceFile) -> str | None:
    """UTF-8 text of the file, or None with a yaml-syntax finding that says what is wrong."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        source.findings.append(source.finding((), YAML_SYNTAX,
            "the file is UTF-16; save it as UTF-8"))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark is harmless: drop it
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        source.findings.append(YAML_SYNTAX.at(source.display, line, column,
            f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x}); save it as UTF-8"))
        return None


def load_file(path: Path, display: str | None = None, max_bytes: int | None = None,
              text: str | None = None, root: Path | None = None) -> SourceFile:
    """Read and parse one file. Problems become findings on the returned SourceFile.

    `text` stands in for the file's content (an edit checks the data before writing it); a file
    that is a link to somewhere outside `root` is not read."""
    source = SourceFile(path=path, display=display or str(path))
    max_bytes = max_bytes or max_file_bytes(path)
    if text is not None:
        raw = text.encode("utf-8")
        if len(raw) > max_bytes:  # what an edit would write is judged as validate would judge the file
            source.findings.append(source.finding((), YAML_SYNTAX, too_large(path, len(raw), max_bytes, would=True)))
            return source
        return load_raw(raw, source)
    try:
        raw = read_checked(path, root, max_bytes)
    except FileRefused as refused:
        source.findings.append(refused_finding(source, refused))
        return source
    return load_raw(raw, source)


def refused_finding(source: SourceFile, refused: FileRefused) -> Finding:
    """The finding of a file vrptool.files would not read."""
    return source.finding((), _REFUSED_AS[refused.rule], refused.message)


def load_raw(raw: bytes, source: SourceFile) -> SourceFile:
    """Parse a file's bytes into source (its tree, its text and its syntax-level findings)."""
    text = decode(raw, source)
    if text is None:
        return source
    source.text = text
    try:
        parse_text(text, source, record=False)
    except _NeedsPositions:
        source.tree, source.findings, source.suppressed = None, [], set()
        parse_text(text, source, record=True)
    return source


def parse_text(text: str, source: SourceFile, record: bool = True) -> None:
    """Build source.tree from YAML text, with syntax-level findings; with `record`, also the
    position of every key and value. Without it, a repeated key or an alias raises
    _NeedsPositions, for the caller to read the file again with `record`, and the place of each
    key and value is kept as one number (source._marks) once the whole file has been read.

    This loop runs once per key and value of a national data set (millions): each plain scalar's
    value is worked out once per file, keys are shared, and a value's path is made only when
    something keeps it."""
    positions: dict = {}
    key_positions: dict = {}
    raw: dict = {}
    max_depth = limit(DEPTH_SETTING, MAX_DEPTH)
    # Every key and value counts one: what a file costs to check, render or edit grows with them,
    # not with its bytes (a 256 KB line of "1," is 130,000 values).
    values_left = max_values(source.path)
    if record:
        source._positions, source._key_positions, source._raw = positions, key_positions, raw
    marks = array("Q")  # without `record`: each kept key's and value's place, in the tree's order
    mark_at = marks.append
    stack: list[_Frame] = []
    top: _Frame | None = None  # stack[-1]
    documents = 0
    duplicates = 0
    plain: dict[str, tuple[Any, bool]] = {}  # a plain scalar's text: its value, and whether YAML 1.1 reads a boolean
    keys: dict[str, str] = {}  # one string for each key however often it is used
    parser = _parser(text)
    get_event = parser.get_event
    scalar_event, mapping_start, sequence_start, alias_event = (ev.ScalarEvent, ev.MappingStartEvent,
                                                                ev.SequenceStartEvent, ev.AliasEvent)
    ends = (ev.MappingEndEvent, ev.SequenceEndEvent)
    try:
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar_event:
                pass
            elif kind in ends:
                stack.pop()
                top = stack[-1] if stack else None
                continue
            elif kind is not mapping_start and kind is not sequence_start and kind is not alias_event:
                if kind is ev.StreamEndEvent:
                    if not record:
                        source._marks = marks
                    break
                if kind is ev.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        source.findings.append(_at_mark(source, event.start_mark, YAML_SYNTAX,
                            "a data file holds one YAML document; remove this '---' and what follows it"))
                        return
                continue  # the stream's start, a document's end

            values_left -= 1
            if values_left < 0:
                source.findings.append(_at_mark(source, event.start_mark, YAML_SYNTAX,
                                                too_many_values(source.path, max_values(source.path))))
                return

            # A scalar where a mapping expects a key is that key.
            if top is not None and top.is_dict and top.key is _NO_KEY:
                if kind is not scalar_event:
                    source.findings.append(_at_mark(source, event.start_mark, YAML_SYNTAX,
                        "a mapping key must be plain text, not a list, mapping or alias"))
                    return
                key = event.value
                key = keys.setdefault(key, key)
                if key in top.container or top.discard:
                    if key in top.container and not top.discard:
                        if not record:
                            raise _NeedsPositions
                        mark = event.start_mark
                        source.findings.append(DUPLICATE_KEY.at(source.display, mark.line + 1, mark.column + 1,
                            f"the key '{key}' appears twice in this mapping; keep one "
                            f"(the first is on line {key_positions[top.path + (key,)][0]})"))
                    duplicates += 1
                    top.key = ("#duplicate", duplicates)  # parse the value but keep it out of the tree
                else:
                    top.key = key
                    mark = event.start_mark
                    if record:
                        key_positions[top.path + (key,)] = (mark.line + 1, mark.column + 1)
                    else:
                        mark_at(mark.line << _LINE | mark.column)
                continue

            # Otherwise the event is a value: where does it go?
            if top is None:
                discard = False
            elif top.is_dict:
                discard = top.discard or isinstance(top.key, tuple)
            else:
                discard = top.discard
            path: TreePath | None = None  # made when something keeps it (_path)

            if kind is scalar_event:
                tag = event.ctag  # what the event's `tag` property gives, without the call
                if tag is not None:
                    tag = str(tag)
                if tag is None and not event.style:
                    resolved = plain.get(event.value) if event.implicit[0] else None
                    if resolved is None:
                        resolved = _plain(event, plain)
                    value, yaml11 = resolved
                    if yaml11 and not discard:
                        mark = event.start_mark
                        source.findings.append(YAML11_BOOLEAN.at(source.display, mark.line + 1, mark.column + 1,
                            f"YAML 1.1 tools read {event.value} as "
                            f"{'true' if event.value.lower() in ('y', 'yes', 'on') else 'false'}; quote it "
                            f"(\"{event.value}\") if it is text, or write true or false"))
                    if value is _TOO_MANY_DIGITS:
                        value = event.value  # as text: the finding below stands for it
                        if not discard:
                            path = _path(top)
                            mark = event.start_mark
                            source.findings.append(SCHEMA.at(source.display, mark.line + 1, mark.column + 1,
                                f"this number has {len(event.value):,} digits, far more "
                                "than any value of the data; correct it, or quote it if it is text"))
                            source.suppressed.add(path)
                    elif record and not isinstance(value, str):
                        path = _path(top)
                        raw[path] = event.value
                else:
                    value = event.value  # quoted, or tagged: the text as written
                    if tag is not None and tag != _STRING_TAG and not discard:
                        mark = event.start_mark
                        source.findings.append(YAML_TAG.at(source.display, mark.line + 1, mark.column + 1,
                            f"tags ({shorten(tag)}) are not allowed in data files; remove it"))
            elif kind is alias_event:
                value = None
                if not discard:
                    path = _path(top)
                    source.suppressed.add(path)
            else:
                if len(stack) >= max_depth:
                    mark = event.start_mark
                    source.findings.append(YAML_SYNTAX.at(source.display, mark.line + 1, mark.column + 1,
                        f"the data is nested more than {max_depth} levels deep here; data files never "
                        "need so many (the limit is the setting VRPTOOL_MAX_DEPTH)"))
                    return
                tag = event.ctag  # what the event's `tag` property gives, without the call
                if tag is not None:
                    tag = str(tag)
                if tag is not None and tag != _STRING_TAG and not discard:
                    mark = event.start_mark
                    source.findings.append(YAML_TAG.at(source.display, mark.line + 1, mark.column + 1,
                        f"tags ({shorten(tag)}) are not allowed in data files; remove it"))
                value = {} if kind is mapping_start else []
                path = _path(top)  # its values' paths are made from it
            if event.anchor and not discard:
                if not record:
                    raise _NeedsPositions
                mark = event.start_mark
                kind_word = "aliases" if kind is alias_event else "anchors"
                sign = "*" if kind is alias_event else "&"
                advice = "write the value out in full" if kind is alias_event else "remove it"
                source.findings.append(YAML_ALIAS.at(source.display, mark.line + 1, mark.column + 1,
                    f"{kind_word} ({sign}{event.anchor}) are not allowed in data files; {advice}"))

            if not discard:
                mark = event.start_mark
                if record:
                    positions[path if path is not None else _path(top)] = (mark.line + 1, mark.column + 1)
                else:
                    mark_at(mark.line << _LINE | mark.column)
                if top is None:
                    source.tree = value
                elif top.is_dict:
                    top.container[top.key] = value
                else:
                    top.container.append(value)
            elif top is not None and not top.is_dict:
                top.container.append(None)  # keep indexes counting inside a discarded list
            if top is not None and top.is_dict:
                top.key = _NO_KEY
            if path is not None and (kind is mapping_start or kind is sequence_start):
                top = _Frame(value, path, discard)
                stack.append(top)
    except MarkedYAMLError as error:
        source.findings.append(_syntax_finding(error, text, source))
    except YAMLError as error:  # a reader error (a control character) carries no mark
        source.findings.append(source.finding((), YAML_SYNTAX, f"not valid YAML: {error}"))
    except RecursionError:
        source.findings.append(source.finding((), YAML_SYNTAX,
            "the YAML is nested too deeply to read"))


#: A plain scalar with more digits than Python converts to a number (sys.get_int_max_str_digits).
_TOO_MANY_DIGITS = object()
#: A mark is the line shifted left by this many bits, or-ed with the column (both from 0).
_LINE = 32
_COLUMN = (1 << _LINE) - 1


def _placed(tree: Any, marks: array) -> tuple[dict[TreePath, tuple[int, int]], dict[TreePath, tuple[int, int]]]:
    """Where each value and key stands, from the marks of a file read without positions. The
    parser put each key and value into the tree in the order of the file (a key, then its value,
    then what the value holds), which is the order the tree is walked in here, so each mark is
    the place of the next key or value met."""
    positions: dict[TreePath, tuple[int, int]] = {}
    key_positions: dict[TreePath, tuple[int, int]] = {}
    if not marks:
        return positions, key_positions  # no value at all (an empty file)
    places = (((mark >> _LINE) + 1, (mark & _COLUMN) + 1) for mark in marks)
    positions[()] = next(places)
    pending: list[tuple[TreePath, Iterator[tuple[str | int, Any]], bool]] = (
        [((), _children(tree), isinstance(tree, dict))] if isinstance(tree, (dict, list)) else [])
    while pending:
        parent, children, is_dict = pending[-1]
        for step, value in children:
            path = parent + (step,)
            if is_dict:
                key_positions[path] = next(places)
            positions[path] = next(places)
            if isinstance(value, (dict, list)):
                pending.append((path, _children(value), isinstance(value, dict)))
                break  # its values first; this container's next child after them
        else:
            pending.pop()
    return positions, key_positions


def _children(container: dict | list) -> Iterator[tuple[str | int, Any]]:
    return iter(container.items()) if isinstance(container, dict) else enumerate(container)


def _path(top: _Frame | None) -> TreePath:
    """The path of the value about to be put in top's container."""
    if top is None:
        return ()
    return top.path + ((top.key,) if top.is_dict else (len(top.container),))


def _plain(event: Any, plain: dict[str, tuple[Any, bool]]) -> tuple[Any, bool]:
    """An untagged, unquoted scalar's value and whether YAML 1.1 tools read it as a boolean,
    kept for the rest of the file (but NaN: no two NaNs are one value)."""
    text = event.value
    yaml11 = bool(YAML11_BOOLEAN_WORDS.match(text))
    if not event.implicit[0]:
        return text, yaml11  # never seen from the C parser: an untagged plain scalar is implicit
    try:
        value = resolve_plain(text)
    except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        return _TOO_MANY_DIGITS, False
    if value == value:
        plain[text] = (value, yaml11)
    return value, yaml11


def _syntax_finding(error: MarkedYAMLError, text: str, source: SourceFile) -> Finding:
    mark = error.problem_mark or error.context_mark
    message = f"{error.problem or error.context or 'invalid YAML'}; this is not valid YAML"
    if error.context and error.context_mark is not None and error.problem_mark is not None:
        message += f" ({error.context} that starts on line {error.context_mark.line + 1})"
    if mark is not None:
        lines = text.splitlines()
        if mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] == "\t":
            message = "a tab character: YAML indents with spaces only; replace the tab with spaces"
        elif error.problem and "mapping values are not allowed" in error.problem:
            message = ("a colon followed by a space inside text, which YAML reads as a new key: put the text "
                       "in quotes (key: \"text: with a colon\")")
        else:
            opened = _unclosed_quote(lines, error.context_mark.line if error.context_mark else 0, mark.line)
            if opened is not None:
                line, column, quote = opened
                return YAML_SYNTAX.at(source.display, line + 1, column + 1,
                    f"this text opens a {quote} quote that is not closed on its line; close it, or remove it")
            said = _in_our_words(error, lines)
            if said is not None:
                where, message = said
                if where == "context" and error.context_mark is not None:
                    mark = error.context_mark
                elif where == "directive" and (directive := _directive_line(lines, mark.line)) is not None:
                    return YAML_SYNTAX.at(source.display, directive + 1, 1, message)
    return _at_mark(source, mark, YAML_SYNTAX, message)


def _in_our_words(error: MarkedYAMLError, lines: list[str]) -> tuple[str, str] | None:
    """The parser's commonest complaints, said as what to do, with where the mistake is ("context":
    where the list or mapping opens, not lines later where the parser gave up); None for the rest."""
    problem, context = error.problem or "", error.context or ""
    opened = f" that starts on line {error.context_mark.line + 1}" if error.context_mark is not None else ""
    if problem.startswith("did not find expected ','") and "flow sequence" in context:
        return "context", ("this list, opened with '[', is not closed on its line: close it with ']' (items are "
                           "separated by commas), or put text that holds a '[' in quotes")
    if problem.startswith("did not find expected ','") and "flow mapping" in context:
        return "context", ("this mapping, opened with '{', is not closed on its line: close it with '}', or put "
                           "text that holds a '{' in quotes")
    if problem == "did not find expected key" and "block mapping" in context:
        return "problem", (f"this line is indented unlike the other keys of the mapping{opened}: line it up "
                           "with spaces under the key it belongs to, or, if it goes on with the text above, put "
                           "that text in quotes")
    if problem == "did not find expected '-' indicator":
        return "problem", (f"this line is indented unlike the other items of the list{opened}: start each "
                           "item with '- ' at the list's indentation")
    if problem == "did not find expected node content":
        return "problem", ("a value is missing here (an empty item between commas, or a ']' or '}' that closes "
                           "nothing): remove what is left over, or put the text in quotes")
    if problem == "found character that cannot start any token" and error.problem_mark is not None:
        mark = error.problem_mark
        character = lines[mark.line][mark.column:mark.column + 1] if mark.line < len(lines) else ""
        return "problem", (f"YAML text cannot start with {character!r}" if character else
                           "YAML text cannot start with this character") + ": put the text in quotes"
    if problem == "did not find expected alphabetic or numeric character" and ("anchor" in context or "alias" in context):
        return "problem", "YAML reads '&' or '*' before a name as an anchor or an alias: put the text in quotes"
    if problem == "could not find expected ':'":
        return "context", ("this line is text without a key (key: value): indent it under the text it continues, "
                           "or give it its key")
    if problem == "did not find expected <document start>":
        return "directive", "this line is not data (YAML reads a line starting with '%' as a directive): remove it"
    return None


def _directive_line(lines: list[str], before: int) -> int | None:
    """The last line up to `before` that starts with '%' (the parser gives up a line after it)."""
    return next((number for number in range(min(before, len(lines) - 1), -1, -1) if lines[number].startswith("%")),
                None)


def _unclosed_quote(lines: list[str], first: int, last: int) -> tuple[int, int, str] | None:
    """Where a quoted value that swallowed the lines after it begins: the parser reports the
    problem where the quote ends, lines later, but the mistake is where it opens."""
    for number in range(max(first, 0), min(last, len(lines) - 1) + 1):
        line = lines[number]
        key = re.match(r"^\s*(?:- )?[^\s\"'#][^:#]*:\s+([\"'])", line) or re.match(r"^\s*- ([\"'])", line)
        if key is None:
            continue
        quote, start = key.group(1), key.start(1)
        rest = line[start + 1:].replace(quote * 2, "") if quote == "'" else re.sub(r'\\.', "", line[start + 1:])
        if quote not in rest and number < last:
            return number, start, "double" if quote == '"' else "single"
    return None


def _at_mark(source: SourceFile, mark, rule: Rule, message: str) -> Finding:
    if mark is None:
        return source.finding((), rule, message)
    return rule.at(source.display, mark.line + 1, mark.column + 1, message)
