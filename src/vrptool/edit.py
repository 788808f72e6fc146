"""Safe edits of data files: the change an analyst would make by hand, and nothing else.

Files are edited through ruamel.yaml's round-trip mode, which keeps every comment, key order,
quoting and blank line of what it does not change. An edit holds a lock on the data directory
for its whole life, checks the data as it would be after the change, and writes only if that
data has no errors; each file is written atomically (temporary file, then rename).
"""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from vrptool.files import max_file_bytes, read_checked, remove_stray_temporaries, too_large
from vrptool.findings import Finding


class AsWritten(str):
    """A plain scalar that vrptool reads as text but YAML 1.2's round trip would not (`+0x1A`,
    `1_0.5`, `2023-02-30`): kept as the text it is, and written back exactly as it was."""


class _Constructor(RoundTripConstructor):
    """ruamel.yaml's round-trip reading, but a plain scalar means what it means to vrptool: an edit
    or `vrptool fmt` never turns `+0x1A` into 26, and an impossible date is text (that validate
    reports) rather than an exception."""

    def construct_yaml_int(self, node):
        if not _reads_as(node.value, int):
            return AsWritten(node.value)
        return super().construct_yaml_int(node)

    def construct_yaml_float(self, node):
        if not _reads_as(node.value, float):
            return AsWritten(node.value)
        return super().construct_yaml_float(node)

    def construct_yaml_timestamp(self, node, values=None):
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return AsWritten(node.value)


for _tag, _method in (("int", _Constructor.construct_yaml_int), ("float", _Constructor.construct_yaml_float),
                      ("timestamp", _Constructor.construct_yaml_timestamp)):
    _Constructor.add_constructor(f"tag:yaml.org,2002:{_tag}", _method)


def _reads_as(text: str, kind: type) -> bool:
    from vrptool.loader import resolve_plain

    try:
        value = resolve_plain(text)
    except ValueError:  # longer than Python converts: text to vrptool, which reports it
        return False
    return isinstance(value, kind) and not isinstance(value, bool)


class _Representer(RoundTripRepresenter):
    pass


def _represent_as_written(representer: RoundTripRepresenter, data: AsWritten):
    # Tagged as the resolver will read it, so that the emitter writes it plain, as it was.
    tag = _RESOLVER.resolve(ScalarNode, str(data), (True, False))
    return representer.represent_scalar(tag, str(data), style=None)


_RESOLVER = VersionedResolver()
_Representer.add_representer(AsWritten, _represent_as_written)


