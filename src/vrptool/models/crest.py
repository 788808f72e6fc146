"""crest.yaml: Crest Advisory recommendations and their tracker status."""

from typing import Annotated

from pydantic import StringConstraints, model_validator

from vrptool.ids import RecommendationId
from vrptool.models.base import Date, Record, Text, described
from vrptool.models.behaviour import achieved_needs_evidence
from vrptool.statuses import CREST_STATUSES, CrestStatus, alternatives

Status = CrestStatus
YearMonth = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$")]


class Assessment(Record):
    title: Text = described("Title of the assessment.")
    author: Text = described("Who wrote it.")
    published: YearMonth = described("When it was published: YYYY-MM or YYYY-MM-DD.")


class Recommendation(Record):
    id: RecommendationId = described("Recommendation id, e.g. 6.2.")
    text: Text = described("The recommendation.")
    status: Status = described(f"{alternatives(CREST_STATUSES)}.")
    achieved_on: Date | None = described("Date achieved (required when achieved).", default=None)
    evidence: Text | None = described("Evidence of achievement (required when achieved).", default=None)

    _achieved_needs_evidence = model_validator(mode="after")(achieved_needs_evidence)


class CrestTracker(Record):
    assessment: Assessment = described("The readiness assessment.")
    recommendations: list[Recommendation] = described("Recommendations and their status.")
