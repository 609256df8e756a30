"""What the explorer makes from the catalog alone (or from it and a few of a view's values),
made once per catalog: a rebuilt warehouse has a new catalog, and what was made for the old one
goes with it. Callers do not change what they get."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from weakref import WeakKeyDictionary

T = TypeVar("T")
_KEPT: WeakKeyDictionary = WeakKeyDictionary()


def kept(catalog, key: tuple, make: Callable[[], T]) -> T:
    """`make()`, the first time `key` is asked of this catalog; what it made, after."""
    made = _KEPT.setdefault(catalog, {})
    if key not in made:
        made[key] = make()
    return made[key]