def round_trip() -> YAML:
    """The canonical layout of every data file (and the one `vrptool fmt` writes)."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.Representer = _Representer
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap what an analyst wrote
    return yaml


def dump(document: Any) -> str:
    stream = io.StringIO()
    round_trip().dump(document, stream)
    return stream.getvalue()


def read_text(path: Path, root: Path | None = None) -> tuple[str, str]:
    """A data file's text with "\n" line endings, and the line ending it was written with: a file
    written on Windows with "\r\n" keeps them when an edit or `vrptool fmt` writes it back.

    The file is checked as validate checks it before it is read (vrptool.files.read_checked):
    FileRefused or UnicodeDecodeError when it is not a data file vrptool reads."""
    raw = read_checked(path, root).decode("utf-8")
    return (raw.replace("\r\n", "\n"), "\r\n") if "\r\n" in raw else (raw, "\n")


def read_document(path: Path, root: Path) -> tuple[Any, str, str]:
    """A data file as a round-trip document, with its text and line ending.

    EditRefused, naming the file and its first errors, when it is not one that can be edited (not
    UTF-8, a repeated key, an impossible date, nesting past the limit): the parser's own words
    would name no file and no rule."""
    try:
        read = _quick_read(path, root)
        if read is not None:
            _, text, line_ending = read
            return round_trip().load(text), text, line_ending
    except Exception:  # noqa: BLE001 - whatever the parser raises, the loader says it in our words
        pass
    _refuse(path, root)


def read_tree(path: Path, root: Path) -> Any:
    """A data file an edit only reads, as the loader reads it: plain data, without the round trip
    (several times slower) that keeps comments and layout for writing a file back. EditRefused
    as read_document."""
    try:
        read = _quick_read(path, root)
        if read is not None:
            return read[0]
    except Exception:  # noqa: BLE001 - whatever the parser raises, the loader says it in our words
        pass
    _refuse(path, root)


def _quick_read(path: Path, root: Path) -> tuple[Any, str, str] | None:
    """The loader's tree of a data file, its text and line ending; None when it is not readable.

    The loader's quick parse comes first: a file past the limits of size, values or depth is
    refused before the round trip, which would take minutes over it."""
    from vrptool.loader import load_file

    text, line_ending = read_text(path, root)
    source = load_file(path, text=text)
    return (source.tree, text, line_ending) if source.readable else None


def _refuse(path: Path, root: Path) -> NoReturn:
    from vrptool.formatters.base import error_lines
    from vrptool.loader import load_file

    errors = load_file(path, root=root).findings
    if not errors:  # what only the models see (an impossible date): the whole check says where
        from vrptool.checks import check

        errors = [f for f in check(root, dt.date.today(), use_cache=False).errors if f.file == str(path)]
    detail = ":\n" + error_lines(errors[:5]) if errors else "; run vrptool validate to see why"
    raise EditRefused(f"{path} cannot be edited until its errors are fixed; nothing was changed{detail}")


def encoded(text: str, line_ending: str = "\n") -> bytes:
    """Text with "\n" line endings as the bytes of a file written with `line_ending`."""
    return (text.replace("\n", line_ending) if line_ending != "\n" else text).encode("utf-8")


def misread(text: str) -> bool:
    """True when a text written plain would be read back as something else: a number, a boolean
    or null (vrptool's reading), or a YAML 1.1 boolean such as No, Yes, y or on (other tools')."""
    from vrptool.loader import YAML11_BOOLEAN_WORDS, resolve_plain

    try:
        return not isinstance(resolve_plain(text), str) or bool(YAML11_BOOLEAN_WORDS.fullmatch(text))
    except ValueError:  # a number too long to convert is still a number
        return True


def quote_what_yaml_would_misread(document: Any) -> None:
    """Quote every plain text value of a document that YAML would read as something else, so an
    edit never writes a note `No` that comes back as false (or is refused by vrptool itself)."""
    pending = [document]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            for key, value in list(node.items()):
                if type(value) is str and misread(value):
                    node[key] = DoubleQuotedScalarString(value)
                elif isinstance(value, (dict, list)):
                    pending.append(value)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                if type(value) is str and misread(value):
                    node[index] = DoubleQuotedScalarString(value)
                elif isinstance(value, (dict, list)):
                    pending.append(value)


def quoted(text: str) -> DoubleQuotedScalarString:
    """An id as the data writes ids: always a quoted string."""
    return DoubleQuotedScalarString(text)


class EditRefused(Exception):
    """The edit cannot be made; the message says why and what to do instead."""


class Locked(EditRefused):
    pass


class DataLock:
    """The data directory held by one writer: edits and `vrptool fmt` take it in turn.

    The lock is filelock's, which works the same on Windows, macOS and Linux (fcntl exists only on
    POSIX systems). Its lock file lives in the system's temporary folder, named after the data
    directory's full path, so nothing appears in the data repository; the operating system lets
    go of it when a process dies. On taking it, temporary files that an interrupted write left
    behind are removed: while the lock is held, no other vrptool process can be writing them."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._lock: Any = None

    def lock_file(self) -> Path:
        import hashlib
        import tempfile

        try:
            where = str(self.data_dir.resolve(strict=True))
        except OSError as error:
            raise EditRefused(f"cannot open {self.data_dir}: {error.strerror or error}") from None
        if os.name == "nt":
            where = where.lower()  # one folder, however its name is cased
        digest = hashlib.sha256(where.encode("utf-8", "surrogatepass")).hexdigest()[:24]
        return Path(tempfile.gettempdir()) / f"vrptool-{digest}.lock"

    def __enter__(self) -> DataLock:
        from filelock import FileLock, Timeout

        try:
            os.scandir(self.data_dir).close()  # an edit must be able to read the directory
        except OSError as error:
            raise EditRefused(f"cannot open {self.data_dir}: {error.strerror or error}") from None
        # mode 0o666: another user of a shared machine can take the same lock after this one.
        lock = FileLock(self.lock_file(), timeout=0, mode=0o666, thread_local=False)
        try:
            lock.acquire()
        except Timeout:
            raise Locked(f"another vrptool edit of {self.data_dir} is running; try again when it has finished") from None
        except OSError as error:
            raise EditRefused(f"cannot take the lock for {self.data_dir}: {error.strerror or error}") from None
        self._lock = lock
        from vrptool.journal import JournalError, recover

        try:
            recover(self.data_dir)  # an edit a killed process left half made is finished first
        except JournalError as error:
            self.__exit__()
            raise EditRefused(str(error)) from None
        except OSError as error:
            self.__exit__()
            raise EditRefused(f"cannot finish the interrupted edit of {self.data_dir}: "
                              f"{error.strerror or error}") from None
        remove_stray_temporaries(self.data_dir)
        return self

    def __exit__(self, *exc) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None


