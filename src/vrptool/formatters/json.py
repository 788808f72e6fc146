"""{"findings": [...], "summary": {"errors", "warnings", "files"}}: the fixed shape other tools read
(see the README, `vrptool validate`)."""

from __future__ import annotations

import json

from vrptool.findings import Finding
from vrptool.formatters.base import Reporter, Summary


class JsonReporter(Reporter):
    def render(self, findings: list[Finding], summary: Summary) -> str:
        document = {
            "findings": [f.as_dict() for f in findings],
            "summary": {"errors": summary.errors, "warnings": summary.warnings, "files": summary.files},
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
