"""groups/<id>.yaml: one board or working group and its Terms of Reference."""

from typing import Annotated

from pydantic import Discriminator, Tag, model_validator

from vrptool.ids import ActivityId, GroupId, IndicatorId, ObjectiveId, OrganisationId, RecommendationId
from vrptool.models.base import Date, Paragraphs, Record, Text, described
from vrptool.models.behaviour import lines_of_own_indicators, membership_kind
from vrptool.models.tor_wording import TorWording
from vrptool.statuses import MemberStatus


class TorVersion(Record):
    version: int = described("The version number.", ge=1)
    issued: Date = described("Date the version was issued.")
    change: Text = described("What changed in this version.")


class Tor(Record):
    version: int = described("ToR version number.", ge=1)
    issued: Date = described("Date this version was issued.")
    review_by: Date = described("Date by which the ToR must be reviewed (without one, no review is ever overdue).")
    history: list[TorVersion] = described("Each version issued, oldest first (vrptool tor issue adds one).",
                                          default=[])


class RoleMembership(Record):
    organisation: OrganisationId = described("Member organisation.")
    roles: list[Text] = described("Roles that represent it (never people's names).", min_length=1)
    sent: Date | None = described("Date the ToR was sent to it.", default=None)


class StatusMembership(Record):
    organisation: OrganisationId = described("Organisation listed without roles.")
    status: MemberStatus = described(
        "'not_yet_required' (attendance not yet required) or 'no_representation' (at this stage)."
    )
    sent: Date | None = described("Date the ToR was sent to it.", default=None)


Membership = Annotated[
    Annotated[RoleMembership, Tag("roles")] | Annotated[StatusMembership, Tag("status")],
    Discriminator(membership_kind),
]


class GroupActivity(Record):
    id: ActivityId = described("ToC activity the group delivers.")
    focus: Paragraphs = described("The ToR's 'specific focus' points.", default=[])


class Group(Record):
    id: GroupId = described("Group id; the file name is <id>.yaml.")
    name: Text = described("Full name.")
    abbreviation: Text = described("Initials, e.g. DAWG.")
    referred_to_as: Text | None = described("How the ToR's sentences name the group.", default=None)
    reports_to: GroupId | None = described("Group this one reports to; absent only for the top board.", default=None)
    objective: ObjectiveId | None = described("Strategic objective the group delivers.", default=None)
    tor: Tor | None = described("Version and dates of the Terms of Reference.", default=None)
    membership: list[Membership] = described("Distribution list and membership.", default=[])
    activities: list[GroupActivity] = described("ToC activities the group delivers.", default=[])
    recommendations: list[RecommendationId] = described("Crest recommendations the group delivers.", default=[])
    indicators: list[IndicatorId] = described("OBPF indicators the group monitors.", default=[])
    introduction: Paragraphs = described("ToR introduction.", default=[])
    aims: Paragraphs = described("ToR aims, before the list of activities.", default=[])
    responsibilities: Paragraphs = described("The group's own partner responsibilities.", default=[])
    reporting: Paragraphs = described("Reporting relationships.", default=[])
    meeting_arrangements: Paragraphs = described("Meeting frequency and format.", default=[])
    administration: Paragraphs = described("Administration.", default=[])
    data_sharing: Paragraphs = described("Data sharing.", default=[])
    indicator_lines: dict[IndicatorId, Text] = described(
        "This ToR's own wording of an indicator's line, by indicator id (its number follows).", default={})
    tor_wording: TorWording | None = described(
        "This ToR's own wording of some fixed sentences; the partnership's tor_wording gives the rest.", default=None)

    _lines_of_own_indicators = model_validator(mode="after")(lines_of_own_indicators)
