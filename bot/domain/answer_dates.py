"""Dates in typed answers: a learner who answers "1917" or "April 1917" with the full date ("April 16, 1917",
"16 de abril de 1917") has given the right answer, more precisely. Such a date is rewritten as the accepted
answer writes it, so the matcher then sees the accepted answer; a date that disagrees stays as typed, and
numbers stay strict (1851 is not 1850)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

MONTHS = {
    **dict.fromkeys(("january", "jan", "enero", "ene"), 1),
    **dict.fromkeys(("february", "feb", "febrero"), 2),
    **dict.fromkeys(("march", "mar", "marzo"), 3),
    **dict.fromkeys(("april", "apr", "abril", "abr"), 4),
    **dict.fromkeys(("may", "mayo"), 5),
    **dict.fromkeys(("june", "jun", "junio"), 6),
    **dict.fromkeys(("july", "jul", "julio"), 7),
    **dict.fromkeys(("august", "aug", "agosto", "ago"), 8),
    **dict.fromkeys(("september", "sep", "sept", "septiembre", "setiembre"), 9),
    **dict.fromkeys(("october", "oct", "octubre"), 10),
    **dict.fromkeys(("november", "nov", "noviembre"), 11),
    **dict.fromkeys(("december", "dec", "diciembre", "dic"), 12),
}
_MONTH = r"(?P<m>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
_DAY = r"(?<!\d)(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|o|°)?(?!\d)"
_YEAR = r"(?<!\d)(?P<y>\d{3,4})(?!\d)"
_OF = r"(?:\s*,\s*|\s+(?:of|de|del)\s+|\s+)"  # "16 April", "16 de abril", "16th of April", "April, 1917"
# Most precise forms first: a span taken by one is not read again by a later one.
_FORMS = [re.compile(p) for p in (
    rf"\b{_DAY}{_OF}{_MONTH}{_OF}{_YEAR}",  # 16 April 1917, 16 de abril de 1917
    rf"\b{_MONTH}\s+{_DAY}\s*,?\s*{_YEAR}",  # April 16, 1917
    r"(?<!\d)(?P<y>\d{4})-(?P<m>0?[1-9]|1[0-2])(?:-(?P<d>[12]\d|3[01]|0?[1-9]))?(?!\d)",  # 1917-04-16
    rf"\b{_DAY}{_OF}{_MONTH}",  # 16 April, 16 de abril
    rf"\b{_MONTH}\s+{_DAY}",  # April 16
    rf"\b{_MONTH}(?:{_OF}{_YEAR})?",  # April, April 1917, abril de 1917
    _YEAR,  # 1917
)]


@dataclass(frozen=True)
class Date:
    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None

    def agrees_with(self, accepted: Date) -> bool:
        """Whether this date says what `accepted` says, perhaps more precisely: the same year (and a year only
        when the accepted one has it), the same month and day where the accepted one has them."""
        return (self.year == accepted.year
                and (accepted.month is None or self.month == accepted.month)
                and (accepted.day is None or self.day == accepted.day))


def fold(text: str) -> str:
    """Casefolded, without accents; punctuation kept (commas matter to the matcher)."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def dates_in(text: str) -> list[Date]:
    """The dates in folded `text`, in order, each read in its most precise form."""
    found: list[Date] = []
    for form in _FORMS:
        for m in form.finditer(text):
            if any(m.start() < d.end and d.start < m.end() for d in found):
                continue
            parts = m.groupdict()
            month = parts.get("m")
            found.append(Date(m.start(), m.end(), int(parts["y"]) if parts.get("y") else None,
                              (MONTHS[month] if month in MONTHS else int(month)) if month else None,
                              int(parts["d"]) if parts.get("d") else None))
    return sorted(found, key=lambda d: d.start)


@lru_cache(maxsize=4096)  # the course's accepted answers, read once rather than on every answer
def _accepted_date(answer: str) -> tuple[str, Date] | None:
    """The date an accepted answer gives, and how it writes it (folded): a date with a year, or the whole
    answer if it is a month ("April")."""
    folded = fold(answer)
    dates = dates_in(folded)
    if len(dates) != 1:
        return None
    date = dates[0]
    if date.year is None and re.sub(r"\W|\b(in|en|the|el)\b", "", folded[:date.start] + folded[date.end:]):
        return None  # a month word inside a name ("the April Theses") is no date
    return folded[date.start:date.end], date


def as_accepted(response: str, accepted: Sequence[str]) -> str | None:
    """`response` (folded) with its first date that agrees with an accepted answer's date written as that answer
    writes it; None when no date in it agrees with one (or it already is written so)."""
    given = dates_in(response)
    for answer in accepted:
        wanted = _accepted_date(answer)
        if wanted is None:
            continue
        written, date_wanted = wanted
        for date in given:
            if date.agrees_with(date_wanted):
                if response[date.start:date.end] == written:
                    return None
                return response[:date.start] + written + response[date.end:]
    return None
