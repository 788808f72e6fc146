"""Numbers as partners write them: one rule for every way a value reaches the data.

`returns set --value`, `returns import` from CSV and from xlsx all read a value here, so that a
value means the same wherever it is typed. The rule refuses what it cannot read for certain:

- `1,41` is refused (a decimal comma would make it a hundred times too large as `141`), unless
  the file declares a decimal comma, where it is 1.41;
  the refusal suggests 1.41 for a percentage or a score, and says a count is a whole number for a count;
- thousands separators are accepted only in their exact pattern: `1,234,567`;
- `73.3%` is 73.3, and only for a percent indicator;
- an xlsx cell formatted as a percentage holds a fraction (0.733 shown as 73.3%): it is read as
  the percentage it shows;
- no exponents, `inf`, `nan`, underscores or currency signs: nobody returns those.
"""

from __future__ import annotations

import re
from decimal import Decimal

from vrptool.frozen import Frozen

Number = int | float

_MINUS = "\u2212"  # the minus sign word processors put in place of a hyphen
_POINT = re.compile(r"^[-+]?(?:\d+(?:\.\d+)?|\.\d+)$")
_POINT_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_COMMA = re.compile(r"^[-+]?(?:\d+(?:,\d+)?|,\d+)$")
#: Excel keeps 15 significant digits: anything beyond is the binary fraction, not what was typed.
_EXCEL_DIGITS = 15


class NumberError(ValueError):
    """What was written is not a number vrptool can read for certain; the message says what to write."""


class DecimalComma(NumberError):
    """'5,36': a comma where a decimal point may have been meant. What to write depends on the
    indicator's unit: 5.36 for a rate, but a count is a whole number, so there it is no count at all."""

    def __init__(self, text: str, whole: str, fraction: str, unit: str | None = None) -> None:
        self.text, self.whole, self.fraction = text, whole, fraction
        super().__init__(self._message(unit))

    def for_unit(self, unit: str | None) -> DecimalComma:
        return DecimalComma(self.text, self.whole, self.fraction, unit)

    def _message(self, unit: str | None) -> str:
        if unit == "count":
            # Grouped thousands (1,234) are read before this: here the comma cannot be one.
            return (f"'{self.text}' has a decimal comma, but a count is a whole number: {self.text} is neither "
                    f"{int((self.whole or '0') + self.fraction)} (a thousands separator stands every three digits, "
                    "as in 1,234,567) nor a count; write the whole number counted")
        return (f"'{self.text}' has a decimal comma, which vrptool does not guess at: write "
                f"{self.whole or '0'}.{self.fraction} if that is what it means (a comma is read only as a "
                "thousands separator, as in 1,234,567)")


class Reading(Frozen):
    """A value as read: the number, and whether it was written (or formatted) as a percentage."""

    _fields = ("value", "percent")
    value: Number
    percent: bool

    def __init__(self, value: Number, percent: bool = False) -> None:
        self._set(value=value, percent=percent)


def read_text(text: str, *, decimal_comma: bool = False, unit: str | None = None) -> Reading:
    """The number a person wrote as text ('12', '12.5', '1,234', '73.3%'); `unit`, the indicator's, words a refusal."""
    cleaned = text.strip().replace(_MINUS, "-").replace("\u00a0", " ")
    percent = cleaned.endswith("%")
    if percent:
        cleaned = cleaned[:-1].rstrip()
    if not cleaned:
        raise NumberError(f"'{text}' is not a number")
    if decimal_comma:
        if "." in cleaned:
            raise NumberError(f"'{text}' has a point, but this file writes decimals with a comma; "
                              "write it without thousands separators, e.g. 1234,5")
        if not _COMMA.match(cleaned):
            raise NumberError(f"'{text}' is not a number")
        return Reading(_typed(cleaned.replace(",", ".")), percent)
    if _POINT.match(cleaned):
        return Reading(_typed(cleaned), percent)
    if _POINT_THOUSANDS.match(cleaned):
        return Reading(_typed(cleaned.replace(",", "")), percent)
    if re.match(r"^[-+]?\d*,\d+$", cleaned):
        whole, _, fraction = cleaned.partition(",")
        raise DecimalComma(text, whole, fraction, unit)
    if "," in cleaned and _POINT.match(cleaned.replace(",", "")):  # without them, a number
        raise NumberError(f"'{text}' has commas that are not thousands separators (those stand every "
                          "three digits, as in 1,234,567); write the number without them")
    raise NumberError(f"'{text}' is not a number")


def read_cell(value: object, *, percent_format: bool = False, decimal_comma: bool = False,
              unit: str | None = None) -> Reading:
    """The number in a spreadsheet cell: a number as the spreadsheet shows it, or text read as typed."""
    if isinstance(value, bool):
        raise NumberError(f"'{value}' is true/false, not a number")
    if isinstance(value, int):
        return Reading(value * 100 if percent_format else value, percent_format)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NumberError(f"'{value}' is not a number anyone could return")
        shown = Decimal(f"{value:.{_EXCEL_DIGITS}g}")
        if percent_format:
            shown = shown.scaleb(2)
        return Reading(_from_decimal(shown), percent_format)
    return read_text(str(value), decimal_comma=decimal_comma, unit=unit)


def _typed(text: str) -> Number:
    """An int when written without a decimal part, else a float (12 stays 12, 12.0 stays 12.0)."""
    if "." in text:
        return float(text)
    return int(text)


def _from_decimal(number: Decimal) -> Number:
    normal = number.normalize()
    if normal == normal.to_integral_value():
        return int(normal)
    return float(normal)


def for_unit(reading: Reading, unit: str | None) -> Number:
    """The value to store for an indicator of `unit`; a percentage is refused for any other unit."""
    if reading.percent and unit is not None and unit != "percent":
        raise NumberError(f"{shown(reading.value)}% is a percentage, but the indicator is measured as a {unit}")
    return reading.value


def shown(value: Number) -> str:
    """A value as a person would write it: 73.3, 1234, 0.5."""
    return format(Decimal(repr(value)).normalize(), "f") if isinstance(value, float) else str(value)
