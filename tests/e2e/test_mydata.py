"""/mydata over the double: a group quiz goes on for everyone when its host deletes their data; another
member's progress is shown only when they chose to share it, and only to the one who asked; deleting your
data keeps you hidden from leaderboards if you were; the export arrives as a zip with everything in it."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from tests.e2e.conftest import count, eventually, execute
from tests.e2e.test_group_quiz import questions
from tests.e2e.test_quiz_flow import answer_current, buttons

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]


async def one_answer(double, user) -> None:
    quiz = await (await double.slash("quiz", {"topic": "revolution-1905", "length": 1}, user=user)).response_message()
    await answer_current(double, quiz, user)


def member(double, name):
    user = double.add_user(name)
    double.guild.add_member(user)
    return user


async def delete_my_data(double, user, forger=None) -> str:
    """/mydata delete and its confirmation; first a click by `forger`, if given. Returns the final text."""
    ask = await double.slash("mydata delete", user=user)
    message = await ask.response_message()
    assert "Group quizzes you started go on for the others" in message.content
    (confirm,) = buttons(message)
    if forger is not None:
        refused = await (await double.click(message, confirm["custom_id"], user=forger)).reply()
        assert refused.ephemeral and refused.content.startswith("This button belongs to someone else's data request")
        assert buttons(double.message(message.id))  # still there for its owner
    await (await double.click(message, confirm["custom_id"], user=user)).reply()
    done = await double.wait_until(lambda: double.message(message.id).content.startswith("Done")
                                   and double.message(message.id), timeout=20, what="the deletion")
    assert not buttons(done)
    return done.content


async def test_the_hosts_deletion_leaves_the_group_quiz_running_for_the_others(world):
    double = world.double
    general = double.guild.channel_named("general")
    host, anna, ben = member(double, "hostess"), member(double, "anna"), member(double, "ben")
    before = len(questions(double, general))
    start = await double.slash("quiz", {"mode": "group", "length": 2, "seconds": 10, "topic": "revolution-1905"},
                               user=host)
    assert "started a group quiz" in (await start.reply()).content
    q1 = (await double.wait_until(lambda: questions(double, general)[before:], timeout=10))[0]
    choices = [b["custom_id"] for b in buttons(q1)]
    for player in (host, anna, ben):
        reply = await (await double.click(q1, choices[0], user=player)).reply()
        assert reply.content.startswith("Your answer is in"), reply.content

    text = await delete_my_data(double, host, forger=anna)
    assert "your data is deleted" in text

    await double.wait_until(lambda: len(double.message(q1.id).embeds) == 2, timeout=20, what="the results")
    results = double.message(q1.id).embeds[1]
    assert results["title"].endswith("of 2 right")  # Anna's and Ben's answers; the host's went with their data
    q2 = (await double.wait_until(lambda: questions(double, general)[before + 1:], timeout=10))[0]
    assert "Question 2 of 2" in q2.embeds[0]["title"]
    await (await double.click(q2, buttons(q2)[0]["custom_id"], user=anna)).reply()
    board = await double.wait_until(
        lambda: [m for m in double.messages(general) if m.id > q2.id and m.embeds
                 and m.embeds[0].get("title") == "Group quiz: the scoreboard"], timeout=20, what="the scoreboard")
    standings = board[0].embeds[0]["description"]
    assert f"<@{anna.id}>" in standings and f"<@{ben.id}>" in standings
    assert f"<@{host.id}>" not in standings
    double.assert_no_mass_mentions()


async def test_another_members_progress_only_when_shared_and_only_to_the_asker(world):
    double = world.double
    shy, curious = member(double, "shy"), member(double, "curious")
    await one_answer(double, shy)

    refused = await (await double.slash("progress", {"member": shy}, user=curious)).reply()
    assert refused.ephemeral and not refused.embeds
    assert "has not chosen to share their progress" in refused.content

    shared = await (await double.slash("mydata progress", {"visible": True}, user=shy)).reply()
    assert shared.ephemeral and "Other members can now see your progress" in shared.content
    shown = await (await double.slash("progress", {"member": shy}, user=curious)).reply()
    assert shown.ephemeral  # to the one who asked, not to the channel
    assert shown.embeds[0]["title"].endswith("shy") and shown.embeds[0]["description"].startswith("1 answer, ")

    hidden = await (await double.slash("mydata leaderboard", {"visible": False}, user=shy)).reply()
    assert "no longer appear on leaderboards" in hidden.content
    text = await delete_my_data(double, shy)
    assert "Your progress is private" in text and "You stay hidden from leaderboards" in text

    again = await (await double.slash("progress", {"member": shy}, user=curious)).reply()
    assert again.ephemeral and "has not chosen to share" in again.content
    await one_answer(double, shy)
    board = await (await double.slash("leaderboard", {"period": "all"}, user=curious)).reply()
    assert "shy" not in json.dumps(board.embeds) and str(shy.id) not in json.dumps(board.embeds)
    double.assert_no_mass_mentions()


async def test_the_progress_setting_has_a_spanish_name(world):
    mydata = world.double.commands.get("mydata")
    (setting,) = [o for o in mydata["options"] if o["name"] == "progress"]
    assert setting["name_localizations"]["es-ES"] == "progreso"
    assert setting["description_localizations"]["es-ES"] == "Deja que otros miembros vean tu progreso, o no"
    reply = await (await world.double.slash("mydata progress", {"visible": False}, locale="es-ES")).reply()
    assert reply.content == ("Tu progreso es privado: solo tú puedes verlo. El informe de la clase (/clase informe)"
                             " te cuenta en sus totales para la moderación, sin tu nombre.")


async def test_the_export_is_a_zip_with_everything_stored_about_the_learner(world):
    double = world.double
    learner = member(double, "exporter")
    await one_answer(double, learner)
    it = await double.slash("mydata export", user=learner)
    (message,) = await it.followups()
    assert message.flags & 64 and "zip file" in message.content
    (attachment,) = message.attachments
    assert attachment.filename == "my-study-data.zip"
    with zipfile.ZipFile(io.BytesIO(attachment.data)) as archive:
        data = json.loads(archive.read("my-study-data.json"))
    assert data["user_id"] == learner.id
    assert len(data["attempts"]) == 1 and len(data["item_progress"]) == 1 and len(data["quiz_questions"]) == 1


@pytest.mark.asyncio(loop_scope="function")  # a bot of its own, in this test's loop
async def test_a_deletion_cut_short_by_a_kill_is_finished_at_the_next_start(fresh_world):
    double, bot = fresh_world.double, fresh_world.bot
    gone, stays = member(double, "gone"), member(double, "stays")
    for user in (gone, stays):
        await one_answer(double, user)
    database = fresh_world.database
    await bot.kill()
    # killed just after the deletion began: its mark is written, the rows are all still there
    await execute(database, "INSERT INTO learner_deletions (user_id, started_at)"
                            " VALUES (?, '2026-03-02T09:00:00+00:00')", gone.id)
    await bot.restart(kill=False, timeout=30)

    async def answers(user) -> int:
        return await count(database, "SELECT COUNT(*) FROM attempts WHERE user_id = ?", user.id)

    async def deleted() -> bool:
        return await answers(gone) == 0

    await eventually(deleted, timeout=20, what="the deletion to be finished")
    assert await answers(stays) == 1
    await bot.wait_for_output("finished 1 of 1 interrupted data deletion", 10)
    refused = await (await double.slash("progress", {"member": gone}, user=stays)).reply()
    assert "has not chosen to share" in refused.content


async def test_deleting_again_and_again_spends_a_budget(world):
    """Each deletion holds the database's writer a little: the command and its button share a budget (two
    deletions in five minutes), so nobody can keep everyone's answers waiting by repeating it."""
    double, user = world.double, member(world.double, "repeater")
    for _ in range(2):
        assert (await delete_my_data(double, user)).startswith("Done")
    refused = await (await double.slash("mydata delete", user=user)).reply()
    assert refused.ephemeral and "Easy there" in refused.content
