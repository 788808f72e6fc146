"""What every data-file model shares: unknown keys are errors, text is never coerced."""

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import core_schema

from vrptool.models.behaviour import WHITE_SPACE, as_date, as_text  # noqa: F401 - where they were


class _Text:
    """Text's check for pydantic, with its JSON Schema: one annotation whose core schema is made
    here, not worked out by pydantic for each of the many fields that hold text."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.str_schema(strip_whitespace=True, min_length=1)

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict[str, Any]:
        return {"type": "string", "minLength": 1}


#: Text an analyst wrote: never empty, surrounding white space ignored.
Text = Annotated[str, _Text()]
Paragraphs = list[Text]
Date = dt.date


class Record(BaseModel):
    # allow_inf_nan: .inf or .nan are YAML numbers, never a value anyone returned
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def described(description: str, **kwargs):
    return Field(description=description, **kwargs)
