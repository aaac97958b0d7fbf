"""Reminder times: a learner's day ends at their own midnight; a missed day is skipped, not sent late."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from bot.domain import reminders as rules

MADRID, SANTIAGO = ZoneInfo("Europe/Madrid"), ZoneInfo("America/Santiago")


def test_a_day_ends_at_the_learners_midnight_daylight_saving_included():
    assert rules.day_end(date(2026, 3, 28), MADRID) == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)  # +01:00
    assert rules.day_end(date(2026, 3, 29), MADRID) == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)  # +02:00
    # Chile springs forward at midnight: 6 September 2026 begins at 01:00 (-03:00)
    assert rules.day_end(date(2026, 9, 5), SANTIAGO) == datetime(2026, 9, 6, 4, 0, tzinfo=UTC)


def test_the_next_check_is_later_the_same_day_while_it_lasts_and_missed_days_are_skipped():
    at = time(18, 0)
    late_that_day = datetime(2026, 3, 3, 21, 30, tzinfo=UTC)  # 22:30 in Madrid: the 3rd is not over
    slot, missed = rules.next_check(date(2026, 3, 2), at, MADRID, late_that_day)
    assert (slot.local_date, slot.due_at, missed) == (date(2026, 3, 3), datetime(2026, 3, 3, 17, 0, tzinfo=UTC), [])
    slot, missed = rules.next_check(date(2026, 3, 2), at, MADRID, datetime(2026, 3, 5, 11, 0, tzinfo=UTC))
    assert slot.local_date == date(2026, 3, 5) and missed == [date(2026, 3, 3), date(2026, 3, 4)]


def test_the_first_check_never_falls_on_a_time_already_past_nor_on_a_day_that_had_its_dm():
    now = datetime(2026, 3, 2, 17, 30, tzinfo=UTC)  # 18:30 in Madrid
    assert rules.first_check(time(18, 0), MADRID, now, set()).local_date == date(2026, 3, 3)
    assert rules.first_check(time(20, 0), MADRID, now, set()).local_date == date(2026, 3, 2)
    assert rules.first_check(time(20, 0), MADRID, now, {date(2026, 3, 2)}).local_date == date(2026, 3, 3)


def test_a_nonce_is_unique_to_a_learner_and_day_and_fits_discords_limit():
    big = 2**64 - 1
    nonces = {rules.nonce(user, day) for user in (1, 35, 36, big, big - 1)
              for day in (date(2026, 3, 2), date(2026, 3, 3))}
    assert len(nonces) == 10 and max(len(n) for n in nonces) <= 25
    assert rules.marker(date(2026, 3, 2)) == "2026-03-02"
