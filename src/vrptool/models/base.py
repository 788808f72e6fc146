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
    # allow_inf_nan: .inf or .nan are YAML numbers, never a value anyone returned
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def described(description: str, **kwargs):
    return Field(description=description, **kwargs)
