"""Texts of /sources (the course's documents, "About these sources") and of an item's note (a source's error
corrected), in English and Spanish: merged into the catalogs by bot/i18n/__init__.py."""

EN = {
    'note.title': 'Note',
    'sources.title': 'Sources of this course',
    'sources.about_title': 'About these sources',
    'sources.about': 'About the source',
    'sources.language_en': 'in English',
    'sources.language_es': 'in Spanish',
}

ES = {
    'note.title': 'Nota',
    'sources.title': 'Fuentes de este curso',
    'sources.about_title': 'Sobre estas fuentes',
    'sources.about': 'Sobre la fuente',
    'sources.language_en': 'en inglés',
    'sources.language_es': 'en español',
}
