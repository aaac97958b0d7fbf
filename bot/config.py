"""Settings from the environment (and an optional .env file). The token is never printed or logged."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

from bot.domain.shards import parse_ids

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class ConfigError(Exception):
    """An invalid or missing setting; the message says which and how to fix it."""


@dataclass(frozen=True)
class Setting:
    env: str
    default: str | None
    help: str


# The documented settings. README's configuration table lists exactly these (a test checks).
SETTINGS = (
    Setting("DISCORD_TOKEN", None, "The bot token from the Discord developer portal. Secret: never logged."),
    Setting("TUTOR_DATABASE", "./data/tutor.db", "Where progress is kept: a SQLite file (its folder is created), or a "
            "postgresql://user:password@host/dbname URL for PostgreSQL."),
    Setting("TUTOR_CONTENT_DIR", "./content", "The course folder (YAML files)."),
    Setting("TUTOR_LOG_LEVEL", "INFO", "DEBUG, INFO, WARNING or ERROR."),
    Setting("TUTOR_DEV_GUILD_ID", None, "A server id: commands are synced there instantly (development)."),
    Setting("TUTOR_OPERATOR_IDS", None, "User ids (comma-separated) who may change the course from Discord, "
                                        "besides the application's owner or team."),
    Setting("TUTOR_HOME_GUILD_ID", None, "The operators' server id: its moderators may change the course too."),
    Setting("DISCORD_API_BASE", None, "REST base URL, for a proxy or the test double (default: Discord's)."),
    Setting("DISCORD_GATEWAY_URL", None, "Gateway websocket URL, for a proxy or the test double."),
    Setting("TUTOR_SHARD_COUNT", None, "How many shards the whole bot has (default: Discord's recommended count). "
                                       "Set it, with TUTOR_SHARD_IDS, when several processes share the bot."),
    Setting("TUTOR_SHARD_IDS", None, "The shards this process runs, such as 0-3 or 0,2 (default: all of them). "
                                     "Needs TUTOR_SHARD_COUNT."),
    Setting("TUTOR_DAILY_GRACE_HOURS", "6", "How late a missed daily quote may still be posted."),
    Setting("TUTOR_CLOCK_START", None, "Rehearsals and tests only: the bot's clock starts at this UTC time."),
)


class Secret:
    """A value that does not show itself in reprs, logs or tracebacks."""

    def __init__(self, value: str):
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__


@dataclass(frozen=True)
class Settings:
    token: Secret | None
    database: Path | str  # a SQLite file, or a postgresql:// URL
    content_dir: Path
    log_level: str
    dev_guild_id: int | None
    operator_ids: frozenset[int]
    home_guild_id: int | None
    api_base: str | None
    gateway_url: str | None
    daily_grace_hours: float
    clock_start: datetime | None = None
    shard_count: int | None = None  # None: Discord's recommended count
    shard_ids: tuple[int, ...] | None = None  # None: every shard

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")) -> Settings:
        env = dict(read_env_file(env_file)) if env_file else {}
        env.update(os.environ if environ is None else environ)
        value = {s.env: (env.get(s.env) or "").strip() or s.default for s in SETTINGS}
        level = (value["TUTOR_LOG_LEVEL"] or "INFO").upper()
        if level not in LOG_LEVELS:
            raise ConfigError(f"TUTOR_LOG_LEVEL={level!r} is not one of {', '.join(LOG_LEVELS)}")
        return cls(
            token=Secret(value["DISCORD_TOKEN"]) if value["DISCORD_TOKEN"] else None,
            database=_database(value["TUTOR_DATABASE"]),
            content_dir=Path(value["TUTOR_CONTENT_DIR"]),
            log_level=level,
            dev_guild_id=_snowflake("TUTOR_DEV_GUILD_ID", value["TUTOR_DEV_GUILD_ID"]),
            operator_ids=_snowflakes("TUTOR_OPERATOR_IDS", value["TUTOR_OPERATOR_IDS"]),
            home_guild_id=_snowflake("TUTOR_HOME_GUILD_ID", value["TUTOR_HOME_GUILD_ID"]),
            api_base=_url("DISCORD_API_BASE", value["DISCORD_API_BASE"], ("http", "https")),
            gateway_url=_url("DISCORD_GATEWAY_URL", value["DISCORD_GATEWAY_URL"], ("ws", "wss")),
            daily_grace_hours=_hours("TUTOR_DAILY_GRACE_HOURS", value["TUTOR_DAILY_GRACE_HOURS"]),
            clock_start=_instant("TUTOR_CLOCK_START", value["TUTOR_CLOCK_START"]),
            **_shards(value["TUTOR_SHARD_COUNT"], value["TUTOR_SHARD_IDS"]),
        )

    def require_token(self) -> Secret:
        if self.token is None:
            raise ConfigError(
                "DISCORD_TOKEN is not set. Put the bot token in the environment or in a .env file "
                "(see README). To try the course without Discord, run: python -m bot console"
            )
        return self.token


def read_env_file(path: Path) -> list[tuple[str, str]]:
    """KEY=VALUE lines; blank lines and # comments ignored; surrounding quotes removed."""
    if not path.is_file():
        return []
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[7:]
        key, sep, val = line.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"{path}:{number}: expected KEY=VALUE")
        val = val.strip()
        if len(val) >= 2 and val[0] == val[-1] and val[0] in "'\"":
            val = val[1:-1]
        pairs.append((key.strip(), val))
    return pairs


