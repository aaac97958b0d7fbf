"""Discord faults under the real bot: the gateway asks it to reconnect, drops it, or ends its session in
the middle of quizzes; Discord rate-limits it or loses the answer to a channel post. The quizzes go on,
answers given meanwhile arrive once, the rate limit is waited out, and the quote of the day is posted once."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import count, running_world
from tests.e2e.test_daily_quote import daily_posts, restart_at, sent_at, settle
from tests.e2e.test_group_quiz import questions
from tests.e2e.test_quiz_flow import answer_current, buttons

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="function")]


async def attempts(database: str, session_id: int) -> int:
    return await count(database, "SELECT COUNT(*) FROM attempts WHERE session_id = ?", session_id)


async def test_quizzes_go_on_through_reconnect_drop_and_a_new_session(tmp_path, database):
    async with running_world(tmp_path, TUTOR_DATABASE=database) as world:
        double, user = world.double, world.learner
        general = double.guild.channel_named("general")
        message = await (await double.slash("quiz", {"topic": "revolution-1905", "length": 4},
                                            user=user)).response_message()
        session_id = int(buttons(message)[0]["custom_id"].split(":")[2])

        async def answer_and_next(message):
            feedback, _ = await answer_current(double, message, user)
            assert feedback.embeds[-1]["title"] in ("Right!", "Not quite.", "Close, but not quite."), feedback
            message = double.message(message.id)
            (nxt,) = [b for b in buttons(message) if b["custom_id"].startswith("q:n:")]
            await (await double.click(message, nxt["custom_id"], user=user)).reply()
            return double.message(message.id)

        message = await answer_and_next(message)

        # Op 7 RECONNECT: the bot resumes its session and the quiz goes on
        before = len(double.established)
        await double.send_reconnect()
        assert (await double.wait_for_connection(after=before, timeout=15)).kind == "resume"
        message = await answer_and_next(message)

        # The socket dies with no close frame: the answer given while the bot is away reaches it on RESUME
        before = len(double.established)
        await double.drop_connection()
        message = await answer_and_next(message)
        assert (await double.wait_for_connection(after=before, timeout=15)).kind == "resume"

        # A group quiz running across an INVALID_SESSION (a fresh IDENTIFY): its timer and answers carry on
        await (await double.slash("quiz", {"mode": "group", "length": 1, "seconds": 10,
                                           "topic": "revolution-1905"})).reply()
        (q1,) = await double.wait_until(lambda: questions(double, general), timeout=10)
        reply = await (await double.click(q1, buttons(q1)[0]["custom_id"], user=world.moderator)).reply()
        assert reply.content.startswith("Your answer is in")
        before = len(double.established)
        await double.invalidate_session()
        assert (await double.wait_for_connection(after=before, timeout=15)).kind == "identify"
        answers = [b["custom_id"] for b in buttons(q1) if b["custom_id"].startswith("q:")]  # not the host's controls
        reply = await (await double.click(q1, answers[-1], user=user)).reply()
        assert reply.content.startswith("Your answer is in")

        message = await answer_and_next(message)  # the solo quiz's last question, after the new session
        assert message.embeds[0]["title"] == "Quiz finished"
        assert await attempts(database, session_id) == 4  # each answer once, none lost or doubled

        await double.wait_until(lambda: len(double.message(q1.id).embeds) == 2, timeout=20, what="results")
        assert double.message(q1.id).embeds[1]["title"].endswith("of 2 right")
        assert not double.refusals


async def test_daily_post_rate_limited_then_answer_lost(tmp_path, database):
    """Day 1: Discord answers the post with 429 and retry_after 1.5 s: the bot waits that long and posts
    once. Day 2: the post is made but its answer is lost (500): the retry carries the same nonce, so the
    channel still gets one post, and the day is recorded once."""
    async with running_world(tmp_path, TUTOR_DATABASE=database, TUTOR_CLOCK_START="2026-03-02T08:00:00Z") as world:
        double, mod = world.double, world.moderator
        general = double.guild.channel_named("general")
        reply = await (await double.slash("daily set", {"channel": general, "time": "09:00", "timezone": "UTC"},
                                          user=mod)).reply()
        assert "Next post" in reply.content

        double.fail_next("POST", f"/channels/{general.id}/messages", status=429, retry_after=1.5)
        await restart_at(world, "2026-03-02T08:59:58Z")
        await double.wait_until(lambda: daily_posts(world), timeout=30)
        posts = double.answered("POST", f"/channels/{general.id}/messages")
        assert [s for s, _ in posts] == [429, 200]
        assert posts[1][1] - posts[0][1] >= 1.5  # retry_after was honoured

        double.fail_next("POST", f"/channels/{general.id}/messages", status=500, after_handling=True)
        await restart_at(world, "2026-03-03T08:59:58Z")
        await double.wait_until(lambda: len(daily_posts(world)) == 2, timeout=30)
        await settle(3)
        assert [p.embeds[0]["author"]["name"] for p in daily_posts(world)] == [
            "Quote of the day · 2026-03-02", "Quote of the day · 2026-03-03"]
        # made (200), its answer lost (500), the retry answered with that same message (200)
        assert [s for s, _ in double.answered("POST", f"/channels/{general.id}/messages")][2:] == [200, 500, 200]
        assert double.nonce_hits == 1  # the retry was answered with the message already made
        assert await sent_at(database, "2026-03-03") is not None
        assert await count(database, "SELECT COUNT(*) FROM daily_posts WHERE local_date = ?", "2026-03-03") == 1
