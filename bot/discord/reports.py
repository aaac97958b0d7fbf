"""Learners' reports on Discord: the "Report a problem" button under an answer's feedback (rp:, listed in
routes.py), its form (rpf:: a reason picked from a list, optional words, whether to be told when it is fixed),
the moderators' queue (/content reports, resolve, dismiss: the commands are in cogs/moderation.py) and the DM
that tells a reporter their item was fixed.

The button and the form carry the item (its kind and id) and the language the learner saw it in, so they work
after a restart; the service stores the report with the course version in service."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import discord

from bot.domain import limits as L
from bot.domain.catalog import Catalog
from bot.domain.reports import REASONS, BadReport, ItemRef, ItemReports
from bot.i18n import excerpt, plural, t
from bot.services.reports import Closing, Scope

from .buttons import StatefulButton
from .errors import SILENT, quoted
from .posting import posting
from .text import fit

_ITEM = re.compile(r"(?P<kind>question|term|quote):(?P<id>[a-z0-9-]{1,40}):(?P<lang>en|es)")
ITEMS_SHOWN = 10  # items per /content reports reply (a field each); the rest are counted
NOTES_SHOWN = 3  # the learners' words shown per item
NO, YES = "no", "yes"


def report_button(item: ItemRef, lang: str, row: int | None = None) -> StatefulButton:
    """The button under a feedback: opens the report form for `item`, seen in `lang`."""
    return StatefulButton(custom_id=f"rp:{item.kind}:{item.id}:{lang}", label=fit(t("report.button", lang), 80),
                          style=discord.ButtonStyle.secondary, emoji="🚩", row=row)


class ReportModal(discord.ui.Modal):
    """The report form; its submission is routed by custom_id to `submit_report` (so it works after a restart)."""

    def is_finished(self) -> bool:
        return True  # nothing waits on it here: discord.py keeps no copy of it (see components.OpenAnswerModal)

    def __init__(self, item: ItemRef, lang: str):
        super().__init__(title=fit(t("report.form_title", lang), 45), custom_id=f"rpf:{item.kind}:{item.id}:{lang}",
                         timeout=None)
        reasons = [discord.SelectOption(label=fit(t(f"report.reason.{r}", lang), 100), value=r) for r in REASONS]
        self.add_item(discord.ui.Label(text=fit(t("report.reason_label", lang), 45),
                                       component=discord.ui.Select(custom_id="reason", options=reasons)))
        self.add_item(discord.ui.Label(text=fit(t("report.note_label", lang), 45), component=discord.ui.TextInput(
            custom_id="note", style=discord.TextStyle.paragraph, required=False, max_length=500)))
        told = [discord.SelectOption(label=t("report.notify_no", lang), value=NO, default=True),
                discord.SelectOption(label=t("report.notify_yes", lang), value=YES)]
        self.add_item(discord.ui.Label(text=fit(t("report.notify_label", lang), 45),
                                       component=discord.ui.Select(custom_id="notify", options=told,
                                                                   required=False)))


def _item(rest: str) -> tuple[ItemRef, str]:
    match = _ITEM.fullmatch(rest)
    if match is None:
        raise BadReport()
    return ItemRef(match["kind"], match["id"]), match["lang"]


async def open_report_form(interaction: discord.Interaction, rest: str) -> None:
    """rp:KIND:ID:LANG: the report form. Anyone who sees the feedback may report (a group's results are public)."""
    item, lang = _item(rest)
    await interaction.response.send_modal(ReportModal(item, lang))


def submitted(data: Any) -> dict[str, Any]:
    """The form's values by input: a text input's text, a select's chosen values (a list)."""
    values: dict[str, Any] = {}
    for top in (data or {}).get("components", []):
        inner = [top["component"]] if isinstance(top.get("component"), dict) else top.get("components", [])
        for c in inner:
            if isinstance(c, dict) and isinstance(c.get("custom_id"), str):
                values[c["custom_id"]] = c.get("values", c.get("value"))
    return values


async def submit_report(interaction: discord.Interaction, rest: str) -> None:
    """rpf:KIND:ID:LANG: the report stored; an ephemeral thank-you."""
    item, lang = _item(rest)
    values = submitted(interaction.data)
    reasons, notify = values.get("reason") or [], values.get("notify") or []
    if not isinstance(reasons, list) or len(reasons) != 1:
        raise BadReport()
    note = values.get("note") if isinstance(values.get("note"), str) else ""
    wants = isinstance(notify, list) and notify == [YES]
    await interaction.client.app.reports.report(  # type: ignore[attr-defined]
        item, interaction.user.id, interaction.guild_id, lang, reasons[0], note, wants)
    await interaction.response.send_message(t("report.thanks_notify" if wants else "report.thanks", lang),
                                            ephemeral=True, allowed_mentions=SILENT)


def item_text(catalog: Catalog, item: ItemRef, lang: str) -> str:
    """The item as a learner knows it ('the question “...”'), or its name when the course no longer has it."""
    text, kind = None, item.kind
    if item.kind == "question" and item.id in catalog.items:
        question = catalog.items[item.id]
        quote = catalog.quotes.get(getattr(question, "quote", None) or "")
        prompt = getattr(question, "prompt", None)
        if quote is not None:  # a who-said-it: its quote names it (its prompt, if any, is the same for many)
            text, kind = quote.text_in(lang)[0], "who_said"
        elif prompt is not None:
            text = prompt.get(lang)
    elif item.kind == "term" and item.id in catalog.glossary:
        text = catalog.glossary[item.id].term.get(lang)
    elif item.kind == "quote" and item.id in catalog.quotes:
        text = catalog.quotes[item.id].text_in(lang)[0]
    return t(f"report.kind.{kind}", lang, text=excerpt(text, 80)) if text else item.key


def queue_embed(groups: list[ItemReports], scope: Scope, lang: str) -> discord.Embed:
    """The open reports by item: count, reasons, the learners' words, and the item's file:line."""
    head = t("reports.scope_all" if scope.everywhere else "reports.scope_guild", lang)
    embed = discord.Embed(title=t("reports.title", lang), colour=0xC9A227,
                          description=fit(head + "\n" + (t("reports.how", lang) if groups
                                                         else t("reports.empty", lang)), L.EMBED_DESCRIPTION))
    for g in groups[:ITEMS_SHOWN]:
        reasons = ", ".join(f"{t(f'report.reason.{r}', lang)} ×{n}" for r, n in g.reasons)
        lines = [t("reports.where", lang, where=f"`{g.where}`") if g.where else t("reports.gone", lang),
                 t("reports.reasons", lang, reasons=reasons)]
        if g.flagged:
            lines.append(t("reports.flags", lang, flags=", ".join(t(f"stats.flag.{f}", lang) for f in g.flagged)))
        lines += [f"> {quoted(note)}" for note in g.notes[:NOTES_SHOWN]]
        embed.add_field(name=fit(f"{g.item.key} · {plural('n.reports', lang, g.count)}", L.EMBED_FIELD_NAME),
                        value=fit("\n".join(lines), L.EMBED_FIELD_VALUE), inline=False)
    if len(groups) > ITEMS_SHOWN:
        embed.set_footer(text=t("reports.more", lang, count=len(groups) - ITEMS_SHOWN))
    return embed


def closing_text(closing: Closing, lang: str) -> str:
    reports = plural("n.reports", lang, closing.closed)
    if closing.status == "resolved":
        return t("reports.resolved", lang, item=closing.item.key, reports=reports, told=closing.told,
                 not_told=closing.not_told)
    return t("reports.dismissed", lang, item=closing.item.key, reports=reports)


class DiscordReportNotifier:
    """The `ReportNotifier` port: a DM to the reporter, in the language they reported in. Discord's 50007 (their
    DMs are closed to the bot) is PostRefused('dms_closed') (bot.discord.posting); the service does not retry."""

    def __init__(self, client: discord.Client, catalog: Callable[[], Catalog]):
        self.client = client
        self.catalog = catalog

    async def tell_fixed(self, user_id: int, lang: str, item: ItemRef, note: str) -> None:
        lines = [t("report.dm", lang, item=item_text(self.catalog(), item, lang))]
        if note:
            lines.append(t("report.dm_note", lang, note=quoted(note)))
        channel = await posting(self.client.create_dm(discord.Object(id=user_id)))
        await posting(channel.send(fit("\n".join(lines), L.MESSAGE_CONTENT), allowed_mentions=SILENT))
