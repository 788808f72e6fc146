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
YAML_TAG = Rule("yaml-tag", Severity.ERROR, "a YAML tag (!!python/object, !custom) in a data file")
YAML11_BOOLEAN = Rule("yaml-1.1-boolean", Severity.ERROR,
                      "an unquoted yes, no, on or off, which YAML 1.1 tools read as true or false")
OUTSIDE_LINK = Rule("outside-link", Severity.ERROR, "a data file that links to somewhere outside the data directory")
MISSING_FILE = Rule("missing-file", Severity.ERROR,
                    "partnership.yaml, toc.yaml, obpf.yaml or crest.yaml is missing")

RULES = [YAML_SYNTAX, DUPLICATE_KEY, YAML_ALIAS, YAML_TAG, YAML11_BOOLEAN, SCHEMA, ID_FORMAT, ID_NOT_STRING,
         OUTSIDE_LINK, MISSING_FILE]
