"""A whole quiz played by clicking, in English and in Spanish, for what its messages show: choices listed once
and answered with letter buttons, the right choice and the learner's marked after an answer with the running
score, an ordering taken back step by step and marked place by place, and a summary that lists what was missed
and leads on (review those questions now, another quiz, the weakest topic)."""

from __future__ import annotations

import re

import pytest

from bot.content import load_course
from bot.domain.quiz_items import MultipleChoice, OpenAnswer, Ordering, TrueFalse, WhoSaidIt
from bot.i18n.names import person
from tests.e2e.test_quiz_flow import answer_current, buttons

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]

TOPIC = "revolution-1905"
LISTED = re.compile(r"^(?:[✅❌] )?\*\*([A-E])\*\* · (.+)$", re.M)
TEXT = {
    "en": {"locale": "en-US", "question": "Question", "right": "Right!", "wrong": "Not quite.",
           "so_far": "Score: {correct} of {answered} so far", "you": "You answered:", "answer": "Answer:",
           "order": "Your order", "so_far_order": "Your order so far", "events": "Events",
           "in_place": "{right} of {total} in the right place", "finished": "Quiz finished",
           "review": "Review these now", "another": "Another quiz", "learn": "Learn: ", "undo": "↩ Undo",
           "reset": "Start over", "more": "+{count} more", "who": "Who said this?"},
    "es": {"locale": "es-ES", "question": "Pregunta", "right": "¡Correcto!", "wrong": "No exactamente.",
           "so_far": "Puntuación: {correct} de {answered} hasta ahora", "you": "Tu respuesta:",
           "answer": "Respuesta:", "order": "Tu orden", "so_far_order": "Tu orden hasta ahora",
           "events": "Acontecimientos", "in_place": "{right} de {total} en su sitio",
           "finished": "Cuestionario terminado", "review": "Repasarlas ahora", "another": "Otro cuestionario",
           "learn": "Estudiar: ", "undo": "↩ Deshacer", "reset": "Empezar de nuevo", "more": "+{count} más",
           "who": "¿Quién lo dijo?"},
}


def ids(message) -> list[str]:
    return [b["custom_id"] for b in buttons(message)]


def listed(text: str) -> dict[str, str]:
    """The choices an embed lists, letter -> text."""
    return {letter: label for letter, label in LISTED.findall(text)}


def shown_item(catalog, embed: dict, lang: str):
    """The course item a question message shows (its prompt, or its quote, and its choices), of any topic (a
    review may serve several)."""
    description = "\n".join([embed.get("description", ""), *(f["value"] for f in embed.get("fields", []))])
    found = []
    for item in catalog.items.values():
        if isinstance(item, WhoSaidIt):
            asked = catalog.quotes[item.quote].text_in(lang)[0] in description
            labels = [person(c, lang) for c in item.choices]
        else:
            asked = item.prompt.get(lang) in description
            labels = [c.get(lang) for c in getattr(item, "choices", getattr(item, "items", []))]
        if asked and all(f"· {label}" in description for label in labels):
            found.append(item)
    assert len(found) == 1, (description, [i.id for i in found])
    return found[0]


def field(embed: dict, name: str) -> str | None:
    return next((f["value"] for f in embed.get("fields", []) if f["name"] == name), None)


class Player:
    def __init__(self, double, user, lang: str):
        self.double, self.user, self.lang, self.text = double, user, lang, TEXT[lang]
        self.locale = self.text["locale"]

    async def click(self, message, custom_id: str):
        it = await self.double.click(message, custom_id, user=self.user, locale=self.locale)
        return await it.reply(), it

    def now(self, message):
        return self.double.message(message.id)


