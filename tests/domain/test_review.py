from datetime import UTC, datetime, timedelta

from bot.domain.review import replay, schedule


def test_right_answers_push_the_card_out_and_wrong_ones_bring_it_back():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    card, event = schedule(None, True, now)
    assert event.rating == 3 and card.due > now
    card, _ = schedule(card, True, card.due)
    long_gap = card.due - card.last_review
    assert long_gap >= timedelta(days=1)
    lapsed, event = schedule(card, False, card.due)
    assert event.rating == 1
    assert lapsed.due - lapsed.last_review < long_gap


def test_cards_can_be_recomputed_from_the_log():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    events, card = [], None
    for correct in (True, True, False, True):
        when = now if card is None else card.due
        card, event = schedule(card, correct, when)
        events.append(event)
    assert replay(events) == card
