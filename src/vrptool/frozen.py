"""Frozen values of a few fields, as `@dataclass(frozen=True)` makes them, at no cost to define.

@dataclass compiles six functions for each frozen class when its module is imported, on every
run: 3.6 M instructions a class, a tenth of a validate with no cache for vrptool's 21. A class
every run defines and few values are made of says what a dataclass would have made instead:

    class Summary(Frozen):
        _fields = ("errors", "warnings", "files")
        errors: int
        ...
        def __init__(self, errors: int, warnings: int, files: int) -> None:
            self._set(errors=errors, warnings=warnings, files=files)

It is compared and hashed by its fields (but those in `_uncompared`), shown as a dataclass is
shown, refuses assignment as a frozen dataclass does (`dataclasses.FrozenInstanceError`), and
`replaced(**changes)` is `dataclasses.replace`.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from typing import Any, ClassVar


class Frozen:
    __slots__ = ()

    #: the fields, in order: shown by repr, and, but those in `_uncompared`, compared and hashed
    _fields: ClassVar[tuple[str, ...]] = ()
    _uncompared: ClassVar[frozenset[str]] = frozenset()

    def _set(self, **values: Any) -> None:
        """Set the fields (from __init__)."""
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def _compared(self) -> tuple:
        return tuple(getattr(self, name) for name in self._fields if name not in self._uncompared)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._compared() == other._compared()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._compared())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({shown})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def replaced(self, **changes: Any) -> Any:
        """A copy with some fields changed (dataclasses.replace)."""
        return type(self)(**{**{name: getattr(self, name) for name in self._fields}, **changes})
