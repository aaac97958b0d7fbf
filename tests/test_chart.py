"""The /progress chart: a PNG with one row per topic whose bar length follows the mastery."""

import io
from pathlib import Path

import pytest
from PIL import Image, ImageFont

from bot.content import load_course
from bot.discord import chart
from bot.discord.chart import WIDTH, bar_span, mastery_chart, row_middle
from bot.services.views import Progress, TopicProgress


def progress_of(app, shares):
    topics = list(app.course.catalog.topics.values())
    rows = [TopicProgress(topic=tp, read=False, items=10, answered=10, mastered=round(10 * share))
            for tp, share in zip(topics, shares, strict=False)]
    return Progress(user_id=1, topics=rows, answered=0, correct=0, streak=0, due=0)


def coloured(image, x, y) -> bool:
    return image.getpixel((x, y)) == (59, 111, 182)  # the bar colour


async def test_bars_follow_mastery(app):
    progress = progress_of(app, [0.8, 0.0])
    image = Image.open(io.BytesIO(mastery_chart(progress, "es")))
    assert image.format == "PNG" and image.width == WIDTH and image.height >= 2 * 30
    image = image.convert("RGB")  # the colours as shown (the file is palette-based)
    left, end = bar_span(progress.topics[0].mastery)
    assert coloured(image, left + 5, row_middle(0)) and coloured(image, end - 5, row_middle(0))
    assert not coloured(image, end + 5, row_middle(0))  # the bar stops at 80 %
    assert not any(coloured(image, x, row_middle(1)) for x in range(left, bar_span(1.0)[1]))  # 0 %: no bar


def drawn(font, char: str) -> tuple:
    mask = font.getmask(char)
    return mask.size, bytes(Image.Image()._new(mask).tobytes())


def test_every_shipped_topic_title_can_be_drawn_in_both_languages():
    """Pillow's own font drew the Spanish titles' accented letters as boxes."""
    font = chart._font()
    if not isinstance(font, ImageFont.FreeTypeFont) or font.font.family != "DejaVu Sans":
        pytest.skip(f"{chart.FONT_FILE} is not installed here (Debian/Ubuntu: fonts-dejavu-core)")
    box = drawn(font, "\ue000")  # a private-use character: no font has it, so this is the "missing" box
    course = load_course(Path(__file__).resolve().parents[1] / "content")
    titles = [t.title.get(lang) for t in course.topics.values() for lang in ("en", "es")]
    assert any(c in "áéíóúñ¿¡" for title in titles for c in title)
    assert {c for title in titles for c in title if not c.isspace() and drawn(font, c) == box} == set()


async def test_each_row_shows_its_own_count(app):
    """The n/m counts are drawn once and reused (drawing text is most of a chart's cost): each row still
    shows its own figure, right-aligned in the value column."""
    def value_cell(image, row):
        box = (WIDTH - chart.PAD - chart.VALUE_W, row_middle(row) - 15, WIDTH - chart.PAD, row_middle(row) + 15)
        return image.convert("RGB").crop(box).tobytes()

    first = Image.open(io.BytesIO(mastery_chart(progress_of(app, [0.3, 0.8]), "en")))
    second = Image.open(io.BytesIO(mastery_chart(progress_of(app, [0.8, 0.3]), "en")))
    blank = Image.new("RGB", (chart.VALUE_W, 30), chart.BACKGROUND).tobytes()
    assert blank not in (value_cell(first, 0), value_cell(first, 1))  # text is there
    assert value_cell(first, 0) != value_cell(first, 1)  # 3/10 and 8/10 differ
    assert value_cell(first, 0) == value_cell(second, 1) and value_cell(first, 1) == value_cell(second, 0)
