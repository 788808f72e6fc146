"""The abbreviation rule's reading of initials: small words optional, numbers whole."""

import pytest

from vrptool.rules.abbreviation import _message, initials_match


@pytest.mark.parametrize(("abbreviation", "name", "matches"), [
    ("HFRS", "Hampshire Fire & Rescue Service", True),
    ("HRFS", "Hampshire Fire & Rescue Service", False),
    ("HIOWC", "Hampshire and Isle of Wight Constabulary", True),
    ("WG10", "Working Group 10", True),  # a number is taken whole
    ("WG1", "Working Group 10", False),  # not its first digit
    ("WG2", "Working Group 2", True),
    ("WG12", "Working Group 10", False),
])
def test_initials(abbreviation: str, name: str, matches: bool) -> None:
    assert initials_match(abbreviation, name) is matches


def test_the_message_suggests_the_number_whole() -> None:
    assert _message("WG1", "Working Group 10") == (
        "'WG1' is not made of the initials of 'Working Group 10' (expected something like 'WG10'); check it for a typo")
