"""The fixed status words of the data, each written once (DESIGN fixes them): the models check
them, the command line offers them, and the report counts them. Importing this costs nothing."""

from __future__ import annotations

from typing import Literal, get_args

#: A Crest recommendation's place on the tracker, in the order it moves along.
CrestStatus = Literal["open", "in_progress", "achieved"]
CREST_STATUSES: tuple[CrestStatus, ...] = get_args(CrestStatus)
