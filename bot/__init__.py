"""A Discord tutoring bot for study servers; the course lives in YAML under content/."""

__version__ = "0.1.0"
