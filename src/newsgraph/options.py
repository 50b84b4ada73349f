"""Which option values does newsgraph accept? One check per kind of value, shared by the command line
(``cli.py``) and the HTTP API (``web/params.py``), so a bad value gets the same answer wherever it is
given: one line naming the option, the value and what the option takes.

Each check returns the value as the store wants it (``None`` for "not given") or raises
:class:`OptionError`; an optional dependency that is not installed raises ``extras.MissingExtra``,
naming the extra that installs it.
"""

from __future__ import annotations

import datetime
import functools
import re
from typing import Iterable

from newsgraph.extras import MissingExtra, need  # noqa: F401  (re-exported: the CLI catches it with the rest)
from newsgraph.model import STANCES

# spaCy's labels for the names newsgraph keeps as entities
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE")
ISO_DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
DATE_FORMS = "YYYY-MM-DD, YYYY-MM or YYYY"
_ISO = re.compile(ISO_DATE)


class OptionError(ValueError):
    """An option value that cannot work; ``str()`` is the one line to show."""

    def __init__(self, option: str, value: object, expected: str) -> None:
        self.option, self.value, self.expected = option, value, expected
        super().__init__(f"{option} {expected}" if value is None else f"{option} {str(value)!r} {expected}")


@functools.lru_cache(maxsize=1)
def event_types() -> tuple[str, ...]:
    """The PLOVER categories newsgraph codes (``data/events/plover_types.yaml``)."""
    from newsgraph.resources import load_yaml

    return tuple(load_yaml("events/plover_types.yaml")["types"])


def one_of(value: str | None, allowed: Iterable[str], option: str, *, upper: bool = False) -> str | None:
    """``value`` if it is one of ``allowed`` (compared in upper case with ``upper``); None stays None."""
    if value is None or value == "":
        return None
    allowed = tuple(allowed)
    given = value.strip().upper() if upper else value.strip()
    if given not in allowed:
        raise OptionError(option, value, f"is not one of: {', '.join(allowed)}")
    return given


def stance(value: str | None, option: str = "--stance") -> str | None:
    return one_of(value, STANCES, option)


def event_type(value: str | None, option: str = "--type") -> str | None:
    return one_of(value, event_types(), option, upper=True)


FACTUALITY_CHOICES = ("happened", "all", "asserted", "reported", "negated", "hypothetical", "intended", "attempted")


def factuality(value: str | None, option: str = "--factuality") -> str | None:
    """Which events a listing shows: "happened" (asserted or reported: the default), "all", or one class."""
    return one_of(value.lower() if value else value, FACTUALITY_CHOICES, option)


def entity_type(value: str | None, option: str = "--type") -> str | None:
    return one_of(value, ENTITY_TYPES, option, upper=True)


def output_format(value: str, allowed: Iterable[str], option: str = "--format") -> str:
    found = one_of(value, allowed, option)
    if found is None:
        raise OptionError(option, value, f"is not one of: {', '.join(allowed)}")
    return found


def iso_date(value: str | None, option: str) -> str | None:
    """An ISO date (YYYY-MM-DD, YYYY-MM or YYYY) that exists on the calendar; None stays None."""
    if value is None or value == "":
        return None
    text = value.strip()
    if _ISO.match(text):
        try:
            datetime.date.fromisoformat(text + {4: "-01-01", 7: "-01"}.get(len(text), ""))
            return text
        except ValueError:
            pass
    raise OptionError(option, value, f"is not a date (give {DATE_FORMS})")


def date_range(since: str | None, until: str | None, names: tuple[str, str] = ("--since", "--until")
               ) -> tuple[str | None, str | None]:
    """Both ends checked, and the range not empty (``until`` before ``since``)."""
    since, until = iso_date(since, names[0]), iso_date(until, names[1])
    if since and until and until < since[: len(until)]:
        raise OptionError(names[1], until, f"is before {names[0]} {since}")
    return since, until


def at_least(value: int, minimum: int, option: str) -> int:
    if value < minimum:
        raise OptionError(option, value, f"must be {minimum} or more")
    return value


def store_target(value: str | None, option: str = "--db") -> str | None:
    """A SQLite path, ``sqlite:///path``, ``:memory:`` or a ``postgresql://`` URL (which needs psycopg)."""
    if value is None:
        return None
    scheme = value.split("://", 1)[0].lower() if "://" in value else ""
    if scheme in ("postgresql", "postgres") or scheme.startswith("postgresql+"):
        need("psycopg", "postgres", "a postgresql:// store")
        if not value.split("://", 1)[1].strip("/"):
            raise OptionError(option, value, "has no host or database (give postgresql://user@host/dbname)")
    elif scheme and scheme != "sqlite":
        raise OptionError(option, value, "is not a store: give a SQLite file path, sqlite:///path or postgresql://...")
    elif not value.strip():
        raise OptionError(option, value, "is empty: give a SQLite file path or a postgresql:// URL")
    return value
