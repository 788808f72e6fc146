"""What every data-file model shares: unknown keys are errors, text is never coerced."""

import datetime as dt
import functools
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
from pydantic_core import core_schema


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

#: The white space Text strips: Unicode's White_Space (pydantic-core trims as Rust's str::trim
#: does), which str.strip() would exceed by four separators (\x1c-\x1f).
WHITE_SPACE = ("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
               "\u200a\u2028\u2029\u202f\u205f\u3000")


def as_text(value: str) -> str:
    """A Text field's value as the model holds it, read from the tree of a file that validated
    (for a rule that needs a few values of a file and not its model, whose definition costs more)."""
    return value.strip(WHITE_SPACE)


def as_date(value: object) -> dt.date:
    """A Date field's value as the model holds it, read from the tree of a file that validated
    (pydantic reads more than YYYY-MM-DD: a Unix time, a datetime at midnight)."""
    return _date_adapter().validate_python(value)


@functools.cache
def _date_adapter() -> TypeAdapter[dt.date]:
    return TypeAdapter(Date)


class Record(BaseModel):
    # allow_inf_nan: .inf or .nan are YAML numbers, never a value anyone returned
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def described(description: str, **kwargs):
    return Field(description=description, **kwargs)
