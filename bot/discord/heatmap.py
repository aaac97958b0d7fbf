"""A small calendar of the learner's last four weeks for /progress (Pillow): a square per day, 7 columns by
4 rows, each row a week ending on today's weekday, so today is always the bottom-right square, outlined. A
square's shade follows its answers. Its alt text (bot/services/activity.py) gives the same figures in words."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from bot.discord.chart import BACKGROUND, TEXT, TRACK, _font
from bot.services.activity import column_labels
from bot.services.views import Activity

CELL, GAP, PAD, LABEL_H = 34, 5, 14, 22
COLUMNS, ROWS = 7, 4
WIDTH = PAD * 2 + COLUMNS * CELL + (COLUMNS - 1) * GAP
HEIGHT = PAD * 2 + LABEL_H + ROWS * CELL + (ROWS - 1) * GAP
SHADES = ("#1f5f3a", "#2e8b57", "#3fb573", "#6fe39c")  # few answers to most, on the chart's dark background
TODAY = "#f0b232"  # the outline of today's square
OUTLINE = 3


def cell_box(index: int) -> tuple[int, int, int, int]:
    """The square of the `index`-th day (0: four weeks ago, 27: today), in pixels."""
    row, column = divmod(index, COLUMNS)
    left = PAD + column * (CELL + GAP)
    top = PAD + LABEL_H + row * (CELL + GAP)
    return left, top, left + CELL - 1, top + CELL - 1


def shade(count: int, most: int) -> str:
    if not count:
        return TRACK
    return SHADES[-(-len(SHADES) * count // max(count, most)) - 1]  # the busiest day the brightest


def activity_heatmap(activity: Activity, lang: str) -> bytes:
    """PNG bytes of the calendar: weekday labels over the columns, a square per day, today outlined."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    font = _font()
    for column, label in enumerate(column_labels(activity, lang)):
        draw.text((PAD + column * (CELL + GAP) + CELL // 2, PAD + LABEL_H // 2), label, fill=TEXT, font=font,
                  anchor="mm")
    most = max((n for _, n in activity.days), default=0)
    for index, (_, count) in enumerate(activity.days):
        box = cell_box(index)
        draw.rounded_rectangle(box, radius=4, fill=shade(count, most))
    draw.rounded_rectangle(cell_box(len(activity.days) - 1), radius=4, outline=TODAY, width=OUTLINE)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
