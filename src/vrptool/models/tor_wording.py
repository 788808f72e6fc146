"""The fixed sentences of a ToR: partnership.yaml's tor_wording, and a group's own.

A module of its own, so that validating a group file does not define the partnership's models."""

from pydantic import field_validator

from vrptool.models.base import Record, Text, described
from vrptool.models.behaviour import TOR_PLACEHOLDERS, known_placeholders  # noqa: F401 - TOR_PLACEHOLDERS: where it was


class TorWording(Record):
    """The fixed sentences of a ToR, in the partnership's words. Each has a plain default, so a
    partnership that sets none still gets a complete ToR; a group may set its own (groups/<id>.yaml).
    A sentence may cite footnotes as [^id] and use {group}, {elements}, {measures}, {sources}."""

    header: Text | None = described("Line above the ToR's title (default: the partnership's name).", default=None)
    title: Text | None = described("The ToR's title (default: the group's name and abbreviation).", default=None)
    authority_column: Text = described("Heading of the membership table's duty column.",
                                       default="Specified or Relevant Authority")
    date_sent: Text = described("A member's 'Date Sent' cell.", default="{date}")
    not_sent: str = described("The 'Date Sent' cell of a member with no date.", default="N/A")
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

    _known_placeholders = field_validator("*")(known_placeholders)
