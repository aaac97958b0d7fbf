# The bot in a container: slim Python, a non-root user, progress on the /data volume, the course on the
# /app/content volume: owned by that user, since /content upload writes it (the image's course fills a new
# volume; mount your own folder there to override it).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    TUTOR_DATABASE=/data/tutor.db \
    TUTOR_CONTENT_DIR=/app/content

# the /progress chart's font (accented letters)
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 tutor && mkdir -p /data /app/content && chown tutor:tutor /data /app/content

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY migrations ./migrations
COPY --chown=tutor:tutor content ./content

# README: set up and run (install step)
RUN python3 -m venv .venv && .venv/bin/pip install -e .
# the bot's bytecode, written once here: PYTHONDONTWRITEBYTECODE and a user who cannot write /app would
# otherwise have every start compile every module from source (CI runs the same command)
RUN .venv/bin/python -m compileall -q bot

USER tutor
VOLUME ["/data", "/app/content"]

HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=2 \
    CMD [".venv/bin/python", "-m", "bot", "health"]

CMD [".venv/bin/python", "-m", "bot"]
