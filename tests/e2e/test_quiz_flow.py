"""A solo quiz played by clicking, as a learner would; then the bot is killed mid-quiz and the old
message's buttons still work after the restart."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]


def buttons(message_or_callback) -> list[dict]:
    rows = message_or_callback.components
    return [c for row in rows for c in row.get("components", []) if c.get("type") == 2]


async def answer_current(double, message, user):
    """Click the first answer of the question shown; for ordering click every event; for open answers,
    type something in the modal. Returns the callback that shows the feedback."""
    first = buttons(message)[0]["custom_id"]
    if first.startswith("q:m:"):
        it = await double.click(message, first, user=user)
        modal = await it.modal()
        submit = await double.submit_modal(modal["custom_id"], {"answer": "1905"}, user=user)
        return await submit.reply(), submit
    while first.startswith("q:o:"):
        it = await double.click(message, first, user=user)
        reply = await it.reply()
        message = double.message(message.id)
        remaining = [b for b in buttons(message) if b["custom_id"].startswith("q:o:")]
        if not remaining or "q:n:" in str(reply.components):
            return reply, it
        first = remaining[0]["custom_id"]
    it = await double.click(message, first, user=user)
    return await it.reply(), it


async def test_solo_quiz_by_clicking_then_progress(world):
    double, user = world.double, world.double.add_user("carmen")
    double.guild.add_member(user)
    start = await double.slash("quiz", {"topic": "revolution-1905", "length": 3}, user=user)
    message = await start.response_message()
    assert message.flags & 64  # ephemeral: only the learner sees it
    for number in range(1, 4):
        assert f"Question {number} of 3" in message.embeds[0]["title"]
        feedback, _ = await answer_current(double, message, user)
        titles = [e.get("title") for e in feedback.embeds]
        assert titles[-1] in ("Right!", "Not quite.", "Close, but not quite."), titles
        assert any(f.get("name") == "Why" for f in feedback.embeds[-1].get("fields", []))
        message = double.message(message.id)
        (nxt,) = [b for b in buttons(message) if b["custom_id"].startswith("q:n:")]
        it = await double.click(message, nxt["custom_id"], user=user)
        await it.reply()
        message = double.message(message.id)
    assert message.embeds[0]["title"] == "Quiz finished"
    progress = await double.slash("progress", user=user)
    body = (await progress.reply()).embeds[0]["description"]
    assert body.startswith("3 answers")
    message = await progress.response_message()  # the text at once, then a chart with alt text added to it
    message = await double.wait_until(lambda: double.message(message.id).attachments and double.message(message.id),
                                      timeout=10, what="the progress chart")
    (chart,) = [a for a in message.attachments if a.filename == "progress.png"]  # the activity calendar: its own test
    assert chart.data.startswith(b"\x89PNG") and "mastery" in chart.description
    assert message.embeds[0]["image"]["url"] == "attachment://progress.png"
    assert not double.refusals


async def test_someone_else_cannot_answer_your_quiz(world):
    """Whatever the question's format (choice buttons, an ordering step, an open answer's form), a click by
    someone other than the quiz's owner is refused and opens nothing. The quiz covers every item of the
    topic, so every format the topic has is tried."""
    double = world.double
    owner, other = double.add_user("owner2"), double.add_user("intruder")
    for u in (owner, other):
        double.guild.add_member(u)
    start = await double.slash("quiz", {"topic": "marx-engels", "length": 20}, user=owner)
    message = await start.response_message()
    kinds = set()
    while message.embeds[0]["title"] != "Quiz finished":
        for button in buttons(message):
            kinds.add(button["custom_id"].split(":")[1])
            it = await double.click(message, button["custom_id"], user=other)
            reply = await it.reply()
            assert reply.type_name == "CHANNEL_MESSAGE_WITH_SOURCE", reply  # not a modal, not an edit
            assert reply.ephemeral and "belongs to someone else" in reply.content
        await answer_current(double, message, owner)
        message = double.message(message.id)
        (nxt,) = [b["custom_id"] for b in buttons(message) if b["custom_id"].startswith("q:n:")]
        await (await double.click(message, nxt, user=owner)).reply()
        message = double.message(message.id)
    assert {"a", "t", "o", "m"} <= kinds  # choices, true/false, ordering, open answer


async def test_forged_and_malformed_buttons_are_refused(world):
    double, mallory = world.double, world.double.add_user("mallory")
    double.guild.add_member(mallory)
    start = await double.slash("quiz", {"length": 1}, user=mallory)
    message = await start.response_message()
    first = buttons(message)[0]["custom_id"]
    kind, sid = first.split(":")[1], first.split(":")[2]
    for forged in (f"q:{kind}:{sid}:7:0", "q:a:999999999:0:0", "q:zz", "x:unknown", "l:no-such-topic:0"):
        message.components[0]["components"][0]["custom_id"] = forged
        it = await double.click(message, forged, user=mallory)
        reply = await it.reply()
        assert reply.ephemeral and reply.content, forged
    progress = await (await double.slash("progress", user=mallory)).reply()
    assert progress.embeds[0]["description"].startswith("0 answers")


async def test_fifty_concurrent_clicks_record_one_answer(world):
    import asyncio

    double = world.double
    for attempt in range(10):  # a question answered with one click (not a form or an ordering)
        eager = double.add_user(f"eager{attempt}")
        double.guild.add_member(eager)
        message = await (await double.slash("quiz", {"length": 1}, user=eager)).response_message()
        choice = next((b["custom_id"] for b in buttons(message) if b["custom_id"].startswith(("q:a:", "q:t:"))),
                      None)
        if choice:
            break
    clicks = await asyncio.gather(*(double.click(message, choice, user=eager) for _ in range(50)))
    replies = [await it.reply() for it in clicks]
    # every click shows the feedback; one of them recorded the answer and the others show it again
    assert [r.type_name for r in replies] == ["UPDATE_MESSAGE"] * 50
    again = [r for r in replies if r.embeds[-1]["description"].startswith("You already answered")]
    assert len(again) == 49
    assert len({r.embeds[-1]["title"] for r in replies}) == 1  # one verdict
    progress = await (await double.slash("progress", user=eager)).reply()
    assert progress.embeds[0]["description"].startswith("1 answer, ")
