"""What a quiz or a review says about itself before its first question, in the learner's language (one text
for Discord and the console): why a quiz is shorter than asked, what a review serves and when the next is due."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.domain.catalog import Catalog
from bot.i18n import t
from bot.services.review import ReviewPlan


def shorter_note(total: int, asked: int, topic: str | None, difficulty: int | None, lang: str) -> str | None:
    """Why a quiz has fewer questions than asked (None when it has them all)."""
    if total >= asked:
        return None
    scope = "topic_level" if topic and difficulty else "topic" if topic else "level" if difficulty else "all"
    return t("quiz.shorter", lang, count=total, asked=asked, scope=t(f"quiz.scope_{scope}", lang))


def review_note(plan: ReviewPlan, catalog: Catalog, lang: str, when: Callable[[datetime], str]) -> str:
    """What a review serves (due questions, the weakest topic, or both) and when the next one falls due
    (`when` writes a time as the adapter shows times)."""
    weakest = catalog.topics[plan.weakest].title.get(lang) if plan.weakest in catalog.topics else None
    if weakest and plan.due:
        lines = [t("review.serving_mixed", lang, due=plan.due, topic=weakest)]
    elif weakest:
        lines = [t("review.serving_weakest", lang, topic=weakest)]
    else:
        lines = [t("review.serving_due", lang, count=plan.due)]
    if plan.next_due is not None:
        lines.append(t("review.next_due", lang, when=when(plan.next_due)))
    return "\n".join(lines)
