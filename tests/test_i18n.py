"""Every interface text exists in both languages, with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

from bot.domain import errors
from bot.i18n import CATALOGS, lang_of, plural, t

BOT = Path(__file__).resolve().parents[1] / "bot"
USED = re.compile(r"""\b(?:t|plural)\(\s*f?["']([a-z_]+\.[a-z_.]+|page)["']""")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogs_have_the_same_keys_and_placeholders():
    en, es = CATALOGS["en"], CATALOGS["es"]
    assert set(en) == set(es)
    for key in en:
        assert placeholders(en[key]) == placeholders(es[key]), key


def test_every_key_used_in_code_exists():
    used = {m for path in BOT.rglob("*.py") for m in USED.findall(path.read_text(encoding="utf-8"))}
    assert used, "the scan found no keys: the pattern is wrong"
    assert used <= set(CATALOGS["en"]), used - set(CATALOGS["en"])


def test_every_domain_error_has_a_message():
    keys = {cls.key for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, errors.DomainError)}
    assert keys <= set(CATALOGS["en"]), keys - set(CATALOGS["en"])


def test_locale_mapping_and_fallback():
    assert lang_of("es-ES") == lang_of("es-419") == "es"
    assert lang_of("en-GB") == lang_of("fr") == lang_of(None) == "en"
    assert t("no.such.key", "es") == "no.such.key"
    assert t("quiz.question", "es", number=1, total=3) == "Pregunta 1 de 3"


def test_counts_take_the_singular_for_one_and_the_plural_otherwise():
    assert [plural("n.days", "en", n) for n in (0, 1, 2)] == ["0 days", "1 day", "2 days"]
    assert [plural("n.days", "es", n) for n in (0, 1, 2)] == ["0 días", "1 día", "2 días"]
    assert plural("n.reviews_due", "es", 1) == "1 repaso pendiente"


def test_plural_texts_have_two_forms_in_both_languages():
    for lang, catalog in CATALOGS.items():
        for key, text in catalog.items():
            if key.startswith("n."):
                assert text.count("|") == 1, (lang, key)


COMMAND = re.compile(r"(?<![\w/])/([a-záéíóúñ][a-záéíóúñ-]*)")  # "/quiz", not "n/m" or "Europe/Madrid"


def test_texts_name_commands_as_they_are_called_in_their_language():
    from bot.discord.translator import SPANISH

    for lang, names in (("en", set(SPANISH)), ("es", set(SPANISH.values()))):
        for key, text in CATALOGS[lang].items():
            assert set(COMMAND.findall(text)) <= names, (lang, key, text)


def test_not_found_reads_as_a_sentence_in_spanish():
    from bot.domain.errors import NotFound
    from bot.i18n import error_text

    assert error_text(NotFound(what="topic", name="nowhere"), "es").startswith(
        "El curso no tiene ningún tema llamado «nowhere».")
    assert error_text(NotFound(what="quote", name="x"), "es").startswith("El curso no tiene ninguna cita llamada «x».")
    assert error_text(NotFound(what="topic", name="nowhere"), "en").startswith("No topic called 'nowhere'")


def test_no_text_hedges_a_plural_with_brackets():
    """Counts go through `plural`: never "day(s)", "pregunta(s)"."""
    for lang, catalog in CATALOGS.items():
        for key, text in catalog.items():
            assert not re.search(r"\w\((s|es)\)", text), (lang, key, text)


def test_people_are_named_as_a_spanish_reader_expects():
    from bot.i18n.names import attribution, person

    assert person("Karl Marx and Friedrich Engels", "es") == "Karl Marx y Friedrich Engels"
    assert person("Leon Trotsky", "es") == "León Trotsky"
    assert person("Leon Trotsky", "en") == "Leon Trotsky"
    assert attribution("Leon Trotsky", "1905", 1907, "es") == "León Trotsky, 1905 (1907)"


def test_who_said_choices_name_speakers_in_the_readers_language():
    from bot.domain.quiz import correct_text, labels
    from bot.domain.quiz_items import WhoSaidIt

    item = WhoSaidIt(id="w", topics=["t"], type="who_said", quote="q", answer="B", explanation={"en": "x", "es": "x"},
                     sources=["s"], difficulty=1, choices=["Vladimir Lenin", "Leon Trotsky"])
    assert labels(item, [1, 0], "es") == ["León Trotsky", "Vladímir Lenin"]
    assert labels(item, [1, 0], "en") == ["Leon Trotsky", "Vladimir Lenin"]
    assert correct_text(item, "es") == "León Trotsky"


def test_a_speaker_is_found_by_their_spanish_name():
    from bot.content import load_course
    from bot.domain import lookup
    from tests.conftest import SHIPPED_COURSE

    catalog = load_course(SHIPPED_COURSE)
    catalog = getattr(catalog, "catalog", catalog)
    assert lookup.speaker(catalog, "León Trotsky") == "Leon Trotsky"
    assert lookup.speaker(catalog, "Marx y Engels") == "Karl Marx and Friedrich Engels"


def test_counts_read_right_for_one_in_spanish():
    """A count outside `plural` stands where any number reads right: never "1 aciertos" or "1 registros"."""
    assert t("board.line", "es", rank=1, name="Ana", correct=1, answered=1) == "**1.** Ana · aciertos: 1 de 1"
    assert "1 registros" not in t("mydata.deleted", "es", rows=1)
    assert t("group.results", "es", right=1, answered=1) == "Resultados: 1 de 1 con la respuesta correcta"
