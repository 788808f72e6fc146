"""meetings/<group>/<YYYY-MM-DD>.yaml: attendance and actions of one meeting."""

from typing import Literal

from vrptool.ids import ActionId, GroupId, OrganisationId
from vrptool.models.base import Date, Record, Text, described
from vrptool.statuses import MEETING_FORMATS, MeetingFormat, alternatives


class Action(Record):
    id: ActionId = described("Action id, unique within the meeting, e.g. a1.")
    text: Text = described("What is to be done.")
    owner: OrganisationId = described("Organisation that owns the action (never a person).")
    due: Date = described("Date the action is due.")
    status: Literal["open", "done"] = described("open or done.")


class Meeting(Record):
    group: GroupId = described("The group that met; the folder is meetings/<group>/.")
    date: Date = described("Date of the meeting; the file name is <date>.yaml.")
    format: MeetingFormat = described(f"{alternatives(MEETING_FORMATS)} (some in the room, some online).")
    host: OrganisationId | None = described("Organisation that hosted the meeting in person.", default=None)
    illustrative: bool = described("True when the record is made up for illustration.", default=False)
    attended: list[OrganisationId] = described("Organisations that attended.")
    apologies: list[OrganisationId] = described("Organisations that sent apologies.", default=[])
    actions: list[Action] = described("Actions agreed or reviewed.", default=[])
