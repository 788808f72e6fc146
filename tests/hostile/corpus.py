"""The hostile-input corpus: each case damages a copy of the bundled data in one way, and names
the exact outcome vrptool must give (a rule at a file, or a message, and an exit status).

A case's `build(data)` edits the copy in place; files too large to keep in git are made here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Case:
    name: str
    build: Callable[[Path], None]
    code: int  # the exit status
    rule: str | None = None  # the rule that must report it ...
    file: str | None = None  # ... in this file (relative to data/)
    line: int | None = None
    words: str = ""  # words the output (or, for exit 2, the error) must contain
    args: list[str] = field(default_factory=list)  # instead of `validate --data data`
    patch: str = ""  # Python run in the child before vrptool starts (to simulate what root cannot)

    @property
    def validates_in_process(self) -> bool:
        """A plain validate of the data, as a test can check it in its own process (no patch to
        run first, no other command): tests/test_records.py checks these with and without a cache."""
        return not self.args and not self.patch


def edit(relative: str, old: str, new: str, count: int = 1):
    def build(data: Path) -> None:
        path = data / relative
        text = path.read_text("utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, count), "utf-8")
    return build


def write(relative: str, content: bytes | str):
    def build(data: Path) -> None:
        path = data / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return build


def recode(relative: str, encoding: str):
    def build(data: Path) -> None:
        path = data / relative
        path.write_bytes(path.read_text("utf-8").encode(encoding))
    return build


def every_file(change: Callable[[bytes], bytes]):
    def build(data: Path) -> None:
        for path in data.rglob("*.yaml"):
            path.write_bytes(change(path.read_bytes()))
    return build


def symlink(relative: str, target: str):
    def build(data: Path) -> None:
        link = data / relative
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, link)
    return build


def fifo(relative: str):
    def build(data: Path) -> None:
        os.mkfifo(data / relative)
    return build


def folder(relative: str):
    def build(data: Path) -> None:
        (data / relative).mkdir(parents=True)
    return build


def big_returns(data: Path) -> None:
    entry = '  - indicator: "1.1.1.e"\n    value: 1\n'
    path = data / "returns" / "2026-27-Q2.yaml"
    with path.open("w", encoding="utf-8") as stream:
        stream.write('quarter: "2026-27-Q2"\nvalues:\n')
        block = entry * 10_000
        while stream.tell() < 50 * 1024 * 1024:
            stream.write(block)


def over_limit(limit: int) -> str:
    """A comment one byte longer than a kind's size limit: only its size is wrong with it."""
    return "#" * limit + "\n"


def billion_laughs() -> str:
    lines = ['lol0: &l0 "lol"']
    for level in range(1, 10):
        previous = ", ".join([f"*l{level - 1}"] * 10)
        lines.append(f"lol{level}: &l{level} [{previous}]")
    return "\n".join(lines) + "\n"


def folder_outside(relative: str):
    """Move a folder of the data out of it and leave a link to it in its place."""
    def build(data: Path) -> None:
        outside = data.parent / "elsewhere" / relative.replace("/", "-")
        outside.parent.mkdir(exist_ok=True)
        (data / relative).rename(outside)
        os.symlink(outside, data / relative)
    return build


def remove(relative: str):
    def build(data: Path) -> None:
        (data / relative).unlink()
    return build


def chain(*builders):
    def build(data: Path) -> None:
        for builder in builders:
            builder(data)
    return build


UNREADABLE = """
import os
real = os.open
def refusing_open(path, flags, *args, **kwargs):
    if os.fspath(path).endswith("toc.yaml"):
        raise PermissionError(13, "Permission denied", os.fspath(path))
    return real(path, flags, *args, **kwargs)
os.open = refusing_open
"""

