"""SARIF 2.1.0, for code-scanning dashboards: one rule entry per rule id."""

from __future__ import annotations

import json
from pathlib import PurePath

from vrptool import __version__
from vrptool.findings import Finding
from vrptool.formatters.base import Reporter, Summary

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning"}


class SarifReporter(Reporter):
    def render(self, findings: list[Finding], summary: Summary) -> str:
        from vrptool.rules import catalogue  # only SARIF needs every rule's description

        rule_ids = list(catalogue())
        rules = [
            {
                "id": rule.id,
                "name": rule.id,
                "shortDescription": {"text": rule.summary},
                "defaultConfiguration": {"level": LEVELS[rule.severity.value]},
            }
            for rule in catalogue().values()
        ]
        results = [
            {
                "ruleId": f.rule,
                "ruleIndex": rule_ids.index(f.rule),
                "level": LEVELS[f.severity.value],
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": PurePath(f.file).as_posix()},
                        "region": {"startLine": f.line, "startColumn": f.column},
                    }
                }],
            }
            for f in findings
        ]
        document = {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "vrptool", "version": __version__, "rules": rules}},
                "results": results,
            }],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
