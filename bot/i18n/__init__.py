"""Interface text in English and Spanish (course text lives in content/). `t(key, lang, **params)`."""

from __future__ import annotations

from bot.i18n.en import MESSAGES as EN
from bot.i18n.es import MESSAGES as ES

CATALOGS = {"en": EN, "es": ES}


def lang_of(locale: str | None) -> str:
    """The course language for a Discord locale ('es-ES', 'es-419' -> 'es'; anything else -> 'en')."""
    return "es" if locale and locale.lower().startswith("es") else "en"


def error_text(error: Exception, lang: str) -> str:
    """The message for a domain error (anything with `key` and `params`): hint keys and the kind of thing
    not found ('topic', 'quote', 'term') are translated too."""
    params = dict(getattr(error, "params", {}))
    for name, prefix in (("hint", "hint."), ("what", "what.")):
        value = params.get(name)
        if isinstance(value, str) and f"{prefix}{value}" in EN:
            params[name] = t(f"{prefix}{value}", lang)
    return t(getattr(error, "key", "error.generic"), lang, **{"hint": "", **params})


def t(key: str, lang: str, **params: object) -> str:
    text = CATALOGS.get(lang, EN).get(key) or EN.get(key) or key
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text
