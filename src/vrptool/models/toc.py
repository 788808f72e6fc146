"""toc.yaml: the Theory of Change."""

from vrptool.ids import ActivityId, ObjectiveId, StrandId
from vrptool.models.base import Paragraphs, Record, Text, described


class InputGroup(Record):
    title: Text = described("Kind of input, e.g. 'Financial'.")
    items: Paragraphs = described("The inputs.")


class Activity(Record):
    id: ActivityId = described("Activity id, e.g. 2.e.")
    text: Text = described("What the activity is, as the ToRs word it.")
    strategy_text: Text | None = described(
        "The Response Strategy's own wording of the activity, where it differs from the ToRs'.", default=None)


class Strand(Record):
    id: StrandId = described("Strand id, e.g. 2.")
    title: Text = described("Strand title.")
    objective: ObjectiveId = described("Strategic objective the strand serves.")
    activities: list[Activity] = described("Activities of the strand.")
    outputs: Paragraphs = described("Outputs.", default=[])
    outcomes: Paragraphs = described("Medium-term outcomes.", default=[])


class TheoryOfChange(Record):
    inputs: list[InputGroup] = described("Inputs by kind.", default=[])
    strands: list[Strand] = described("Strands with their activities.")
    impacts: Paragraphs = described("Long-term impacts.", default=[])
