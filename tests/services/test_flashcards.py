"""Flashcards over the glossary and the quotes: a deck shows its due cards first (the longest overdue first), then
new ones in course order; a rating reaches FSRS; cards keep their schedule through a course reload; a deck reads
in Spanish; only the deck's learner may turn or rate its card, once; and flashcards are not /review's due reviews."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fsrs import Card, Rating, Scheduler

from bot.domain.flashcards import AGAIN, EASY, GOOD, HARD, NoFlashcards, NotYourDeck, StaleCard, span
from bot.i18n import error_text
from bot.services.flashcards import CardView, DeckDone, summary

USER, OTHER = 11, 12


async def rate(app, view: CardView, rating: int):
    return await app.flashcards.rate(view.owner_id, view.owner_id, view.card_id, rating)


async def test_a_new_deck_goes_in_course_order_and_due_cards_come_before_new_ones(app, clock):
    first = await app.flashcards.open(USER, "en", "alpha")
    assert (first.card_id, first.front, first.due, first.new) == ("term:g-alpha", "Alpha", 0, 2)
    assert first.topic == "Topic alpha" and first.back == "The first letter." and first.context == ""
    rated = await rate(app, first, GOOD)  # a learning step: back in 10 minutes
    quote = rated.next
    assert (quote.card_id, quote.front, quote.new) == ("quote:q-alpha", "The alpha quotation.", 1)
    assert (quote.back, quote.context) == ("Speaker One, Work One (1905)", "Said in a test.")
    done = (await rate(app, quote, AGAIN)).next  # back in 1 minute
    assert isinstance(done, DeckDone) and done.reviewed == 2 and done.next_due == clock.now() + timedelta(minutes=1)

    clock.advance(hours=1)
    # the whole course: both alpha cards are due, the quote (due a minute after) before the term (ten minutes),
    # though the term comes first in the course; then beta's cards, new
    shown = [await app.flashcards.open(USER, "en")]
    assert (shown[0].due, shown[0].new) == (2, 2)
    while isinstance(shown[-1], CardView):
        shown.append((await rate(app, shown[-1], EASY)).next)
    assert [v.card_id for v in shown[:-1]] == ["quote:q-alpha", "term:g-alpha", "term:g-beta", "quote:q-beta"]
    assert shown[-1].reviewed == 4


def fsrs_due(rating: Rating, now):
    card, _ = Scheduler(enable_fuzzing=False).review_card(Card(card_id=1, due=now), rating, now)
    return card.due


async def test_hard_and_easy_schedule_the_card_as_fsrs_does(app, clock):
    now = clock.now()
    hard = await rate(app, await app.flashcards.open(USER, "en", "beta"), HARD)
    easy = await rate(app, await app.flashcards.open(OTHER, "en", "beta"), EASY)
    assert hard.due == fsrs_due(Rating.Hard, now) and easy.due == fsrs_due(Rating.Easy, now)
    assert hard.due < now + timedelta(days=1) < easy.due
    clock.advance(days=1)
    # the next day the learner who found it hard sees it again first; the other sees the deck's next card
    assert (await app.flashcards.open(USER, "en", "beta")).card_id == "term:g-beta"
    assert (await app.flashcards.open(OTHER, "en", "beta")).card_id == "quote:q-beta"


async def test_cards_keep_their_schedule_through_a_course_reload(app, clock, course_copy):
    view = await app.flashcards.open(USER, "en", "alpha")
    await rate(app, view, HARD)
    terms = course_copy / "glossary" / "terms.yaml"
    text = terms.read_text().replace("The first letter.", "The first letter of the Greek alphabet.")
    terms.write_text('- id: g-aleph\n  term: {en: "Aleph", es: "Álef"}\n  definition: {en: "A Hebrew letter.",'
                     ' es: "Una letra hebrea."}\n  topics: [alpha]\n  sources: [src-a]\n' + text)
    assert (await app.course.reload()).ok
    clock.advance(days=1)
    again = await app.flashcards.open(USER, "en", "alpha")  # due, so before the new term the reload added
    assert (again.card_id, again.back, again.due, again.new) == (
        "term:g-alpha", "The first letter of the Greek alphabet.", 1, 2)
    nxt = (await rate(app, again, GOOD)).next
    assert nxt.card_id == "term:g-aleph"


async def test_a_spanish_deck(app):
    view = await app.flashcards.open(USER, "es", "tema alpha")  # a topic typed as its Spanish title
    assert (view.front, view.back, view.topic) == ("Alfa", "La primera letra.", "Tema alpha")
    quote = (await rate(app, view, GOOD)).next
    assert (quote.front, quote.translated) == ("La cita alfa.", True)
    assert (quote.back, quote.context) == ("Speaker One, Work One (1905)", "Dicho en una prueba.")
    turned = await app.flashcards.show(USER, USER, quote.card_id)
    assert turned == quote and turned.lang == "es"


async def test_only_the_decks_learner_may_turn_or_rate_its_card_and_only_once(app):
    view = await app.flashcards.open(USER, "en", "alpha")
    with pytest.raises(NotYourDeck) as refused:
        await app.flashcards.rate(USER, OTHER, view.card_id, EASY)
    assert "someone else" in error_text(refused.value, "en")
    with pytest.raises(NotYourDeck):
        await app.flashcards.show(USER, OTHER, view.card_id)
    rated = await rate(app, view, HARD)
    with pytest.raises(StaleCard) as stale:  # the same button again: the deck has moved on
        await rate(app, view, EASY)
    assert error_text(stale.value, "es").startswith("Esta tarjeta ya no")
    assert (await app.flashcards.show(USER, USER, rated.next.card_id)).card_id == "quote:q-alpha"
    later = await app.flashcards.open(USER, "en", "beta")  # a new deck: the old one's card is stale
    with pytest.raises(StaleCard):
        await rate(app, rated.next, EASY)
    stopped = await app.flashcards.stop(USER, USER, later.card_id)
    assert stopped.reviewed == 0
    with pytest.raises(StaleCard):
        await rate(app, later, EASY)


async def test_a_topic_without_terms_or_quotes_has_no_deck(app, course_copy):
    for name in ("glossary/terms.yaml", "quotes/quotes.yaml"):
        path = course_copy / name
        path.write_text(path.read_text().replace("topics: [beta]", "topics: [alpha]"))
    assert (await app.course.reload()).ok
    with pytest.raises(NoFlashcards) as refused:
        await app.flashcards.open(USER, "en", "beta")
    assert "Topic beta" in error_text(refused.value, "en")


async def test_flashcards_due_are_not_reviews_due(app, clock):
    view = await app.flashcards.open(USER, "en")
    await rate(app, view, AGAIN)
    clock.advance(days=2)
    plan = await app.review.plan(USER)
    assert plan.due == 0 and plan.items == [] and plan.next_due is None
    assert (await app.flashcards.open(USER, "en")).card_id == view.card_id  # due as a flashcard


async def test_progress_counts_flashcards_learned_and_due_apart_from_reviews(app, clock):
    before = (await app.progress.progress(USER)).flashcards
    assert (before.total, before.seen, before.learned, before.due) == (4, 0, 0, 0)
    assert summary(before, "en") == "4 cards of glossary terms and quotes, none seen yet."
    view = await app.flashcards.open(USER, "en", "alpha")
    quote = (await rate(app, view, EASY)).next  # past FSRS's learning steps at once: learned
    await rate(app, quote, AGAIN)  # back in a minute
    clock.advance(minutes=5)
    progress = await app.progress.progress(USER)
    cards = progress.flashcards
    assert (cards.seen, cards.learned, cards.due) == (2, 1, 1)
    assert (progress.due, progress.due_today, progress.next_due) == (0, 0, None)  # no quiz review is scheduled
    assert summary(cards, "en") == "1 of 4 learned, 1 due now."
    assert summary(cards, "es") == "1 de 4 aprendidas; pendientes ahora: 1."


async def test_a_learners_flashcards_are_in_their_export_and_gone_with_their_data(app):
    view = await app.flashcards.open(USER, "en", "alpha")
    await rate(app, view, GOOD)
    await rate(app, await app.flashcards.open(OTHER, "en", "beta"), GOOD)
    exported = await app.learners.export(USER)
    assert [r["card_id"] for r in exported["flashcard_cards"]] == ["term:g-alpha"]
    assert [(r["topic_id"], r["card_id"], r["reviewed"]) for r in exported["flashcard_decks"]] == [
        ("alpha", "quote:q-alpha", 1)]
    await app.learners.delete(USER)
    assert (await app.learners.export(USER))["flashcard_cards"] == []
    assert (await app.learners.export(USER))["flashcard_decks"] == []
    assert (await app.flashcards.open(USER, "en", "alpha")).card_id == "term:g-alpha"  # a new learner again
    assert [r["card_id"] for r in (await app.learners.export(OTHER))["flashcard_cards"]] == ["term:g-beta"]


async def test_each_rating_says_how_soon_the_card_comes_back_as_fsrs_schedules_it(app, clock):
    view = await app.flashcards.open(USER, "en", "alpha")
    assert [span(after) for after in view.after] == ["1 min", "6 min", "10 min", "8 d"]  # a new card
    rated = await rate(app, view, GOOD)
    assert rated.due - clock.now() == view.after[GOOD - 1]
    clock.advance(minutes=10)
    again = await app.flashcards.open(USER, "en", "alpha")
    assert again.card_id == view.card_id and [span(after) for after in again.after] == ["1 min", "10 min", "2 d", "4 d"]
    turned = await app.flashcards.show(USER, USER, again.card_id)
    assert turned.after == again.after
