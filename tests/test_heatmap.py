"""/progress's activity calendar: a PNG of 7 by 4 squares, shaded by answers, today's outlined."""

import io
from datetime import date, timedelta

from PIL import Image

from bot.discord import heatmap
from bot.discord.heatmap import HEIGHT, TODAY, WIDTH, activity_heatmap, cell_box
from bot.services.activity import column_labels
from bot.services.views import Activity

TODAY_DATE = date(2026, 4, 1)  # a Wednesday


def activity_of(counts: dict[int, int]) -> Activity:
    """28 days ending on TODAY_DATE; `counts` maps a day's index (0: four weeks ago, 27: today) to answers."""
    return Activity(tuple((TODAY_DATE - timedelta(days=27 - i), counts.get(i, 0)) for i in range(28)))


def rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def edge(image, index):  # the middle of a square's top edge, where today's outline is drawn
    left, top, right, _ = cell_box(index)
    return image.getpixel(((left + right) // 2, top + 1))


def middle(image, index):
    left, top, right, bottom = cell_box(index)
    return image.getpixel(((left + right) // 2, (top + bottom) // 2))


def test_the_calendar_opens_at_its_size_with_today_outlined_and_busy_days_shaded():
    image = Image.open(io.BytesIO(activity_heatmap(activity_of({3: 31, 10: 2, 27: 20}), "en")))
    assert image.format == "PNG" and image.size == (WIDTH, HEIGHT)
    image = image.convert("RGB")
    assert edge(image, 27) == rgb(TODAY)  # today: the bottom-right square, outlined
    assert all(edge(image, i) != rgb(TODAY) for i in range(27))
    assert middle(image, 0) == rgb(heatmap.TRACK)  # no answers
    assert middle(image, 3) == rgb(heatmap.SHADES[-1])  # the busiest day, brightest
    assert middle(image, 10) == rgb(heatmap.SHADES[0])  # a quiet day, darkest
    assert middle(image, 27) == rgb(heatmap.SHADES[2])  # 20 of 31: between


def test_columns_are_labelled_with_the_weekdays_ending_on_today():
    """Each row is a week ending on today's weekday, so today is the last column's."""
    assert column_labels(activity_of({}), "en") == ["Th", "Fr", "Sa", "Su", "Mo", "Tu", "We"]
    assert column_labels(activity_of({}), "es") == ["ju", "vi", "sá", "do", "lu", "ma", "mi"]
    labels = Image.open(io.BytesIO(activity_heatmap(activity_of({}), "es"))).convert("RGB")
    strip = labels.crop((0, heatmap.PAD, WIDTH, heatmap.PAD + heatmap.LABEL_H)).getcolors(WIDTH * heatmap.LABEL_H)
    assert len(strip) > 2  # the labels are drawn (text and its smoothed edges, not only the background)
