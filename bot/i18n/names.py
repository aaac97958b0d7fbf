"""People's names as a Spanish reader expects them. The course stores a speaker once, in English
("Karl Marx and Friedrich Engels", "Leon Trotsky"): the same string identifies the speaker in quotes, who-said
choices and /quote's speaker option, so it is translated only when shown."""

from __future__ import annotations

from bot.i18n import t

# Spanish exonyms of the figures the course quotes; a name not listed is written the same in both languages
SPANISH = {
    "Leon Trotsky": "León Trotsky",
    "Vladimir Lenin": "Vladímir Lenin",
    "Joseph Stalin": "Iósif Stalin",
    "Julius Martov": "Julio Mártov",
}
AND = {"en": " and ", "es": " y "}


def person(name: str, lang: str) -> str:
    """`name` (one person, or several joined by " and ") as shown to a reader of `lang`."""
    if lang != "es":
        return name
    return AND["es"].join(SPANISH.get(part, part) for part in name.split(AND["en"]))


def attribution(speaker: str, work: str, year: int | None, lang: str) -> str:
    """'Speaker, Work (year)', the speaker in the reader's language, leaving out a year the sources do not give."""
    return f"{person(speaker, lang)}, {work}" + (f" ({year})" if year is not None else "")


def language_name(code: str, lang: str) -> str:
    """'in English', 'en inglés': the language a source is written in, for a reader of `lang`; a language the
    course has no name for as its code."""
    return t(f"sources.language_{code}", lang) if code in ("en", "es") else code
