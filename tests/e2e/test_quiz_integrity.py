"""A quiz a learner can trust, over the loopback Discord double: a reply lost on its way does not leave the
quiz stuck, choices reordered by a moderator mid-quiz grade what the learner clicked, the buttons that start
work share their command's budget, and every click, however forged, gets an answer."""

from __future__ import annotations

import pytest
import yaml

from bot.content import load_course
from bot.domain.quiz_items import LETTERS, MultipleChoice
from tests.e2e.test_quiz_flow import buttons

pytestmark = pytest.mark.slow
in_module_world = pytest.mark.asyncio(loop_scope="module")  # the `world` fixture's loop


def ids(message) -> list[str]:
    return [b["custom_id"] for b in buttons(message)]


async def one_click_question(double, name: str, **options):
    """A new learner, and their solo quiz whose first question is answered with one click (multiple choice or
    true/false). A new learner for each try: a learner may start three quizzes in 30 s."""
    for attempt in range(20):
        user = double.add_user(f"{name}{attempt}")
        double.guild.add_member(user)
        message = await (await double.slash("quiz", {"length": 2, **options}, user=user)).response_message()
        if any(i.startswith(("q:a:", "q:t:")) for i in ids(message)):
            return message, user
    raise AssertionError("no one-click question came up")


@in_module_world
async def test_a_lost_reply_then_a_second_click_brings_back_the_feedback_and_next(world):
    double = world.double
    message, user = await one_click_question(double, "unlucky")
    first = next(i for i in ids(message) if i.startswith(("q:a:", "q:t:")))
    # Discord loses the bot's reply (the interaction expired): the answer is stored, the learner sees nothing
    double.fail_next("POST", "/interactions/*/*/callback", status=404, code=10062, times=2)
    before = len(double.answered("POST", "/callback"))  # the /quiz commands' own replies are among them
    await double.click(message, first, user=user)
    await double.wait_until(lambda: len(double.answered("POST", "/callback")) >= before + 2, timeout=10,
                            what="the lost replies")
    assert "Question 1" in double.message(message.id).embeds[0]["title"]  # still the bare question

    other = next(i for i in ids(message) if i.startswith(("q:a:", "q:t:")) and i != first)
    again = await (await double.click(message, other, user=user)).reply()
    assert again.type_name == "UPDATE_MESSAGE", again
    feedback = again.embeds[-1]
    assert feedback["title"] in ("Right!", "Not quite.", "Close, but not quite.")
    assert feedback["description"].startswith("You already answered this question")
    (nxt,) = [i for i in ids(double.message(message.id)) if i.startswith("q:n:")]
    after = await (await double.click(double.message(message.id), nxt, user=user)).reply()
    assert "Question 2 of 2" in after.embeds[0]["title"]
    progress = await (await double.slash("progress", user=user)).reply()
    assert progress.embeds[0]["description"].startswith("1 answer, ")  # the first click's answer, once