CASES = [
    # encodings and bytes
    Case("invalid UTF-8", write("groups/dawg.yaml", b'id: "dawg"\nname: Caf\xe9\n'), 1, "yaml-syntax", "groups/dawg.yaml", 2),
    Case("UTF-16 file", recode("crest.yaml", "utf-16"), 1, "yaml-syntax", "crest.yaml", 1, "UTF-16"),
    Case("Windows-1252 smart quote", write("toc.yaml", b"strands: [\x93one\x94]\n"), 1, "yaml-syntax", "toc.yaml", 1),
    Case("PNG bytes named .yaml", write("groups/logo.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 1, "yaml-syntax",
         "groups/logo.yaml"),
    Case("NUL byte", write("groups/nul.yaml", b'id: "nul"\nname: a\x00b\n'), 1, "yaml-syntax", "groups/nul.yaml"),
    Case("control character", write("groups/bell.yaml", b'id: "bell"\nname: a\x07b\n'), 1, "yaml-syntax",
         "groups/bell.yaml"),
    Case("UTF-8 byte-order mark", every_file(lambda b: b"\xef\xbb\xbf" + b), 0, words='"errors": 0'),
    Case("CRLF line endings", every_file(lambda b: b.replace(b"\n", b"\r\n")), 0, words='"errors": 0'),
    Case("tab indentation", edit("toc.yaml", '  - id: "1"\n', '\t- id: "1"\n'), 1, "yaml-syntax", "toc.yaml",
         words="tab character"),
    # shapes
    Case("empty file", write("obpf.yaml", ""), 1, "schema", "obpf.yaml", 1, "holds nothing"),
    Case("only a comment", write("obpf.yaml", "# nothing here\n"), 1, "schema", "obpf.yaml", 1, "holds nothing"),
    Case("a list instead of a mapping", write("crest.yaml", "- one\n- two\n"), 1, "schema", "crest.yaml", 1,
         "holds a list"),
    Case("a single value instead of a mapping", write("toc.yaml", "42\n"), 1, "schema", "toc.yaml", 1),
    Case("two documents", write("groups/two.yaml", 'id: "two"\n---\nid: "again"\n'), 1, "yaml-syntax",
         "groups/two.yaml", 2, "one YAML document"),
    Case("complex mapping key", write("groups/key.yaml", "? [a, b]\n: c\n"), 1, "yaml-syntax", "groups/key.yaml", 1,
         "mapping key must be plain text"),
    # size
    Case("50 MB file", big_returns, 1, "yaml-syntax", "returns/2026-27-Q2.yaml", 1,
         "more than the 1,048,576 a returns file may have"),
    Case("a returns file one byte over its limit", write("returns/2026-27-Q3.yaml", over_limit(1024 * 1024)), 1,
         "yaml-syntax", "returns/2026-27-Q3.yaml", 1, "is 1,048,577 bytes, more than the 1,048,576 a returns file"),
    Case("a group file one byte over its limit", write("groups/big.yaml", over_limit(256 * 1024)), 1, "yaml-syntax",
         "groups/big.yaml", 1, "is 262,145 bytes, more than the 262,144 a group file may have"),
    Case("obpf.yaml over its limit", write("obpf.yaml", over_limit(2048 * 1024)), 1, "yaml-syntax", "obpf.yaml", 1,
         "is 2,097,153 bytes, more than the 2,097,152 obpf.yaml may have"),
    Case("a meeting file over its limit", write("meetings/dawg/2026-05-06.yaml", over_limit(256 * 1024)), 1,
         "yaml-syntax", "meetings/dawg/2026-05-06.yaml", 1, "more than the 262,144 a meeting file may have"),
    Case("130,000 values on one line of a group file", write("groups/values.yaml", 'id: "values"\nname: V\n'
         "abbreviation: V\nmembership: [" + "1," * 130_000 + "1]\n"), 1, "yaml-syntax", "groups/values.yaml", 4,
         "holds more than the 10,000 values a group file may have"),
    Case("returns of 12,000 entries", write("returns/2026-27-Q3.yaml", 'quarter: "2026-27-Q3"\nvalues:\n' +
         '  - indicator: "1.1.1.e"\n    value: 1\n' * 12_000), 1, "yaml-syntax", "returns/2026-27-Q3.yaml",
         3 + 2 * 11_999, "holds more than the 60,000 values a returns file may have"),
    Case("a single 200 KB line of text", edit("groups/tvrp.yaml", "    The TVRP will oversee",
                                              "    " + "a" * 200_000 + " The TVRP will oversee"), 0, words='"errors": 0'),
    Case("a single 200 KB line of brackets", write("groups/brackets.yaml", "a: " + "[" * 200_000 + "\n"), 1,
         "yaml-syntax", "groups/brackets.yaml", 1, "nested more than 64 levels"),
    Case("10,000 levels of nesting", edit("groups/svrp.yaml", "membership: []", "membership: " + "[" * 10_000 + "]" * 10_000),
         1, "yaml-syntax", "groups/svrp.yaml", words="nested more than 64 levels"),
    Case("4,000 unknown keys", write("groups/keys.yaml", 'id: "keys"\nname: K\nabbreviation: K\n' +
                                     "".join(f"k{i}: v\n" for i in range(4_000))), 1, "schema", "groups/keys.yaml", 4,
         "unknown key 'k0'"),
    Case("a 100,000-character id", edit("crest.yaml", 'id: "6.1"', 'id: "' + "6" * 100_000 + '"'), 1, "id-format",
         "crest.yaml", words="…"),
    # YAML features
    Case("billion laughs", write("groups/laughs.yaml", billion_laughs()), 1, "yaml-alias", "groups/laughs.yaml", 1),
    Case("an alias of itself", write("groups/self.yaml", "a: &a [*a]\n"), 1, "yaml-alias", "groups/self.yaml", 1),
    Case("duplicate key", edit("partnership.yaml", "short_name: HIPS VRP\n", "short_name: HIPS VRP\nshort_name: Again\n"),
         1, "duplicate-key", "partnership.yaml"),
    Case("a tag that runs code elsewhere", edit("crest.yaml", "  author: Crest Advisory",
                                                '  author: !!python/object/apply:os.system ["touch /tmp/owned"]'),
         1, "yaml-tag", "crest.yaml"),
    Case("a custom include tag", edit("crest.yaml", "  author: Crest Advisory", "  author: !include secrets.yaml"), 1,
         "yaml-tag", "crest.yaml"),
    Case("YAML 1.1 no where text is expected", edit("partnership.yaml", "short_name: HIPS VRP", "short_name: no"), 1,
         "yaml-1.1-boolean", "partnership.yaml"),
    Case("YAML 1.1 on where a boolean is expected", edit("returns/2026-27-Q2.yaml", "illustrative: true",
                                                          "illustrative: on"), 1, "yaml-1.1-boolean",
         "returns/2026-27-Q2.yaml"),
    # values
    Case("unquoted numeric id", edit("crest.yaml", 'id: "6.1"', "id: 6.10"), 1, "id-not-string", "crest.yaml"),
    Case("unquoted numeric reference", edit("groups/tvrp.yaml", 'recommendations: ["8.2"]', "recommendations: [8.2]"),
         1, "id-not-string", "groups/tvrp.yaml"),
    Case("impossible date", edit("groups/tvrp.yaml", "issued: 2023-11-17", "issued: 2023-02-30"), 1, "schema",
         "groups/tvrp.yaml", words="not a real date"),
    Case("month 13", edit("groups/dawg.yaml", "review_by: 2023-12-31", "review_by: 2023-13-01"), 1, "schema",
         "groups/dawg.yaml"),
    Case("infinite count", edit("returns/2026-27-Q2.yaml", '"1.1.1.e"\n    value: 376', '"1.1.1.e"\n    value: .inf'),
         1, "schema", "returns/2026-27-Q2.yaml", words="finite number"),
    Case("not-a-number percentage", edit("returns/2026-27-Q2.yaml", "value: 59.3", "value: .nan"), 1, "schema",
         "returns/2026-27-Q2.yaml"),
    Case("negative n", edit("returns/2026-27-Q2.yaml", "n: 27", "n: -5"), 1, "schema", "returns/2026-27-Q2.yaml"),
    Case("a number where text is expected", edit("groups/dawg.yaml", "name: Data and Analysis Working Group",
                                                 "name: 123"), 1, "schema", "groups/dawg.yaml", words="expected text"),
    Case("null where text is required", edit("groups/dawg.yaml", "name: Data and Analysis Working Group", "name: ~"),
         1, "schema", "groups/dawg.yaml"),
    Case("script in a group name", edit("groups/dawg.yaml", "name: Data and Analysis Working Group",
                                        "name: <script>alert(1)</script>"), 0, words='"errors": 0'),
    Case("an id with a trailing newline", edit("crest.yaml", '  - id: "6.2"', "  - id: |\n      6.2"), 1, "id-format",
         "crest.yaml", 48, "'6.2\n'"),
    Case("an id in full-width digits", edit("obpf.yaml", '  - id: "5"', '  - id: "\uff15"'), 1, "id-format",
         "obpf.yaml", 114),
    Case("an indicator in Arabic-Indic digits", edit("returns/2026-27-Q2.yaml", 'indicator: "1.1.1.e"',
         'indicator: "\u0661.\u0661.\u0661.e"'), 1, "id-format", "returns/2026-27-Q2.yaml", 7),
    Case("a number of 5,000 digits", edit("returns/2026-27-Q2.yaml", "value: 376", "value: " + "9" * 5000), 1,
         "schema", "returns/2026-27-Q2.yaml", 8, "5,000 digits"),
    Case("returns for the year 0", chain(write("returns/0000-01-Q1.yaml", 'quarter: "0000-01-Q1"\nvalues: []\n')),
         1, "id-format", "returns/0000-01-Q1.yaml", 1, "not a quarter id"),
    Case("returns for a year that ends after 9999", write("returns/9999-00-Q4.yaml", 'quarter: "9999-00-Q4"\nvalues: []\n'),
         1, "id-format", "returns/9999-00-Q4.yaml", 1, "not a quarter id"),
    Case("a report for the year 0", lambda data: None, 2, words="which vrptool cannot date",
         args=["report", "--data", "data", "--quarter", "0000-01-Q1"]),
    Case("a report for 9999/00 Q4", lambda data: None, 2, words="which vrptool cannot date",
         args=["report", "--data", "data", "--quarter", "9999/00 Q4"]),
    # references and names
    Case("reports_to cycle", edit("groups/svrp.yaml", "abbreviation: SVRP\n", 'abbreviation: SVRP\nreports_to: "tvrp"\n'),
         1, "cycle", "groups/svrp.yaml"),
    Case("group id with ../", chain(remove("groups/svrp.yaml"),
                                    write("groups/svrp.yaml", 'id: "../../etc/passwd"\nname: X\nabbreviation: X\n')),
         1, "id-format", "groups/svrp.yaml"),
    Case("group id with /", edit("groups/dawg.yaml", 'id: "dawg"', 'id: "da/wg"'), 1, "id-format", "groups/dawg.yaml"),
    Case("file name that is not the id", chain(remove("groups/ieo.yaml"), write("groups/my group.yaml",
         (Path(__file__).parents[2] / "data" / "groups" / "ieo.yaml").read_text("utf-8"))), 1, "file-name",
         "groups/my group.yaml"),
    # the file system
    Case("symlink to a file outside the data", symlink("groups/evil.yaml", "/etc/passwd"), 1, "outside-link",
         "groups/evil.yaml"),
    Case("symlink to a device", symlink("groups/zero.yaml", "/dev/zero"), 1, "outside-link", "groups/zero.yaml"),
    Case("the groups folder is a link outside the data", folder_outside("groups"), 1, "outside-link",
         "groups/dawg.yaml", 1),
    Case("a meetings folder is a link outside the data", folder_outside("meetings/dawg"), 1, "outside-link",
         "meetings/dawg/2026-05-06.yaml", 1),
    Case("symlink inside the data", symlink("groups/copy.yaml", "../crest.yaml"), 1, "schema", "groups/copy.yaml"),
    Case("symlink loop", symlink("groups/loop.yaml", "loop.yaml"), 1, "yaml-syntax", "groups/loop.yaml",
         words="cannot be read"),
    Case("a named pipe", fifo("groups/pipe.yaml"), 1, "yaml-syntax", "groups/pipe.yaml", words="not a regular file"),
    Case("a directory where a file should be", folder("groups/folder.yaml"), 1, "yaml-syntax", "groups/folder.yaml",
         words="directory"),
    Case("an unreadable file", lambda data: None, 1, "yaml-syntax", "toc.yaml", words="Permission denied",
         patch=UNREADABLE),
    Case("a missing required file", remove("partnership.yaml"), 1, "missing-file", "partnership.yaml"),
    Case("no data directory", lambda data: None, 2, words="does not exist", args=["validate", "--data", "nowhere"]),
    Case("a file as the data directory", lambda data: None, 2, words="is not a directory",
         args=["validate", "--data", "data/crest.yaml"]),
]
