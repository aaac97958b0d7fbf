import pytest

from bot.domain.errors import NotModerator

GUILD, ROLE = 1, 77


async def test_manage_server_or_the_chosen_role_moderates(app):
    guilds = app.guilds
    await guilds.require_moderator(GUILD, True, [])
    with pytest.raises(NotModerator):
        await guilds.require_moderator(GUILD, False, [ROLE])
    await guilds.set_moderator_role(GUILD, ROLE)
    await guilds.require_moderator(GUILD, False, [5, ROLE])
    with pytest.raises(NotModerator):
        await guilds.require_moderator(GUILD + 1, False, [ROLE])  # another server's role means nothing here
    with pytest.raises(NotModerator):
        await guilds.require_moderator(None, True, [])  # never outside a server
    await guilds.set_moderator_role(GUILD, None)
    with pytest.raises(NotModerator):
        await guilds.require_moderator(GUILD, False, [ROLE])


async def test_the_role_is_kept_in_the_database(app):
    await app.guilds.set_moderator_role(GUILD, ROLE)
    assert await app.guilds.repo.moderator_role(GUILD) == ROLE
