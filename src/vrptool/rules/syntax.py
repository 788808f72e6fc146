"""Rules the loader and the models apply while reading each file (they need no check())."""

from vrptool.findings import Severity
from vrptool.rules.base import Rule

YAML_SYNTAX = Rule("yaml-syntax", Severity.ERROR, "the file is not valid YAML (or not UTF-8)")
DUPLICATE_KEY = Rule("duplicate-key", Severity.ERROR, "a mapping repeats a key")
YAML_ALIAS = Rule("yaml-alias", Severity.ERROR, "anchors/aliases are not allowed in data files")
SCHEMA = Rule("schema", Severity.ERROR,
              "missing or unknown key, wrong type, value not in its enum, impossible date")
ID_FORMAT = Rule("id-format", Severity.ERROR, "an id that does not match its pattern")
ID_NOT_STRING = Rule("id-not-string", Severity.ERROR, "an id or id reference written as a number")
MISSING_FILE = Rule("missing-file", Severity.ERROR,
                    "partnership.yaml, toc.yaml, obpf.yaml or crest.yaml is missing")

RULES = [YAML_SYNTAX, DUPLICATE_KEY, YAML_ALIAS, SCHEMA, ID_FORMAT, ID_NOT_STRING, MISSING_FILE]
