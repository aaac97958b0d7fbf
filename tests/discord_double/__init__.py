"""A loopback Discord for testing discord.py bots: gateway + REST on 127.0.0.1, no internet.

Tour::

    from tests.discord_double import DiscordDouble, Upload
    from tests.discord_double.discordpy import client_kwargs, running_client

    async with DiscordDouble(ack_window=3.0) as double:       # or the `discord_double` fixture
        client = MyBot(**client_kwargs())                      # guild_ready_timeout=0.05, AllowedMentions.none()
        async with running_client(double, client):             # sets Route.BASE / DEFAULT_GATEWAY, restores them
            await double.wait_for_sync()
            it = await double.slash("quiz start", {"topic": "algebra"})
            msg = await it.response_message()
            click = await double.click(msg, "quiz:answer:1")
            assert (await click.reply()).type == 7             # UPDATE_MESSAGE
        double.assert_no_mass_mentions()

Sharded bots (``AutoShardedClient``, or a Client with ``shard_id``/``shard_count``) get one session per shard;
each server's events go to shard ``(guild_id >> 22) % n``, DMs to shard 0 (shards.py)::

    double = DiscordDouble(recommended_shards=2)                 # GET /gateway/bot's "shards"
    ...start the bot...
    await double.wait_for_shards(2)
    double.shard_of(guild), double.identifies(1), double.live_connection(shard=1)

Direct messages: ``POST /users/@me/channels`` opens a user's DM channel (``double.dm_channel(user)``), where the
bot posts and reads history as in any channel; ``double.add_user(name, dms_open=False)`` is a user whose privacy
settings refuse the bot's DMs (403, code 50007, in ``double.refused_dms(user)``). ``slash(..., guild=None)`` and a
click on a DM message come from the DM (a ``user``, no ``member``, context 1)::

    quiet = double.add_user("quiet", dms_open=False)
    await client.create_dm(discord.Object(quiet.id))          # opens
    await dm.send("hi")                                      # discord.Forbidden, .code == 50007
    double.dm_messages(user), double.refused_dms(quiet)

discord.py quirks the double relies on or works around (2.7.1):

* Endpoints are class attributes: ``discord.http.Route.BASE`` (REST and interaction webhooks) and
  ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`` (a ``yarl.URL``; first connection and after an
  INVALID_SESSION). Set both before ``client.start``; resumes use READY's ``resume_gateway_url``.
* ``json_or_text`` parses a body only if Content-Type is exactly ``application/json``.
* The URL always asks for ``compress=zlib-stream`` (``zstd-stream`` if a zstd module is importable), but
  text frames are read as-is; the double sends text unless ``honour_compression=True``.
* ``on_ready`` fires ``guild_ready_timeout`` (default 2 s) after the last GUILD_CREATE: pass a small value.
* ``Client.before_identify_hook`` sleeps 5 s before every IDENTIFY but the first (e.g. after
  INVALID_SESSION, or each shard after the first): override it in tests that re-identify or shard
  (``discordpy.NoIdentifyWait``).
* A 429 without a ``Via`` header is treated as a Cloudflare ban (HTTPException, no retry); the double sets
  it. 500/502/504 are retried after sleeping 1 s, 3 s, ... so 500 faults cost real time.
* Interaction payloads need ``attachment_size_limit``; callbacks are sent with ``?with_response=1`` and the
  answer must be ``{"interaction": {...}, "resource": {...}}``; views sent in a response are bound to
  ``interaction.response_message_id``, so clicks must carry that message.
* Without ``allowed_mentions`` on the Client (or per message) payloads carry none, and Discord then parses
  @everyone/@here and role mentions in the content.

Modules: state (world + payloads), validation (Discord's limits, 50035 errors), gateway (websocket),
shards (which session gets a dispatch; the shard helpers), rest (HTTP routes), interactions
(INTERACTION_CREATE payloads + handles), driver (slash/click/select/submit_modal), double (the server
object and the rest of the driver API), discordpy (in-process client helpers), process (bot subprocess),
fixtures (pytest).
"""

from .double import CommandRegistry, DiscordDouble, Sent
from .interactions import Callback, Interaction, OptionError
from .process import BotProcess
from .state import Channel, Guild, Member, Message, Perm, Role, StoredFile, Upload, User, effective_pings

__all__ = [
    "BotProcess",
    "Callback",
    "Channel",
    "CommandRegistry",
    "DiscordDouble",
    "Guild",
    "Interaction",
    "Member",
    "Message",
    "OptionError",
    "Perm",
    "Role",
    "Sent",
    "StoredFile",
    "Upload",
    "User",
    "effective_pings",
]
