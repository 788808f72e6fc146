"""partnership.yaml: the partnership itself, its objectives and its organisations."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import field_validator
from pydantic_core import PydanticCustomError

from vrptool.ids import FootnoteId, InterventionId, ObjectiveId, OrganisationId, PartnershipId
from vrptool.models.base import Date, Paragraphs, Record, Text, described

Duty = Literal["specified", "relevant", "none"]


class StrategicObjective(Record):
    id: ObjectiveId = described("Strategic objective id, e.g. SO2.")
    title: Text = described("Short title, e.g. 'Data and Analysis'.")
    statement: Text = described("What the partnership will do under this objective.")


class Organisation(Record):
    id: OrganisationId = described("Organisation id, e.g. hfrs.")
    name: Text = described("Full name.")
    abbreviation: Text | None = described("Initials, e.g. HFRS.", default=None)
    agency: Text | None = described("How ToR distribution tables name it, if not by its name.", default=None)
    duty: Duty = described("Serious Violence Duty status: specified, relevant or none.")


class Intervention(Record):
    id: InterventionId = described("Intervention id, e.g. reset.")
    name: Text = described("Name of the funded intervention.")
    description: Text | None = described("What it does.", default=None)
    providers: list[OrganisationId] = described("Organisations that deliver it.")


class Footnote(Record):
    id: FootnoteId = described("Footnote id, cited in prose as [^id].")
    text: Text = described("Footnote text.")


class ViolenceDefinition(Record):
    includes: Paragraphs = described("Offence types the partnership counts as serious violence.")
    notes: Text | None = described("Exclusions and how the definition will change.", default=None)


class DutyAuthorities(Record):
    specified: Paragraphs = described("Specified authorities as the ToRs list them.")
    relevant: Paragraphs = described("Relevant authorities as the ToRs list them.")


class Finding(Record):
    topic: Text = described("Topic of the needs-assessment finding.")
    points: Paragraphs = described("What the needs assessment found.")


class NeedsAssessment(Record):
    summary: Paragraphs = described("Summary paragraphs.")
    source: Text | None = described("Citation of the needs assessment.", default=None)
    findings: list[Finding] = described("Headline findings by topic.", default=[])


class ApproachPoint(Record):
    heading: Text = described("Heading of the approach.")
    points: Paragraphs = described("Points under it.")


class ObjectiveDetail(Record):
    objective: ObjectiveId = described("The strategic objective this detail belongs to.")
    why: Text | None = described("The strategy's 'Why?'.", default=None)
    context: Text | None = described("Context paragraph.", default=None)
    key_outcomes: Paragraphs = described("Key outcomes of the approach.", default=[])
    principles: Paragraphs = described("Key principles of delivery.", default=[])
    approach: list[ApproachPoint] = described("How governance and decision-making will work.", default=[])
    progress: Paragraphs = described("Progress and existing work.", default=[])
    actions: Paragraphs = described("Actions.", default=[])
    partner_involvement: Paragraphs = described("What partners are expected to do.", default=[])


class Strategy(Record):
    title: Text = described("Title of the response strategy.")
    status: Text | None = described("e.g. draft.", default=None)
    year: int | None = described("Year of the strategy.", default=None)
    introduction: Paragraphs = described("Introduction.", default=[])
    specified_authorities: Paragraphs = described("Specified authorities as the strategy lists them.", default=[])
    public_health_principles: Paragraphs = described("Principles of a public health approach.", default=[])
    priorities_note: Text | None = described("How the priorities will be delivered.", default=None)
    needs_assessment: NeedsAssessment | None = described("Strategic Needs Assessment summary.", default=None)
    monitoring: Text | None = described("How impact will be monitored.", default=None)
    objectives: list[ObjectiveDetail] = described("Detail per strategic objective.", default=[])


#: What a ToR sentence may say in braces; the ToR context fills each in for the group it renders.
TOR_PLACEHOLDERS = {
    "group": "how the ToR names the group, e.g. 'the DAWG'",
    "elements": "'element' or 'elements', by the number of indicators",
    "measures": "'measure' or 'measures', by the number of success measures of an outcome",
    "sources": "'source' or 'sources', by the number of indicators of a success measure",
}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class TorWording(Record):
    """The fixed sentences of a ToR, in the partnership's words. Each has a plain default, so a
    partnership that sets none still gets a complete ToR; a group may set its own (groups/<id>.yaml).
    A sentence may cite footnotes as [^id] and use {group}, {elements}, {measures}, {sources}."""

    header: Text | None = described("Line above the ToR's title (default: the partnership's name).", default=None)
    authority_column: Text = described("Heading of the membership table's duty column.",
                                       default="Specified or Relevant Authority")
    activities_lead: Text = described(
        "Sentence before the group's ToC activities.",
        default="The following activities will be delivered by the {group}, in alignment with the Theory of Change:")
    focus_lead: str = described("Words after an activity's number when focus points follow it.", default=":")
    activity_end: str = described("Words after an activity's number when no focus points follow.", default=".")
    recommendations_introduction: Text | None = described(
        "Paragraph opening the Crest Advisory section (default: none).", default=None)
    recommendations_lead: Text = described(
        "Sentence before the group's open recommendations.",
        default="The following recommendations are recorded in the Crest Advisory Readiness Tracker, "
                "which will be considered and delivered by the {group}:")
    recommendations_closing: Text = described(
        "Sentence after the recommendations.",
        default="Once a recommendation has been achieved, the Crest Advisory Readiness Tracker will be updated "
                "and the {group} ToR will also be revised to reflect this.")
    no_recommendations: Text = described(
        "Sentence when the group has no open recommendation.",
        default="The {group} has no open recommendations in the Crest Advisory Readiness Tracker.")
    performance_introduction: Text | None = described(
        "Paragraph opening the performance framework section (default: none).", default=None)
    performance_lead: Text = described(
        "Sentence before the group's indicators.",
        default="The impact of activity from the {group} should be measured by the following {elements} of the "
                "Performance Framework, which will be monitored and reported on quarterly:")
    measures_lead: Text = described("Words after an outcome, before its success measures.",
                                    default="The success {measures} to achieve this will be:")
    sources_lead: Text = described("Words after a success measure, before its indicators.",
                                   default="measured by data {sources}:")
    specified_lead: Text = described(
        "Sentence before the Duty's specified authorities.",
        default="Under the Serious Violence Duty, the following Specified Authorities are required to "
                "collaborate and plan to prevent and reduce serious violence:")
    relevant_lead: Text = described(
        "Sentence before the Duty's relevant authorities.",
        default="The following Relevant Authorities are also expected to collaborate and plan to prevent and "
                "reduce serious violence:")
    responsibilities_lead: Text = described(
        "Sentence before the members' responsibilities.",
        default="The responsibility from each member of this group is to represent their organisation by "
                "ensuring the following is achieved:")

    @field_validator("*")
    @classmethod
    def _known_placeholders(cls, value):
        for name in _PLACEHOLDER.findall(value) if isinstance(value, str) else ():
            if name not in TOR_PLACEHOLDERS:
                raise PydanticCustomError(
                    "unknown_placeholder", "'{placeholder}' is not a ToR placeholder; use one of {known}",
                    {"placeholder": "{" + name + "}", "known": ", ".join("{" + known + "}" for known in TOR_PLACEHOLDERS)})
        return value


class ChartRules(Record):
    """The lengths of the control-chart rules, one setting for every chart, table and summary."""

    shift: int = described("Points in a row on one side of the mean that make a shift (7).", default=7, ge=2)
    trend: int = described("Points in a row each rising (or falling) that make a trend (7).", default=7, ge=3)
    trial_below: int = described("A chart with fewer points than this has trial limits (13).", default=13, ge=2)


class DutyDate(Record):
    what: Text = described("What falls due, e.g. 'Response Strategy annual review'.")
    due: Date = described("Date it is due by.")


class Partnership(Record):
    id: PartnershipId = described("Partnership id, e.g. hips.")
    name: Text = described("Full name of the partnership.")
    short_name: Text = described("Short name, e.g. 'HIPS VRP'.")
    area: Text | None = described("The area the partnership covers.", default=None)
    vision: Text = described("The partnership's vision.")
    mission: Text = described("The partnership's mission.")
    financial_year_start_month: int = described("Month the financial year starts (4 = April).", default=4, ge=1, le=12)
    small_number_threshold: int = described("Values with n below this are suppressed in reports.", default=5, ge=0)
    returns_due_days: int = described("Days after a quarter ends by which its returns are due (vrptool due).",
                                      default=30, ge=0)
    duty_dates: list[DutyDate] = described(
        "The Duty's own dates: the strategy's annual review, the needs assessment's refresh (vrptool due).", default=[])
    spc: ChartRules = described("Control-chart rule lengths for the report.", default=ChartRules())
    strategic_objectives: list[StrategicObjective] = described("Strategic objectives SO1, SO2, ...")
    serious_violence_definition: ViolenceDefinition | None = described("Local definition of serious violence.", default=None)
    duty_authorities: DutyAuthorities | None = described("Authorities under the Duty, as ToRs list them.", default=None)
    organisations: list[Organisation] = described("Organisations of the partnership.")
    interventions: list[Intervention] = described("Funded interventions.", default=[])
    footnotes: list[Footnote] = described("Footnotes cited from prose as [^id].", default=[])
    strategy: Strategy | None = described("The response strategy's text.", default=None)
    tor_wording: TorWording = described("The fixed sentences of every ToR, in the partnership's words.",
                                        default=TorWording())
