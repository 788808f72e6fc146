"""The fixed words of the data, each written once (DESIGN fixes them): the models check them, the
command line offers them, and the report counts them. Importing this costs nothing."""

from __future__ import annotations

from typing import Literal, get_args

#: A Crest recommendation's place on the tracker, in the order it moves along.
CrestStatus = Literal["open", "in_progress", "achieved"]
CREST_STATUSES: tuple[CrestStatus, ...] = get_args(CrestStatus)

#: An organisation's place under the Serious Violence Duty.
Duty = Literal["specified", "relevant", "none"]
DUTIES: tuple[Duty, ...] = get_args(Duty)

#: A member listed without roles.
MemberStatus = Literal["not_yet_required", "no_representation"]
MEMBER_STATUSES: tuple[MemberStatus, ...] = get_args(MemberStatus)

#: How a meeting was held.
MeetingFormat = Literal["online", "in_person", "hybrid"]
MEETING_FORMATS: tuple[MeetingFormat, ...] = get_args(MeetingFormat)

#: What an indicator's value is, and which way is better.
Unit = Literal["count", "percent", "score", "score_change"]
UNITS: tuple[Unit, ...] = get_args(Unit)
Better = Literal["higher", "lower"]
BETTER: tuple[Better, ...] = get_args(Better)


def alternatives(choices: tuple[str, ...]) -> str:
    """The choices as a sentence says them: "a, b or c"."""
    return " or ".join([", ".join(choices[:-1]), choices[-1]]) if len(choices) > 1 else "".join(choices)