async def test_choices_reordered_mid_quiz_grade_the_choice_the_learner_clicked(fresh_world):
    double, world = fresh_world.double, fresh_world
    catalog = load_course(world.content)
    for attempt in range(30):  # a learner each time: three quizzes in 30 s is a learner's budget
        user = double.add_user(f"steady{attempt}")
        double.guild.add_member(user)
        message = await (await double.slash("quiz", {"length": 1}, user=user)).response_message()
        prompt = message.embeds[0].get("description", "")
        item = next((i for i in catalog.items.values() if isinstance(i, MultipleChoice)
                     and i.prompt.en in prompt), None)
        if item is not None:
            break
    assert item is not None, "no multiple-choice question came up"
    right = item.choices[item.answer_index].en
    # the choices are listed in the embed ("**B** · text") and answered by their letter
    (letter,) = [line.split("**")[1] for line in prompt.splitlines() if line.endswith(f" · {right}")]
    (button,) = [b["custom_id"] for b in buttons(message) if b["label"] == letter]

    # a moderator reverses the item's choices under the same id and moves the answer letter with them
    path = next(p for p in (world.content / "quizzes").glob("*.yaml") if f"id: {item.id}\n" in p.read_text())
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = next(e for e in items if e["id"] == item.id)
    entry["choices"].reverse()
    entry["answer"] = LETTERS[len(entry["choices"]) - 1 - item.answer_index]
    path.write_text(yaml.safe_dump(items, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    reloaded = await (await double.slash("content reload", user=world.moderator)).response_message()
    assert "Course reloaded" in reloaded.content, reloaded.content

    feedback = await (await double.click(message, button, user=user)).reply()
    assert feedback.embeds[-1]["title"] == "Right!", feedback.embeds[-1]
    progress = await (await double.slash("progress", user=user)).reply()
    assert progress.embeds[0]["description"].startswith("1 answer, 100% right")


@in_module_world
async def test_quiz_me_on_this_and_another_share_their_commands_budget(world):
    double, user = world.double, world.double.add_user("hasty")
    double.guild.add_member(user)
    page = await (await double.slash("learn", {"topic": "revolution-1905"}, user=user)).response_message()
    (quiz_me,) = [i for i in ids(page) if i.startswith("lq:")]
    replies = [await (await double.click(page, quiz_me, user=user)).reply() for _ in range(5)]
    started = [r for r in replies if r.embeds and "Question 1" in r.embeds[0].get("title", "")]
    refused = [r for r in replies if r.content and "Easy there" in r.content]
    assert (len(started), len(refused)) == (3, 2), [r.content for r in replies]
    assert all(r.ephemeral for r in refused)
    slash = await (await double.slash("quiz", user=user)).reply()  # the same budget: spent
    assert slash.ephemeral and "Easy there" in slash.content

    quote = await (await double.slash("quote", user=user)).response_message()
    (another,) = [i for i in ids(quote) if i.startswith("qt:")]
    replies = [await (await double.click(quote, another, user=user)).reply() for _ in range(11)]
    assert [bool(r.content and "Easy there" in r.content) for r in replies] == [False] * 9 + [True] * 2


@in_module_world
@pytest.mark.parametrize("forged", ["q:" + "a:1:0:" * 17, "q:a:1:0:" + "9" * 92, "my:del:" + "1" * 93,
                                    "l:" + "x" * 98, "tl:" + "1" * 97, "", "x" * 100])
async def test_every_forged_click_gets_an_answer(world, forged):
    double, user = world.double, world.double.add_user("forger")
    double.guild.add_member(user)
    message = await (await double.slash("quiz", {"length": 1}, user=user)).response_message()
    original = message.components[0]["components"][0]["custom_id"]
    message.components[0]["components"][0]["custom_id"] = forged
    try:
        reply = await (await double.click(message, forged, user=user)).reply()
    finally:
        message.components[0]["components"][0]["custom_id"] = original
    assert reply.ephemeral and reply.content, reply


@in_module_world
async def test_an_unknown_form_gets_an_answer(world):
    """A form the bot no longer knows (or never sent): answered, never left hanging."""
    double, user = world.double, world.double.add_user("former")
    double.guild.add_member(user)
    message = await (await double.slash("quiz", {"length": 20, "topic": "marx-engels"}, user=user)
                     ).response_message()
    while not any(i.startswith("q:m:") for i in ids(message)):  # on to an open question, answering as we go
        # an answer, an ordering step or Next: whichever comes first on the message
        await (await double.click(message, ids(message)[0], user=user)).reply()
        message = double.message(message.id)
    opened = await double.click(message, next(i for i in ids(message) if i.startswith("q:m:")), user=user)
    await opened.modal()
    forged = "q:M:" + "1" * 60
    opened.modal_data["custom_id"] = forged  # as if the form had been made for another quiz, or another bot
    reply = await (await double.submit_modal(forged, {"answer": "1905"}, user=user)).reply()
    assert reply.ephemeral and "no longer exists" in reply.content


@in_module_world
async def test_a_group_question_is_not_answered_from_another_server(world):
    """A click forged on the attacker's own message in another server, carrying a running group quiz's
    question id, is refused; the question's results do not count it."""
    from tests.e2e.test_group_quiz import questions

    double = world.double
    general = double.guild.channel_named("general")
    host = double.add_user("group-host")
    double.guild.add_member(host)
    await (await double.slash("quiz", {"mode": "group", "length": 1, "seconds": 10}, user=host)).reply()
    (question,) = await double.wait_until(lambda: questions(double, general), timeout=10)
    target = ids(question)[0]

    mallory = double.add_user("mallory-group")
    elsewhere = double.add_guild("Elsewhere", members=[mallory])
    mine = await (await double.slash("quiz", {"length": 1}, user=mallory, guild=elsewhere)).response_message()
    original = mine.components[0]["components"][0]["custom_id"]
    mine.components[0]["components"][0]["custom_id"] = target
    try:
        reply = await (await double.click(mine, target, user=mallory)).reply()
    finally:
        mine.components[0]["components"][0]["custom_id"] = original
    assert reply.ephemeral and "no longer exists" in reply.content, reply
    results = await double.wait_until(lambda: len(double.message(question.id).embeds) == 2
                                      and double.message(question.id), timeout=20, what="the results")
    assert results.embeds[1]["title"] == "Results: 0 of 0 right", results.embeds[1]
