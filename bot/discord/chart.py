"""A small bar chart of mastery per topic for /progress (Pillow). The embed keeps the same figures as
text, and the image carries alt text, so nothing depends on seeing it."""

from __future__ import annotations

import io
import logging
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from bot.services.views import Progress

WIDTH, ROW, TOP, PAD = 760, 30, 16, 16
LABEL_W, VALUE_W = 300, 70
BACKGROUND, TRACK, BAR, READ_BAR, TEXT = "#2b2d31", "#404249", "#3b6fb6", "#2e8b57", "#f2f3f5"
FONT_SIZE = 15
# Pillow's own font has no accented letters (Spanish titles showed boxes). DejaVu Sans has them; Pillow finds it
# among the system's fonts (Debian and Ubuntu: fonts-dejavu-core, installed by the Dockerfile).
FONT_FILE = "DejaVuSans.ttf"

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _font() -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(FONT_FILE, FONT_SIZE)
    except OSError:
        log.warning("font %s not found (Debian/Ubuntu: apt install fonts-dejavu-core): the /progress chart "
                    "will show accented letters as boxes", FONT_FILE)
        return ImageFont.load_default(size=FONT_SIZE)


@lru_cache(maxsize=1024)  # the same few topic titles, every time
def _short(text: str, width: int) -> str:
    """`text`, cut with an ellipsis to fit `width` pixels (the longest prefix that fits, found by halving)."""
    font = _font()
    if font.getlength(text) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if font.getlength(text[:mid] + "…") <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…"


def bar_span(mastery: float) -> tuple[int, int]:
    """Where a topic's bar starts and ends, in pixels from the left edge."""
    left = PAD + LABEL_W
    track = WIDTH - left - VALUE_W - PAD
    return left, left + round(track * max(0.0, min(mastery, 1.0)))


def row_middle(index: int) -> int:
    return TOP + index * ROW + ROW // 2


PALETTE_COLOURS = 64  # enough for the few colours and the text's smoothed edges
BAR_INDEX, READ_BAR_INDEX = PALETTE_COLOURS, PALETTE_COLOURS + 1  # the bars' colours, after the base's own


def _rgb(colour: str) -> list[int]:
    return [int(colour[i:i + 2], 16) for i in (1, 3, 5)]


@lru_cache(maxsize=64)  # one per course version and language: titles and empty tracks never change
def _base(labels: tuple[str, ...]) -> Image.Image:
    """Titles and empty tracks, as a palette image whose palette also holds the bars' colours."""
    height = TOP * 2 + ROW * max(1, len(labels))
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    font = _font()
    left, right = bar_span(1.0)
    for i, label in enumerate(labels):
        middle = row_middle(i)
        draw.text((PAD, middle), _short(label, LABEL_W - 10), fill=TEXT, font=font, anchor="lm")
        draw.rounded_rectangle((left, middle - 8, right, middle + 8), radius=4, fill=TRACK)
    # few colours: a palette keeps them (and the text's edges) and encodes ~3x smaller; quantizing is most of
    # the work, so it is done here, once, and each chart draws on a copy with palette indices
    flat = image.quantize(colors=PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    palette = (flat.getpalette() or [])[:3 * PALETTE_COLOURS]
    palette += [0] * (3 * PALETTE_COLOURS - len(palette))
    flat.putpalette(palette + _rgb(BAR) + _rgb(READ_BAR))
    return flat


@lru_cache(maxsize=2048)  # "3/12" and the like: a few hundred, drawn once per course version and language
def _count(labels: tuple[str, ...], text: str) -> Image.Image:
    """`text` right-aligned in a value cell one row high, smoothed, mapped to the base's palette (the text's
    shades are among its colours). Drawing text is the slowest part of a chart, and holds the interpreter lock."""
    cell = Image.new("RGB", (VALUE_W, ROW), BACKGROUND)
    ImageDraw.Draw(cell).text((VALUE_W, ROW // 2), text, fill=TEXT, font=_font(), anchor="rm")
    return cell.quantize(palette=_base(labels), dither=Image.Dither.NONE)


def mastery_chart(progress: Progress, lang: str) -> bytes:
    """PNG bytes: one row per topic, its title, a bar for the share of its questions mastered, and n/m."""
    labels = tuple(f"{i + 1}. {tp.topic.title.get(lang)}" for i, tp in enumerate(progress.topics))
    image = _base(labels).copy()
    draw = ImageDraw.Draw(image)
    for i, tp in enumerate(progress.topics):
        middle = row_middle(i)
        left, end = bar_span(tp.mastery)
        if end > left:
            draw.rounded_rectangle((left, middle - 8, end, middle + 8), radius=4,
                                   fill=READ_BAR_INDEX if tp.read else BAR_INDEX)
        image.paste(_count(labels, f"{tp.mastered}/{tp.items}"), (WIDTH - PAD - VALUE_W, middle - ROW // 2))
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()
