from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from bot.domain import daily as rules
from bot.domain.errors import BadTime, BadTimezone, NoQuotes, NoQuotesOnTopic

NY = ZoneInfo("America/New_York")
MADRID = ZoneInfo("Europe/Madrid")
GRACE = timedelta(hours=6)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize("text, expected", [("09:00", time(9)), ("9:05", time(9, 5)), (" 21.30 ", time(21, 30)),
                                             ("07h45", time(7, 45)), ("00:00", time(0)), ("23:59", time(23, 59))])
def test_times_are_read_in_the_usual_spellings(text, expected):
    assert rules.parse_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "9", "9:5", "noon", "12:60", "", "-1:00", "1:00pm"])
def test_impossible_times_are_refused_with_the_value(text):
    with pytest.raises(BadTime) as info:
        rules.parse_time(text)
    assert info.value.params["value"] == text[:20]


def test_time_zones_are_iana_names_with_case_forgiven():
    assert rules.zone("europe/madrid").key == "Europe/Madrid"
    assert rules.zone("UTC").key == "UTC"
    assert "America/Argentina/Buenos_Aires" in rules.zone_names()
    for bad in ("Mars/Olympus", "CET+1", "", "../../etc/passwd"):
        with pytest.raises(BadTimezone):
            rules.zone(bad)


def test_an_ordinary_day_posts_at_the_local_wall_time():
    assert rules.occurrence(date(2026, 1, 15), time(9), MADRID) == utc(2026, 1, 15, 8)  # CET, UTC+1
    assert rules.occurrence(date(2026, 7, 15), time(9), MADRID) == utc(2026, 7, 15, 7)  # CEST, UTC+2


def test_a_time_that_does_not_exist_on_spring_forward_day_posts_at_the_first_valid_moment_after_it():
    # 2026-03-08: New York clocks jump from 02:00 EST to 03:00 EDT; 02:30 never happens.
    due = rules.occurrence(date(2026, 3, 8), time(2, 30), NY)
    assert due == utc(2026, 3, 8, 7)  # 03:00 EDT
    assert due.astimezone(NY).strftime("%H:%M %Z") == "03:00 EDT"
    # the day before and after keep 02:30 on the wall clock
    assert rules.occurrence(date(2026, 3, 7), time(2, 30), NY).astimezone(NY).strftime("%H:%M") == "02:30"
    assert rules.occurrence(date(2026, 3, 9), time(2, 30), NY).astimezone(NY).strftime("%H:%M") == "02:30"


def test_a_time_that_happens_twice_on_fall_back_day_posts_at_the_first():
    # 2026-11-01: New York clocks go from 02:00 EDT back to 01:00 EST; 01:30 happens twice.
    due = rules.occurrence(date(2026, 11, 1), time(1, 30), NY)
    assert due == utc(2026, 11, 1, 5, 30)  # 01:30 EDT, the first
    assert due.astimezone(NY).strftime("%H:%M %Z") == "01:30 EDT"


def walk_days(at: time, tz: ZoneInfo, start: datetime, days: int) -> list[datetime]:
    """Run the schedule as the scheduler does: post each slot when due, then take the next."""
    slot = rules.first_slot(at, tz, start)
    posts = []
    while slot.due_at < start + timedelta(days=days):
        posts.append(slot.due_at)
        slot, missed = rules.slot_after(slot.local_date, at, tz, slot.due_at, GRACE)
        assert missed == []
    return posts


@pytest.mark.parametrize("at", [time(2, 30), time(1, 30), time(0, 0), time(23, 59)])
def test_one_post_per_local_day_through_both_dst_changes(at):
    posts = walk_days(at, NY, utc(2026, 3, 1), days=250)  # covers 8 March and 1 November
    local_days = [p.astimezone(NY).date() for p in posts]
    assert len(local_days) == len(set(local_days))
    first, last = local_days[0], local_days[-1]
    assert local_days == [first + timedelta(days=i) for i in range((last - first).days + 1)]  # no day skipped
    assert date(2026, 3, 8) in local_days and date(2026, 11, 1) in local_days


