"""An upload is installed and loaded in one turn of the course (CourseService.reload's `install`): accepted, it
is the course; refused, the folder is put back as it was."""

from __future__ import annotations

from bot.content import staging

GOOD = "- id: b-new\n  type: true_false\n  topics: [beta]\n  sources: [src-a]\n  difficulty: 1\n" \
       "  prompt: {en: \"Beta is new.\", es: \"Beta es nuevo.\"}\n  answer: true\n" \
       "  explanation: {en: \"It is.\", es: \"Lo es.\"}\n"


def installing(raw: str, now):
    def install(folder):
        path, backup = staging.install(folder, "quizzes", "beta.yaml", raw.encode(), now)
        return lambda: staging.restore(path, backup)
    return install


async def test_an_accepted_upload_is_the_course(app, clock):
    result = await app.course.reload(action="upload", file="quizzes/beta.yaml", install=installing(GOOD, clock.now()))
    assert result.ok and "b-new" in app.course.catalog.items
    assert (app.course.folder / "quizzes" / "beta.yaml").read_text() == GOOD


async def test_a_refused_upload_puts_the_old_file_back(app, clock):
    path = app.course.folder / "quizzes" / "beta.yaml"
    before, served = path.read_bytes(), app.course.catalog.fingerprint
    result = await app.course.reload(action="upload", install=installing("- id: [\n", clock.now()))
    assert not result.ok and result.errors
    assert path.read_bytes() == before and app.course.catalog.fingerprint == served
    assert [r["action"] for r in await app.course.audit.recent(1)] == ["upload-refused"]
