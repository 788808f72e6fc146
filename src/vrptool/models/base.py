"""What every data-file model shares: unknown keys are errors, text is never coerced."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

#: Text an analyst wrote: never empty, surrounding white space ignored.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Paragraphs = list[Text]
Date = dt.date


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def described(description: str, **kwargs):
    return Field(description=description, **kwargs)
