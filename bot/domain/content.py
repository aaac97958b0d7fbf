"""The course model: sources, topics, quotes, glossary, timeline. Quiz items live in `quiz_items`."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator, model_validator

from bot.domain import limits as L
from bot.domain.text import LANGS, FieldError, Slug, Strict, localized

Title = localized(L.TITLE_MAX)
Summary = localized(L.SUMMARY_MAX)
Body = localized(L.SECTION_BODY_MAX)
Context = localized(L.CONTEXT_MAX)
FieldName = localized(L.EMBED_FIELD_NAME)
FieldValue = localized(L.EMBED_FIELD_VALUE)
Definition = localized(L.DEFINITION_MAX)
Name = Annotated[str, StringConstraints(min_length=1, max_length=L.NAME_MAX)]
# Where a source is wrong, the course gives the source's claim as the source's and the fact beside it ("the guide
# dates it 1847; the Manifesto was published in February 1848"): shown to learners wherever the item is shown, so
# it is required in every language (no reader gets the other language's correction, or none).
Note = localized(L.NOTE_MAX, every_language=True)
NOTE_DESCRIPTION = ("A correction shown with the item wherever it is shown: what the source says and what is in "
                    "fact so, in English and Spanish.")


def note_in(entry: object, lang: str) -> str:
    """The note of a quote, quiz item, event or term in `lang`, '' when it has none."""
    note = getattr(entry, "note", None)
    return note.get(lang) if note is not None else ""


DATE_RE = re.compile(r"^-?\d{1,4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


class Course(Strict):
    """content/course.yaml: what the course is called and which version is in service."""

    id: Slug
    version: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    title: Title
    description: localized(L.EMBED_DESCRIPTION // 2)
    # where the sources themselves are one-sided (one source for a topic, no source for a side, a party's journal):
    # shown at the top of /sources, under "About these sources"
    about_sources: localized(L.ABOUT_SOURCES_MAX) | None = None


class Source(Strict):
    """A document the course draws on, with what a learner needs to find it (title, author, publisher or site,
    date, a link where the source gives one) and to weigh it (`about`: what it is and where it leans)."""

    id: Slug
    title: Annotated[str, StringConstraints(min_length=1, max_length=L.TITLE_MAX)]
    author: Annotated[str, StringConstraints(min_length=1, max_length=L.TITLE_MAX)]
    publisher: Annotated[str, StringConstraints(min_length=1, max_length=L.TITLE_MAX)] | None = None
    date: Annotated[str, StringConstraints(min_length=4, max_length=40)]
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
    description: FieldValue
    about: localized(L.SOURCE_ABOUT_MAX) | None = None
    url: Annotated[str, StringConstraints(max_length=300)] | None = None

    @model_validator(mode="after")
    def _fits_one_field(self):
        """/sources shows a source in one embed field: its author, publisher, date, link, description and about."""
        shared = len(self.author) + len(self.publisher or "") + len(self.date) + len(self.url or "")
        limit = L.EMBED_FIELD_VALUE - L.SOURCE_CHROME
        for lang in LANGS:
            length = shared + len(self.description.get(lang)) + len(self.about.get(lang) if self.about else "")
            if length > limit:
                raise FieldError("description", "problem.source_too_long", length=length, lang=lang, limit=limit)
        return self


class Section(Strict):
    title: Title
    body: Body


class Misconception(Strict):
    myth: FieldName
    fact: FieldValue


class Perspective(Strict):
    who: FieldName
    view: FieldValue


class Topic(Strict):
    """One topic of the course: an explanation in sections, plus pointers into the rest."""

    id: Slug
    order: int = Field(ge=0, le=999)
    title: Title
    period: Annotated[str, StringConstraints(max_length=40)] | None = None
    summary: Summary
    sections: list[Section] = Field(min_length=L.SECTIONS_MIN, max_length=L.SECTIONS_MAX)
    misconceptions: list[Misconception] = Field(default_factory=list, max_length=L.LIST_ITEMS_MAX)
    debates: list[Perspective] = Field(default_factory=list, max_length=L.LIST_ITEMS_MAX)
    key_terms: list[Slug] = Field(default_factory=list)
    key_quotes: list[Slug] = Field(default_factory=list)
    related: list[Slug] = Field(default_factory=list)
    sources: list[Slug] = Field(min_length=1)

    @model_validator(mode="after")
    def _pages_fit(self):
        """Misconceptions and debates are each shown as one embed page of fields."""
        for name, pairs in (
            ("misconceptions", [(m.myth, m.fact) for m in self.misconceptions]),
            ("debates", [(d.who, d.view) for d in self.debates]),
        ):
            for lang in LANGS:
                total = sum(len(a.get(lang)) + len(b.get(lang)) for a, b in pairs)
                if total > L.PAGE_FIELDS_TOTAL:
                    raise FieldError(name, "problem.page_too_long", name=name, length=total, lang=lang,
                                     limit=L.PAGE_FIELDS_TOTAL)
        return self


class Translation(Strict):
    """Our translation of a quotation into the course languages it was not written in."""

    en: Annotated[str, StringConstraints(min_length=1, max_length=L.QUOTE_MAX)] | None = None
    es: Annotated[str, StringConstraints(min_length=1, max_length=L.QUOTE_MAX)] | None = None


class Quote(Strict):
    """A quotation of a historical figure or cited author, exactly as the cited source gives it."""

    id: Slug
    text: Annotated[str, StringConstraints(min_length=1, max_length=L.QUOTE_MAX)]
    lang: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] = "en"
    translation: Translation | None = None
    speaker: Name
    work: Name
    # the year a source gives, or the work's standard bibliographic date (a source's wrong year goes in `note`)
    year: int | None = Field(default=None, ge=-3000, le=2100)
    context: Context
    note: Note | None = Field(default=None, description=NOTE_DESCRIPTION)
    topics: list[Slug] = Field(min_length=1)
    sources: list[Slug] = Field(min_length=1)

    @property
    def attribution(self) -> str:
        """'Speaker, Work (year)', leaving out a year the sources do not give."""
        return f"{self.speaker}, {self.work}" + (f" ({self.year})" if self.year is not None else "")

    def text_in(self, lang: str) -> tuple[str, bool]:
        """The quote for a reader of `lang`, and whether it is our translation."""
        if lang == self.lang or self.translation is None:
            return self.text, False
        translated = getattr(self.translation, lang, None)
        return (translated, True) if translated else (self.text, False)


class GlossaryTerm(Strict):
    id: Slug
    term: localized(L.EMBED_TITLE - 20)
    definition: Definition
    note: Note | None = Field(default=None, description=NOTE_DESCRIPTION)
    topics: list[Slug] = Field(min_length=1)
    sources: list[Slug] = Field(min_length=1)


class TimelineEvent(Strict):
    id: Slug
    date: str
    title: Title
    description: FieldValue
    note: Note | None = Field(default=None, description=NOTE_DESCRIPTION)
    topics: list[Slug] = Field(min_length=1)
    sources: list[Slug] = Field(min_length=1)

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: object) -> str:
        value = str(value)
        if not DATE_RE.match(value):
            raise FieldError(None, "problem.bad_date", value=value)
        return value

    @property
    def year(self) -> int:
        return int(self.date.lstrip("-").split("-")[0]) * (-1 if self.date.startswith("-") else 1)
