"""The activity calendar in words: what /progress's heatmap shows, for its alt text and for the console."""

from __future__ import annotations

from datetime import date

from bot.i18n import plural, t
from bot.services.views import Activity


def long_date(day: date, lang: str) -> str:
    """'Tuesday 3 March', 'martes 3 de marzo'."""
    weekdays, months = t("cal.weekdays", lang).split("|"), t("cal.months", lang).split("|")
    return t("cal.date", lang, weekday=weekdays[day.weekday()], day=day.day, month=months[day.month - 1])


def column_labels(activity: Activity, lang: str) -> list[str]:
    """The weekday of each of the calendar's 7 columns: each row is a week ending on today's weekday."""
    short = t("cal.weekdays_short", lang).split("|")
    first = activity.days[0][0].weekday()
    return [short[(first + i) % 7] for i in range(7)]


def summary(activity: Activity | None, lang: str) -> str:
    """'Activity over the last 4 weeks: 12 active days, 143 answers and cards rated; most on Tuesday 3 March
    (31).' Flashcard ratings count with the answers: they are study, and count for the streak as answers do."""
    busiest = activity.busiest if activity else None
    if activity is None or busiest is None:
        return t("activity.none", lang)
    return t("activity.summary", lang, days=plural("n.active_days", lang, activity.active_days),
             answers=plural("n.studied", lang, activity.answers), day=long_date(busiest[0], lang), count=busiest[1])


def alt_text(activity: Activity, lang: str) -> str:
    """The heatmap's description for screen readers: its layout, then the same figures as `summary`."""
    return t("activity.alt", lang, summary=summary(activity, lang))