def test_a_new_schedule_never_posts_for_a_time_already_past_today():
    now = utc(2026, 1, 15, 10)  # 11:00 in Madrid
    assert rules.first_slot(time(9), MADRID, now) == rules.Slot(date(2026, 1, 16), utc(2026, 1, 16, 8))
    assert rules.first_slot(time(12), MADRID, now) == rules.Slot(date(2026, 1, 15), utc(2026, 1, 15, 11))


def test_a_day_already_posted_is_not_given_a_second_slot():
    now = utc(2026, 1, 15, 10)
    slot = rules.first_slot(time(12), MADRID, now, taken={date(2026, 1, 15)})
    assert slot.local_date == date(2026, 1, 16)


def test_late_slots_within_grace_are_kept_and_older_ones_are_missed():
    at = time(9)
    # down from the 15th's post until 12:00 UTC on the 18th: the 16th and 17th are missed for good,
    # the 18th (due 08:00 UTC) is four hours late, within the six-hour grace.
    slot, missed = rules.slot_after(date(2026, 1, 15), at, MADRID, utc(2026, 1, 18, 12), GRACE)
    assert missed == [date(2026, 1, 16), date(2026, 1, 17)]
    assert slot == rules.Slot(date(2026, 1, 18), utc(2026, 1, 18, 8))
    assert not rules.is_late(slot, utc(2026, 1, 18, 12), GRACE)
    assert rules.is_late(slot, utc(2026, 1, 18, 14, 1), GRACE)


def test_grace_reaches_across_midnight():
    at = time(23, 30)  # due 22:30 UTC in winter
    slot, missed = rules.slot_after(date(2026, 1, 14), at, MADRID, utc(2026, 1, 16, 0, 30), GRACE)
    assert (slot.local_date, missed) == (date(2026, 1, 15), [])


POOL = [f"q{i:02d}" for i in range(20)]


def rotate(seed: int, count: int, pool=POOL) -> list[str]:
    history: list[str] = []
    for _ in range(count):
        history.append(rules.next_quote(pool, history, seed))
    return history


def test_no_quote_repeats_until_the_whole_pool_was_shown():
    shown = rotate(seed=1, count=60)
    for start in range(0, 60, 20):
        assert sorted(shown[start:start + 20]) == POOL


def test_the_order_differs_between_servers_and_between_rounds():
    orders = {tuple(rotate(seed, 20)) for seed in range(10)}
    assert len(orders) == 10
    shown = rotate(seed=3, count=40)
    assert shown[:20] != shown[20:]


def test_a_changed_pool_keeps_the_rotation_going_without_repeats():
    history = rotate(seed=5, count=10)
    bigger = POOL + ["new1", "new2"]
    rest = []
    for _ in range(12):
        rest.append(rules.next_quote(bigger, history + rest, 5))
    assert sorted(rest) == sorted(set(bigger) - set(history))
    assert rules.next_quote(["only"], ["gone", "only"], 1) == "only"


QUOTES = [SimpleNamespace(id="q1", topics=["a"]), SimpleNamespace(id="q2", topics=["a", "b"]),
          SimpleNamespace(id="q3", topics=["c"])]


def test_the_pool_is_the_topics_quotes_or_the_whole_course():
    assert rules.quote_pool(QUOTES, "a") == ["q1", "q2"]
    assert rules.quote_pool(QUOTES, "b") == ["q2"]
    assert rules.quote_pool(QUOTES, None) == ["q1", "q2", "q3"]


def test_an_empty_pool_is_refused_with_the_topic_never_widened_to_the_whole_course():
    with pytest.raises(NoQuotesOnTopic) as refused:
        rules.quote_pool(QUOTES, "gone")  # a topic the course no longer has: none of its quotes, not any
    assert refused.value.params == {"topic": "gone"}
    with pytest.raises(NoQuotes) as refused:
        rules.quote_pool([], None)
    assert not isinstance(refused.value, NoQuotesOnTopic)


def test_nonce_fits_discord_and_differs_per_server_and_day():
    a = rules.post_nonce(1234567890123456789, date(2026, 1, 15))
    assert len(a) <= 25
    assert a != rules.post_nonce(1234567890123456788, date(2026, 1, 15))
    assert a != rules.post_nonce(1234567890123456789, date(2026, 1, 16))