class DataEdit:
    """Changes to a data directory, made together or not at all.

        with DataEdit(data_dir) as edit:
            crest = edit.document("crest.yaml")
            ...change it...
            outcome = edit.apply()
        # outcome.changed: the files written; outcome.existing_errors / new_errors: why not
    """

    def __init__(self, data_dir: Path, today: dt.date | None = None) -> None:
        self.data_dir = data_dir
        self.today = today or dt.date.today()
        self._documents: dict[str, Any] = {}
        self._trees: dict[str, Any] = {}  # files only read
        self._originals: dict[str, str | None] = {}
        self._line_endings: dict[str, str] = {}
        self._lock = DataLock(data_dir)

    def __enter__(self) -> DataEdit:
        self._lock.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._lock.__exit__(*exc)

    def path(self, relative: str) -> Path:
        return self.data_dir / relative

    def tree(self, relative: str) -> Any:
        """A data file the edit only reads, as plain data (read_tree), read once per edit; one the
        edit holds, as it holds it."""
        if relative in self._documents:
            return self._documents[relative]
        if relative not in self._trees:
            self._trees[relative] = read_tree(self.path(relative), self.data_dir)
        return self._trees[relative]

    def document(self, relative: str) -> Any:
        """The round-trip document of a data file, loaded once per edit: a file it may change."""
        if relative not in self._documents:
            document, text, self._line_endings[relative] = read_document(self.path(relative), self.data_dir)
            self._originals[relative] = text
            self._documents[relative] = document
        return self._documents[relative]

    def create(self, relative: str, document: Any) -> None:
        if self.path(relative).exists():
            raise EditRefused(f"{self.path(relative)} exists already")
        self._originals[relative] = None
        self._documents[relative] = document

    def exists(self, relative: str) -> bool:
        return relative in self._documents or self.path(relative).exists()

    def changes(self) -> dict[str, str]:
        """The new text of every file the edit changes."""
        texts = {}
        for relative, document in self._documents.items():
            quote_what_yaml_would_misread(document)
            text = dump(document)
            if text != self._originals[relative]:
                texts[relative] = text
        return texts

    def apply(self) -> EditOutcome:
        """Check the data as it would be after the edit; write it only if it has no errors."""
        from vrptool.checks import check

        texts = self.changes()
        if not texts:
            return EditOutcome()
        before = check(self.data_dir, self.today).errors
        if before:
            return EditOutcome(existing_errors=before)
        overrides = {self.path(relative): text for relative, text in texts.items()}
        after = check(self.data_dir, self.today, overrides=overrides).errors
        if after:
            return EditOutcome(new_errors=after)
        from vrptool.journal import commit
        from vrptool.rules.yaml_syntax import RULE as YAML_SYNTAX

        contents = {self.path(relative): encoded(text, self._line_endings.get(relative, "\n"))
                    for relative, text in texts.items()}
        oversized = [YAML_SYNTAX.at(str(path), 1, 1, too_large(path, len(content), max_file_bytes(path), would=True))
                     for path, content in contents.items() if len(content) > max_file_bytes(path)]
        if oversized:
            return EditOutcome(new_errors=oversized)
        try:
            return EditOutcome(changed=commit(self.data_dir, contents),
                               created=[self.path(relative) for relative in texts if self._originals[relative] is None])
        except OSError as error:
            where = error.filename or self.data_dir
            raise EditRefused(f"cannot write {where}: {error.strerror or error}; nothing was changed") from None


@dataclass(frozen=True)
class EditOutcome:
    """What an edit did: the files it wrote, or the errors for which it wrote nothing."""

    changed: list[Path] = field(default_factory=list)
    created: list[Path] = field(default_factory=list)  # those of `changed` that are new files
    existing_errors: list[Finding] = field(default_factory=list)  # the data was invalid before the edit
    new_errors: list[Finding] = field(default_factory=list)  # the edit would have made it invalid


def find_item(sequence: Any, key: str, value: str) -> tuple[int, CommentedMap] | None:
    """The index and mapping of the list item whose `key` is `value`."""
    if isinstance(sequence, CommentedSeq):
        for index, item in enumerate(sequence):
            if isinstance(item, CommentedMap) and str(item.get(key)) == value:
                return index, item
    return None


def set_after(mapping: CommentedMap, key: str, value: Any, after: str) -> None:
    """Set mapping[key], placing a new key just after `after` (where an analyst would write it)."""
    if key in mapping:
        mapping[key] = value
        return
    keys = list(mapping.keys())
    position = keys.index(after) + 1 if after in keys else len(keys)
    mapping.insert(position, key, value)
    if position == len(keys):
        _move_trailing_comment(mapping, keys[-1] if keys else None, key)


def delete_key(mapping: CommentedMap, key: str) -> None:
    """Remove a key; the comment lines that followed it stay where they were."""
    keys = list(mapping.keys())
    if key not in mapping:
        return
    if key == keys[-1] and len(keys) > 1:
        _move_trailing_comment(mapping, key, keys[-2])
    del mapping[key]


def _move_trailing_comment(mapping: CommentedMap, source: str | None, target: str) -> None:
    """ruamel.yaml hangs the comment lines below a mapping's last key on that key; when another
    key becomes the last, they must move to it, or they would end up above it."""
    comments = mapping.ca.items.get(source) if source is not None else None
    if not comments or comments[2] is None:
        return
    token = comments[2]
    text = token.value
    end_of_line = ""
    if not text.startswith("\n"):  # a comment on the key's own line stays with that key
        end_of_line, _, text = text.partition("\n")
        end_of_line += "\n"
        text = "\n" + text if text else ""
    if not text.strip():
        return
    token.value = end_of_line
    if not end_of_line.strip():
        comments[2] = None
    from ruamel.yaml.tokens import CommentToken

    mapping.ca.items.setdefault(target, [None, None, None, None])[2] = CommentToken(text, token.start_mark, None)
