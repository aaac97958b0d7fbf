"""Who may change the course every server shares: operators anywhere, moderators only in the home server."""

import pytest

from bot.domain.errors import CourseOperatorsOnly, NotModerator
from bot.services.operators import CourseEditors

HOME, OTHER = 1, 2
OWNER, LISTED, MOD, MEMBER = 10, 11, 12, 13
ROLE = 77


async def test_a_moderator_of_another_server_is_refused_and_an_operator_is_not(app):
    editors = CourseEditors(app.guilds, operator_ids=[LISTED], home_guild_id=HOME)
    editors.set_owners([OWNER])
    with pytest.raises(CourseOperatorsOnly):
        await editors.require_editor(MOD, OTHER, True, [])  # Manage Server there means nothing for the course
    await editors.require_editor(MOD, HOME, True, [])  # the home server's moderators may
    await app.guilds.set_moderator_role(HOME, ROLE)
    await editors.require_editor(MOD, HOME, False, [ROLE])  # its moderator role counts too
    with pytest.raises(NotModerator):
        await editors.require_editor(MEMBER, HOME, False, [])  # not a moderator at all: refused as ever
    with pytest.raises(CourseOperatorsOnly):  # elsewhere everyone refused hears who may change the course
        await editors.require_editor(MEMBER, OTHER, False, [])
    for operator in (OWNER, LISTED):  # operators, wherever they are, moderators there or not
        await editors.require_editor(operator, OTHER, False, [])
        await editors.require_editor(operator, HOME, False, [])


async def test_without_a_home_server_only_operators_edit(app):
    editors = CourseEditors(app.guilds)
    with pytest.raises(CourseOperatorsOnly):
        await editors.require_editor(OWNER, HOME, True, [])  # the owners are not known yet: nobody is one
    editors.set_owners([OWNER])
    await editors.require_editor(OWNER, OTHER, False, [])
    for guild in (HOME, OTHER):
        with pytest.raises(CourseOperatorsOnly):
            await editors.require_editor(MOD, guild, True, [])
    assert not editors.is_operator(MOD) and editors.is_operator(OWNER)
