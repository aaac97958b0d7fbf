"""Interface text in English and Spanish (course text lives in content/). `t(key, lang, **params)`."""

from __future__ import annotations

from collections.abc import Callable

from bot.i18n import assignments, class_report, flashcards, group_controls, reports, sources
from bot.i18n.en import MESSAGES as _EN
from bot.i18n.es import MESSAGES as _ES

# a feature's texts may live in a module of their own, merged here (each catalog module stays small)
EN = _EN | flashcards.EN | reports.EN | group_controls.EN | assignments.EN | class_report.EN | sources.EN
ES = _ES | flashcards.ES | reports.ES | group_controls.ES | assignments.ES | class_report.ES | sources.ES

CATALOGS = {"en": EN, "es": ES}


def lang_of(locale: str | None) -> str:
    """The course language for a Discord locale ('es-ES', 'es-419' -> 'es'; anything else -> 'en')."""
    return "es" if locale and locale.lower().startswith("es") else "en"


EXCERPT = 60
# Parameters the code composes itself (a validation report, a list of permissions, a range such as "1-20"),
# shown whole. Every other text parameter may carry what someone typed (a topic, a speaker, a time zone),
# so it is quoted as an excerpt: a new error whose parameter the bot composes adds the parameter's name here.
COMPOSED = frozenset({"report", "permissions", "hint", "option", "when"})


def excerpt(value: str, limit: int = EXCERPT) -> str:
    """Someone's text as a short quotation: one line, no backticks (so no code fence), at most `limit`
    characters with an ellipsis when cut."""
    text = " ".join(value.replace("`", "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def error_text(error: Exception, lang: str, quote: Callable[[str], str] = excerpt) -> str:
    """The message for a domain error (anything with `key` and `params`): hint keys, option names (as the
    reader's command picker shows them) and the kind of thing not found ('topic', 'quote', 'term') are translated; any other text it carries that the code did not
    compose (`COMPOSED`) goes through `quote` (an `excerpt`; the Discord adapter also escapes markup)."""
    params = dict(getattr(error, "params", {}))
    for name, value in params.items():
        if not isinstance(value, str):
            continue
        if name in ("hint", "what", "option") and f"{name}.{value}" in EN:
            params[name] = t(f"{name}.{value}", lang)
        elif name not in COMPOSED:
            params[name] = quote(value)
    return t(getattr(error, "key", "error.generic"), lang, **{"hint": "", **params})


def plural(key: str, lang: str, count: int, **params: object) -> str:
    """A count with its noun: `key`'s text holds two forms, "one|other" ("{count} day|{count} days"), and
    English and Spanish both take the first for exactly one ("1 acierto", "2 aciertos", "0 aciertos"). The
    form is chosen before the parameters go in, so a "|" in what someone typed cannot change it."""
    text = CATALOGS.get(lang, EN).get(key) or EN.get(key) or key
    forms = text.split("|")
    form = forms[0] if count == 1 or len(forms) == 1 else forms[1]
    try:
        return form.format(count=count, **params)
    except (KeyError, IndexError, ValueError):
        return form


def t(key: str, lang: str, **params: object) -> str:
    text = CATALOGS.get(lang, EN).get(key) or EN.get(key) or key
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text