async def choose(player: Player, message, item, wrong: bool):
    """Answer a choice question by its letter; check the buttons are letters in one row, and that the feedback
    marks the right choice and the learner's pick."""
    lang = player.lang
    choices = listed(message.embeds[0]["description"])
    assert [b["label"] for b in buttons(message)] == list(choices)  # letters only, the texts are in the embed
    assert len(message.components) == 1  # one row
    right_text = item.choices[item.answer_index]
    right_text = person(right_text, lang) if isinstance(right_text, str) else right_text.get(lang)
    right = next(letter for letter, text in choices.items() if text == right_text)
    picked = next(letter for letter in choices if letter != right) if wrong else right
    (custom_id,) = [b["custom_id"] for b in buttons(message) if b["label"] == picked]
    reply, _ = await player.click(message, custom_id)
    question = reply.embeds[0]["description"]
    assert f"✅ **{right}** · {right_text}" in question
    if wrong:
        assert f"❌ **{picked}** · {choices[picked]}" in question
    else:
        assert "❌" not in question
    return reply


async def order(player: Player, message, item: Ordering, undo: bool):
    """Answer an ordering with its first two events swapped (so all but two are in place); on the first one,
    take a misclick back with Undo and two picks back with Start over before answering."""
    t, lang = player.text, player.lang
    events = listed(field(message.embeds[0], t["events"]))
    letter = {text: letter for letter, text in events.items()}
    right = [letter[e.get(lang)] for e in item.items]
    swapped = [right[1], right[0], *right[2:]]

    def pick(msg, which: str) -> str:
        (custom_id,) = [b["custom_id"] for b in buttons(msg) if b["label"] == which]
        return custom_id

    if undo:
        reply, _ = await player.click(message, pick(message, right[2]))  # a misclick
        message = player.now(message)
        assert f"**{right[2]}**" in field(message.embeds[0], t["so_far_order"])
        labels = [b["label"] for b in buttons(message)]
        assert t["undo"] in labels and t["reset"] not in labels and right[2] not in labels
        await player.click(message, next(b["custom_id"] for b in buttons(message) if b["label"] == t["undo"]))
        message = player.now(message)
        assert field(message.embeds[0], t["so_far_order"]) is None
        assert sorted(b["label"] for b in buttons(message)) == sorted(right)
        for which in right[:2]:
            await player.click(message, pick(message, which))
            message = player.now(message)
        assert t["reset"] in [b["label"] for b in buttons(message)]
        await player.click(message, next(b["custom_id"] for b in buttons(message) if b["label"] == t["reset"]))
        message = player.now(message)
        assert field(message.embeds[0], t["so_far_order"]) is None
        assert sorted(b["label"] for b in buttons(message)) == sorted(right)
    for which in swapped:
        reply, _ = await player.click(message, pick(message, which))
        message = player.now(message)
    feedback = reply.embeds[-1]
    assert feedback["title"] == t["wrong"]  # all or nothing
    places = field(feedback, t["order"]).splitlines()
    marks = [line.split(" ", 1)[0] for line in places[:-1]]
    assert marks == ["❌", "❌"] + ["✅"] * (len(right) - 2), places
    assert places[-1] == t["in_place"].format(right=len(right) - 2, total=len(right))
    return reply


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_a_quiz_by_letters_with_marks_undo_and_a_summary_that_leads_on(world, lang):
    double, catalog = world.double, load_course(world.content)
    user = double.add_user(f"reader-{lang}")
    double.guild.add_member(user)
    player = Player(double, user, lang)
    t = player.text
    all_wrong = lang == "es"  # so many missed that the summary cuts its list with "+N more"
    start = await double.slash("quiz", {"topic": TOPIC, "length": 20}, user=user, locale=player.locale)
    message = await start.response_message()
    # 20, or fewer where the topic's questions that give each other away (a shared `fact`) leave fewer
    length = int(message.embeds[0]["title"].rsplit(" ", 1)[1])
    assert 15 <= length <= 20
    correct = answered = 0
    missed: list = []
    orderings = choices_missed = 0
    while message.embeds[0]["title"].startswith(t["question"]):
        item = shown_item(catalog, message.embeds[0], lang)
        first = ids(message)[0]
        if isinstance(item, MultipleChoice | WhoSaidIt):
            wrong = all_wrong or choices_missed < 2
            choices_missed += wrong
            reply = await choose(player, message, item, wrong)
        elif isinstance(item, Ordering):
            wrong = True
            reply = await order(player, message, item, undo=orderings == 0)
            orderings += 1
        elif isinstance(item, TrueFalse):
            wrong = all_wrong
            reply, _ = await player.click(message, first[:-1] + str(int(item.answer != wrong)))
        else:
            assert isinstance(item, OpenAnswer) and first.startswith("q:m:")
            wrong = True
            _, it = await player.click(message, first)
            modal = await it.modal()
            submit = await double.submit_modal(modal["custom_id"], {"answer": "zzz"}, user=user, locale=player.locale)
            reply = await submit.reply()
        answered += 1
        correct += not wrong
        if wrong:
            missed.append(item)
        verdict = reply.embeds[-1]
        assert verdict["title"] == (t["wrong"] if wrong else t["right"]), verdict
        assert t["so_far"].format(correct=correct, answered=answered) in verdict["description"]
        message = player.now(message)
        (nxt,) = [i for i in ids(message) if i.startswith("q:n:")]
        await player.click(message, nxt)
        message = player.now(message)
    assert orderings and choices_missed  # the topic has both kinds, and a quiz of most of its questions meets them

    summary = message.embeds[0]
    assert summary["title"] == t["finished"]
    fields = summary.get("fields", [])
    assert 1 <= len(fields) <= min(10, len(missed))
    for f, item in zip(fields, missed, strict=False):  # in the order asked
        asked = item.prompt.get(lang) if item.prompt else t["who"]
        if isinstance(item, WhoSaidIt):
            asked = catalog.quotes[item.quote].text_in(lang)[0]
        assert asked[:40] in f["name"], (f["name"], asked)
        assert f["value"].splitlines()[-1].startswith(t["answer"])
        assert t["you"] in f["value"]
    if len(fields) < len(missed):
        assert summary["footer"]["text"] == t["more"].format(count=len(missed) - len(fields))
    else:
        assert "footer" not in summary
    assert all_wrong == (len(fields) < len(missed))
    labels = {b["label"]: b["custom_id"] for b in buttons(message)}
    title = catalog.topics[TOPIC].title.get(lang)
    assert set(labels) == {t["review"], t["another"], t["learn"] + title}
    assert labels[t["learn"] + title] == f"l:{TOPIC}:0"

    review, it = await player.click(message, labels[t["review"]])
    assert review.ephemeral and review.type_name == "CHANNEL_MESSAGE_WITH_SOURCE"
    assert review.embeds[0]["title"] == f"{t['question']} 1 {'of' if lang == 'en' else 'de'} {len(missed)}"
    first_review = shown_item(catalog, review.embeds[0], lang)
    assert first_review in missed

    another, _ = await player.click(message, labels[t["another"]])
    assert another.embeds[0]["title"] == f"{t['question']} 1 {'of' if lang == 'en' else 'de'} {length}"
    assert shown_item(catalog, another.embeds[0], lang) in catalog.items_for(TOPIC)
    assert not double.refusals


async def test_summary_buttons_are_the_owners_and_spend_the_quiz_budget(world):
    double = world.double
    owner, other = double.add_user("finisher"), double.add_user("bystander")
    for u in (owner, other):
        double.guild.add_member(u)
    message = await (await double.slash("quiz", {"topic": TOPIC, "length": 1}, user=owner)).response_message()
    await answer_current(double, message, owner)
    message = double.message(message.id)
    await (await double.click(message, ids(message)[0], user=owner)).reply()  # see my results
    message = double.message(message.id)
    (another,) = [i for i in ids(message) if i.startswith("q:x:")]
    refused = await (await double.click(message, another, user=other)).reply()
    assert refused.ephemeral and "belongs to someone else" in refused.content
    replies = [await (await double.click(message, another, user=owner)).reply() for _ in range(3)]
    # the /quiz that started it spent one of three: two more quizzes, then "Easy there"
    assert [bool(r.content and "Easy there" in r.content) for r in replies] == [False, False, True]