def _snowflake(name: str, raw: str | None) -> int | None:
    if not raw:
        return None
    if not _is_id(raw):
        raise ConfigError(f"{name}={raw!r} is not a Discord id (a number such as 123456789012345678)")
    return int(raw)


def _is_id(raw: str) -> bool:
    return raw.isascii() and raw.isdigit() and 0 < int(raw) < 2**64  # isascii: '²' is a digit int() refuses


def _snowflakes(name: str, raw: str | None) -> frozenset[int]:
    """Comma-separated ids; spaces and empty items (a trailing comma) are ignored."""
    items = [item.strip() for item in (raw or "").split(",")]
    bad = [item for item in items if item and not _is_id(item)]
    if bad:
        raise ConfigError(f"{name}: {bad[0]!r} is not a Discord user id (give ids such as 123456789012345678, "
                          "separated by commas)")
    return frozenset(int(item) for item in items if item)


def _shards(count_raw: str | None, ids_raw: str | None) -> dict:
    count = None
    if count_raw:
        if not (count_raw.isascii() and count_raw.isdigit() and 1 <= int(count_raw) <= 65536):
            raise ConfigError(f"TUTOR_SHARD_COUNT={count_raw!r} is not a number of shards (1 or more)")
        count = int(count_raw)
    if not ids_raw:
        return {"shard_count": count, "shard_ids": None}
    if count is None:
        raise ConfigError(f"TUTOR_SHARD_IDS={ids_raw!r} needs TUTOR_SHARD_COUNT: the shards this process runs "
                          "are a part of how many?")
    try:
        ids = parse_ids(ids_raw)
    except ValueError:
        raise ConfigError(f"TUTOR_SHARD_IDS={ids_raw!r} is not a list of shards such as 0-3 or 0,2,5") from None
    outside = [i for i in ids if i >= count]
    if outside:
        raise ConfigError(f"TUTOR_SHARD_IDS={ids_raw!r}: shard {outside[0]} is not one of the {count} shards "
                          f"(0-{count - 1})")
    return {"shard_count": count, "shard_ids": tuple(ids)}


def _database(raw: str) -> Path | str:
    """A PostgreSQL URL as it is (a Path would fold its '//'), or a SQLite file's path."""
    return raw if raw.startswith(("postgresql://", "postgres://")) else Path(raw)


def _url(name: str, raw: str | None, schemes: tuple[str, ...]) -> str | None:
    if not raw:
        return None
    parsed = urlparse(raw)
    if parsed.scheme not in schemes or not parsed.netloc:
        raise ConfigError(f"{name}={raw!r} is not a {' or '.join(schemes)} URL")
    return raw.rstrip("/")


def _hours(name: str, raw: str | None) -> float:
    try:
        hours = float(raw or "6")
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number of hours") from None
    if not 0 <= hours <= 23:
        raise ConfigError(f"{name}={raw!r} must be between 0 and 23 hours")
    return hours


def _instant(name: str, raw: str | None) -> datetime | None:
    if not raw:
        return None
    try:
        when = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a time such as 2026-03-08T06:59:30Z") from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
