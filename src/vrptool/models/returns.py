"""returns/<quarter>.yaml: the indicator values of one quarter."""

from pydantic import StrictFloat, StrictInt, model_validator

from vrptool.ids import IndicatorId, LocalAreaId, QuarterId
from vrptool.models.base import Date, Record, Text, described
from vrptool.models.behaviour import value_or_missing


class Entry(Record):
    indicator: IndicatorId = described("OBPF indicator id, e.g. 5.1.2.a.")
    area: LocalAreaId | None = described("The area the value is for (absent: the whole partnership).", default=None)
    value: StrictInt | StrictFloat | None = described("The value this quarter (or give 'missing').", default=None)
    n: StrictInt | None = described("How many people or cases the value is based on.", default=None, ge=0)
    missing: Text | None = described("Why there is no value this quarter (instead of 'value').", default=None)
    note: Text | None = described("Anything a reader should know about the value.", default=None)
    received: Date | None = described("Date the value (or the reason it is missing) was received from its source.",
                                      default=None)

    _value_or_missing = model_validator(mode="after")(value_or_missing)


class Returns(Record):
    quarter: QuarterId = described("The quarter, e.g. 2024-25-Q1; the file name is <quarter>.yaml.")
    illustrative: bool = described("True when the values are made up for illustration.", default=False)
    values: list[Entry] = described("One entry per indicator.")
