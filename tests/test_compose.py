"""compose.yaml, the cluster README's "Running at scale" describes: its bots run README's command with settings the
bot accepts, cover every shard exactly once, send REST through the shared proxy and reach the PostgreSQL service
(no Docker engine runs here: the file is read as Compose would read it)."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest
import yaml

from bot.config import SETTINGS, Settings
from bot.domain.shards import Shards
from bot.health import heartbeat_path
from tests.test_packaging import ROOT, dockerfile, readme_commands

# what an operator's .env gives Compose
OPERATOR_ENV = {"DISCORD_TOKEN": "MTIz.token.abc", "POSTGRES_PASSWORD": "s3cretpassword"}
_VARIABLE = re.compile(r"\$\$|\$\{(\w+)(?:(:?[-?])([^}]*))?\}|\$(\w+)")


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's substitution: ${NAME}, ${NAME:-default}, ${NAME:?error} (the -, ? forms too), $NAME and $$."""
    def substitute(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name, operator, argument = match.group(1) or match.group(4), match.group(2), match.group(3)
        unset = name not in env or (operator is not None and operator.startswith(":") and not env[name])
        if unset and operator and operator.endswith("?"):
            raise KeyError(f"{name}: {argument}")
        if unset and operator and operator.endswith("-"):
            return argument
        return env.get(name, "")
    return _VARIABLE.sub(substitute, value)


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def bots() -> dict[str, dict]:
    """The services built from this folder's Dockerfile."""
    found = {name: service for name, service in compose()["services"].items()
             if _build_context(service.get("build")) in (".", "./")}
    assert len(found) >= 2, f"compose.yaml runs {len(found)} bot process(es); the example is a cluster"
    return found


def _build_context(build: str | dict | None) -> str | None:
    return build.get("context") if isinstance(build, dict) else build


def environment(service: dict, env: dict[str, str] = OPERATOR_ENV) -> dict[str, str]:
    """The service's environment as the bot sees it: the image's ENV, then compose's values, substituted."""
    raw = service.get("environment") or {}
    if isinstance(raw, list):
        raw = dict(item.partition("=")[::2] for item in raw)
    image = dict(pair.partition("=")[::2] for rest in (r for w, r in dockerfile() if w == "ENV")
                 for pair in shlex.split(rest))
    return image | {name: interpolate(str(value), env) for name, value in raw.items()}


def settings(service: dict) -> Settings:
    return Settings.from_env(environment(service), env_file=None)


def test_each_bot_runs_readmes_command_and_the_images_health_check():
    run = shlex.split(readme_commands()["Set up and run"].split(" && ")[-1])
    cmd = json.loads([rest for word, rest in dockerfile() if word == "CMD"][-1])
    health = dict(dockerfile())["HEALTHCHECK"]
    for name, service in bots().items():
        command = service.get("command", cmd)
        command = shlex.split(command) if isinstance(command, str) else command
        assert command == run == cmd, f"{name} runs {command}, README runs {run}"
        assert "entrypoint" not in service, name
        # the image's check, `python -m bot health`, unless the service names the same one
        test = (service.get("healthcheck") or {}).get("test")
        assert test is None or json.dumps(test[1:])[1:-1] in health, f"{name}'s health check is {test}"
        assert not (service.get("healthcheck") or {}).get("disable"), name


def test_each_bot_sets_only_documented_settings_that_the_bot_accepts():
    documented = {setting.env for setting in SETTINGS}
    for name, service in bots().items():
        raw = service.get("environment") or {}
        assert set(raw) <= documented, f"{name} sets undocumented names: {set(raw) - documented}"
        accepted = settings(service)  # a value the bot refuses raises ConfigError, as the bot would exit 2
        assert accepted.token is not None and accepted.token.reveal() == OPERATOR_ENV["DISCORD_TOKEN"]


def test_secrets_come_from_the_operators_env_and_are_required():
    """An unset token or password stops `docker compose up` with its message, not a bot logging in with ''."""
    text = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    for secret in OPERATOR_ENV.values():
        assert secret not in text
    for service in bots().values():
        for missing in OPERATOR_ENV:
            with pytest.raises(KeyError, match=missing):
                environment(service, {k: v for k, v in OPERATOR_ENV.items() if k != missing})


def test_the_bots_cover_every_shard_exactly_once():
    counts, owners = set(), {}
    for name, service in bots().items():
        accepted = settings(service)
        assert accepted.shard_count is not None and accepted.shard_ids is not None, \
            f"{name} runs every shard it is told of: two such processes would both answer every server"
        counts.add(accepted.shard_count)
        for shard in Shards.of(accepted.shard_count, accepted.shard_ids).ids:
            assert shard not in owners, f"shard {shard} is run by {owners[shard]} and {name}: both would answer"
            owners[shard] = name
    assert len(counts) == 1, f"the bots disagree on TUTOR_SHARD_COUNT: {counts}"
    missing = set(range(counts.pop())) - set(owners)
    assert not missing, f"no bot runs shard(s) {sorted(missing)}: their servers would get no answers"
    assert owners[0], "direct messages come on shard 0"


def test_rest_goes_through_the_proxy_service():
    services = compose()["services"]
    for name, service in bots().items():
        base = urlsplit(environment(service)["DISCORD_API_BASE"])
        assert base.hostname in services, f"{name}'s DISCORD_API_BASE names no service: {base.hostname}"
        proxy = services[base.hostname]
        assert "nirn-proxy" in proxy["image"] and ":" in proxy["image"].rsplit("/", 1)[-1], proxy["image"]
        listens = int((proxy.get("environment") or {}).get("PORT", 8080))  # nirn-proxy's PORT, 8080 by default
        assert base.port == listens, f"{name} calls port {base.port}, the proxy listens on {listens}"
        assert base.path == "/api/v10", base.path  # discord.py's API version, which the proxy passes on
        assert base.hostname in service["depends_on"], name
    assert not proxy.get("ports"), "the proxy speaks plain HTTP to anyone: keep it off the host's ports"


def test_the_bots_share_the_postgresql_service_and_wait_until_it_answers():
    services = compose()["services"]
    for name, service in bots().items():
        url = urlsplit(str(settings(service).database))
        assert url.scheme == "postgresql", f"{name} would keep progress in its own SQLite file"
        db = services[url.hostname]
        db_env = {k: interpolate(str(v), OPERATOR_ENV) for k, v in db["environment"].items()}
        assert (url.username, url.password, url.path.strip("/")) == (
            db_env["POSTGRES_USER"], db_env["POSTGRES_PASSWORD"], db_env["POSTGRES_DB"])
        assert service["depends_on"][url.hostname] == {"condition": "service_healthy"}, name
        assert service.get("restart") in ("always", "unless-stopped"), name
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


def test_postgresqls_data_is_on_a_named_volume_where_the_image_keeps_it():
    """Mounted elsewhere, the data lands in an anonymous volume that a re-created container does not reuse."""
    db = next(s for s in compose()["services"].values() if s.get("image", "").startswith("postgres:"))
    major = int(re.match(r"postgres:(\d+)", db["image"]).group(1))
    data = "/var/lib/postgresql" if major >= 18 else "/var/lib/postgresql/data"  # the image's VOLUME
    named = [v.split(":")[0] for v in db["volumes"] if v.split(":")[1] == data]
    assert named and named[0] in compose()["volumes"], db["volumes"]


def test_each_bot_can_write_the_heartbeat_its_health_check_reads():
    """The image's user writes only the folders the Dockerfile gives it, the temporary folder, and a tmpfs
    (world-writable): with the heartbeat anywhere else, the container is never healthy."""
    steps = dockerfile()
    user = [rest for word, rest in steps if word == "USER"][-1]
    workdir = [rest for word, rest in steps if word == "WORKDIR"][-1]
    owned = [PurePosixPath(p) for word, rest in steps if word == "RUN"
             for chown in re.findall(rf"chown (?:-R )?{user}(?::{user})? ([^&]+)", rest) for p in chown.split()]
    for name, service in bots().items():
        beat = PurePosixPath(workdir) / PurePosixPath(Path(heartbeat_path(settings(service))).as_posix())
        writable = owned + [PurePosixPath("/tmp")] + [PurePosixPath(t.split(":")[0]) for t in service.get("tmpfs", [])]
        assert any(beat.parent == w or w in beat.parents for w in writable), \
            f"{name} writes its heartbeat to {beat}, which user {user} cannot create"


def test_readme_runs_the_compose_example_with_the_proxy():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"\n## Running at scale\n(.+?)\n## ", text, re.S)
    assert section, "README has no 'Running at scale' section"
    section = section.group(1)
    assert re.search(r"```sh\n(?:.*\n)*?docker compose up -d\n", section), "README does not start compose.yaml"
    for service in bots().values():
        assert f"`{environment(service)['DISCORD_API_BASE']}`" in section
    assert {"TUTOR_SHARD_COUNT", "TUTOR_SHARD_IDS"} <= set(re.findall(r"TUTOR_[A-Z_]+", section))
    for command in re.findall(r"docker compose ([^`\n#>]+)", section):  # in a block or inline, up to # or >
        verb, *args = shlex.split(command)
        named = [arg for arg in args if not arg.startswith("-")]
        for name in named[:1] if verb in ("exec", "run") else named:  # exec's others are the command's
            assert name in compose()["services"], f"README's `docker compose {command}` names no service"
