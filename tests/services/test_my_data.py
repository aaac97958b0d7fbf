"""A learner's own data: a group quiz goes on for everyone when its host deletes their data, and the export
always arrives (zipped under the size a message carries, split when even that is too big)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from bot.services.learners import BOT_HOST
from bot.services.my_data import archives
from tests.services.test_group_quiz import ANNA, BEN, HOST, Channel, start
from tests.services.test_quiz_service import right_response, wrong_response
from tests.storage.test_learners import fill

DISCORD_LIMIT = 8 * 1024 * 1024


async def test_the_hosts_deletion_leaves_the_group_quiz_running_for_the_others(app, clock):
    channel = Channel()
    sid = await start(app, length=2)
    await app.group.step(sid, channel)
    first = channel.current()
    for user, response in ((HOST, right_response), (ANNA, right_response), (BEN, wrong_response)):
        await app.quiz.answer(sid, 0, user, response(first), **channel.here())

    await app.learners.delete(HOST)

    assert (await app.quiz.quizzes.session(sid)).user_id == BOT_HOST
    clock.advance(seconds=21)
    await app.group.step(sid, channel)  # the first question's results
    (result,) = channel.results.values()
    assert (result.right, result.wrong) == ([ANNA], [BEN])
    await app.group.step(sid, channel)  # the second question
    await app.quiz.answer(sid, 1, ANNA, right_response(channel.current()), **channel.here())
    clock.advance(seconds=21)
    assert await app.group.step(sid, channel) is None  # over, with its scoreboard
    ((total, standings),) = channel.scoreboards
    assert total == 2
    assert [(s.user_id, s.correct, s.answered) for s in standings] == [(ANNA, 2, 2), (BEN, 0, 1)]
    assert (await app.progress.progress(ANNA)).answered == 2
    assert (await app.progress.progress(HOST)).answered == 0


def unpack(archive: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        (name,) = opened.namelist()
        assert name.endswith(".json")
        return json.loads(opened.read(name))


@pytest.mark.parametrize("engine", ["sqlite"])  # filled straight into the SQLite file
async def test_a_heavy_learners_export_arrives_as_one_zip_under_discords_limit(app, clock):
    fill(app.db.path, 4242, 20_000, items=180, text="the Petrograd Soviet of Workers' Deputies")
    data = await app.learners.export(4242)
    assert len(data["attempts"]) == 20_000 and len(data["item_progress"]) == 180
    as_json = json.dumps({"user_id": 4242, **data}, indent=2, ensure_ascii=False).encode()
    assert len(as_json) > DISCORD_LIMIT  # what the export sent before: refused by Discord

    (archive,) = archives(4242, data, DISCORD_LIMIT)
    assert archive.filename == "my-study-data.zip" and len(archive.data) <= DISCORD_LIMIT
    assert unpack(archive.data) == json.loads(json.dumps({"user_id": 4242, **data}))


@pytest.mark.parametrize("engine", ["sqlite"])  # filled straight into the SQLite file
async def test_an_export_too_big_for_one_file_is_split_into_parts_that_each_fit(app, clock):
    fill(app.db.path, 4242, 600, items=30)
    data = await app.learners.export(4242)
    limit = 6_000
    parts = archives(4242, data, limit)
    assert len(parts) > 1 and all(len(part.data) <= limit for part in parts)
    assert [part.filename for part in parts] == [f"my-study-data-{n}-of-{len(parts)}.zip"
                                                 for n in range(1, len(parts) + 1)]
    documents = [unpack(part.data) for part in parts]
    assert [(d["user_id"], d["part"], d["parts"]) for d in documents] == [(4242, n, len(parts))
                                                                          for n in range(1, len(parts) + 1)]
    for table, rows in json.loads(json.dumps(data)).items():
        assert [row for d in documents for row in d[table]] == rows, table  # each row once, in order
