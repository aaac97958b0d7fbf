"""Discord's limits on what a bot sends, checked the way Discord checks them.

Every validator adds to a :class:`FormErrors` tree; a non-empty tree becomes a 400 response with code
50035 ("Invalid Form Body") whose ``errors`` object names the offending field, e.g.
``{"embeds": {"0": {"title": {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", ...}]}}}}``.
discord.py flattens that into ``HTTPException.text`` as ``In embeds.0.title: Must be 256 or fewer ...``.
"""

from __future__ import annotations

import re
from typing import Any

Path = tuple[str | int, ...]

LOCALES = frozenset(
    [
        "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl", "no", "pl",
        "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th", "zh-CN", "ja",
        "zh-TW", "ko",
    ]
)

# Discord: ^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$ ; \w covers letters, digits and underscore.
COMMAND_NAME_RE = re.compile(r"^[-_'\w\u0900-\u097F\u0E00-\u0E7F]{1,32}$")

MESSAGE_CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TOTAL_MAX = 6000
ACTION_ROWS_MAX = 5
V2_COMPONENTS_MAX = 40
SELECT_TYPES = (3, 5, 6, 7, 8)
FLAG_COMPONENTS_V2 = 1 << 15


class FormErrors:
    """Discord's nested error object, built up path by path."""

    def __init__(self) -> None:
        self.tree: dict[str, Any] = {}
        self.flat: list[tuple[str, str, str]] = []  # (dotted path, code, message)

    def __bool__(self) -> bool:
        return bool(self.flat)

    def add(self, path: Path, code: str, message: str) -> None:
        node = self.tree
        for part in path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})
        self.flat.append((".".join(str(p) for p in path), code, message))

    def __repr__(self) -> str:
        return "; ".join(f"{p or '<root>'}: {m}" for p, _, m in self.flat)


def check_str(
    errs: FormErrors,
    path: Path,
    value: Any,
    *,
    max_len: int,
    min_len: int = 0,
    required: bool = False,
) -> None:
    if value is None:
        if required:
            errs.add(path, "BASE_TYPE_REQUIRED", "This field is required")
        return
    if not isinstance(value, str):
        errs.add(path, "BASE_TYPE_STRING", f'Could not interpret "{value!r}" as string.')
        return
    if min_len and not (min_len <= len(value) <= max_len):
        errs.add(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {min_len} and {max_len} in length.")
    elif len(value) > max_len:
        errs.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {max_len} or fewer in length.")


def check_list(errs: FormErrors, path: Path, value: Any, *, max_len: int, min_len: int = 0) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        errs.add(path, "BASE_TYPE_ARRAY", "Must be an array.")
        return []
    if len(value) > max_len:
        errs.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {max_len} or fewer in length.")
    elif len(value) < min_len:
        errs.add(path, "BASE_TYPE_MIN_LENGTH", f"Must be {min_len} or more in length.")
    return value


def check_int(errs: FormErrors, path: Path, value: Any, *, lo: int, hi: int) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not (lo <= value <= hi):
        errs.add(path, "NUMBER_TYPE_MAX" if isinstance(value, int) else "NUMBER_TYPE_COERCE",
                 f"int value should be between {lo} and {hi}.")


# ----------------------------------------------------------------------------------------------- embeds
def validate_embeds(errs: FormErrors, path: Path, embeds: Any) -> None:
    embeds = check_list(errs, path, embeds, max_len=EMBEDS_MAX)
    total = 0
    for i, embed in enumerate(embeds):
        p = (*path, i)
        if not isinstance(embed, dict):
            errs.add(p, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
            continue
        check_str(errs, (*p, "title"), embed.get("title"), max_len=256)
        check_str(errs, (*p, "description"), embed.get("description"), max_len=4096)
        check_int(errs, (*p, "color"), embed.get("color"), lo=0, hi=0xFFFFFF)
        fields = check_list(errs, (*p, "fields"), embed.get("fields"), max_len=25)
        for j, f in enumerate(fields):
            check_str(errs, (*p, "fields", j, "name"), f.get("name"), min_len=1, max_len=256, required=True)
            check_str(errs, (*p, "fields", j, "value"), f.get("value"), min_len=1, max_len=1024, required=True)
            total += len(f.get("name") or "") + len(f.get("value") or "")
        footer = embed.get("footer")
        if footer is not None:
            check_str(errs, (*p, "footer", "text"), footer.get("text"), min_len=1, max_len=2048, required=True)
            total += len(footer.get("text") or "")
        author = embed.get("author")
        if author is not None:
            check_str(errs, (*p, "author", "name"), author.get("name"), min_len=1, max_len=256, required=True)
            total += len(author.get("name") or "")
        total += len(embed.get("title") or "") + len(embed.get("description") or "")
    if total > EMBED_TOTAL_MAX:
        errs.add(path, "MAX_EMBED_SIZE_EXCEEDED", f"Embed size exceeds maximum size of {EMBED_TOTAL_MAX}")


# ------------------------------------------------------------------------------------------- components
class _ComponentContext:
    def __init__(self, errs: FormErrors) -> None:
        self.errs = errs
        self.custom_ids: dict[str, Path] = {}
        self.count = 0
        self.text_total = 0

    def custom_id(self, path: Path, value: Any, *, required: bool = True) -> None:
        check_str(self.errs, (*path, "custom_id"), value, min_len=1, max_len=100, required=required)
        if isinstance(value, str):
            if value in self.custom_ids:
                self.errs.add((*path, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED",
                              "Component custom id cannot be duplicated")
            self.custom_ids[value] = path


def _validate_button(ctx: _ComponentContext, path: Path, c: dict[str, Any]) -> None:
    style = c.get("style")
    if style not in (1, 2, 3, 4, 5, 6):
        ctx.errs.add((*path, "style"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6}.")
        return
    check_str(ctx.errs, (*path, "label"), c.get("label"), max_len=80)
    if style == 5:
        check_str(ctx.errs, (*path, "url"), c.get("url"), min_len=1, max_len=512, required=True)
        if "custom_id" in c:
            ctx.errs.add((*path, "custom_id"), "BUTTON_COMPONENT_LINK_WITH_CUSTOM_ID",
                         "A link button cannot have a custom id")
    elif style == 6:
        if not c.get("sku_id"):
            ctx.errs.add((*path, "sku_id"), "BASE_TYPE_REQUIRED", "This field is required")
    else:
        ctx.custom_id(path, c.get("custom_id"))
    if style != 6 and not c.get("label") and not c.get("emoji"):
        ctx.errs.add(path, "BUTTON_COMPONENT_INVALID", "A button needs a label or an emoji")


def _validate_select(ctx: _ComponentContext, path: Path, c: dict[str, Any]) -> None:
    errs = ctx.errs
    ctx.custom_id(path, c.get("custom_id"))
    check_str(errs, (*path, "placeholder"), c.get("placeholder"), max_len=150)
    check_int(errs, (*path, "min_values"), c.get("min_values"), lo=0, hi=25)
    check_int(errs, (*path, "max_values"), c.get("max_values"), lo=1, hi=25)
    if c.get("type") == 3:
        options = check_list(errs, (*path, "options"), c.get("options"), min_len=1, max_len=25)
        if c.get("options") is None:
            errs.add((*path, "options"), "BASE_TYPE_REQUIRED", "This field is required")
        seen: set[str] = set()
        for i, o in enumerate(options):
            check_str(errs, (*path, "options", i, "label"), o.get("label"), min_len=1, max_len=100, required=True)
            check_str(errs, (*path, "options", i, "value"), o.get("value"), min_len=1, max_len=100, required=True)
            check_str(errs, (*path, "options", i, "description"), o.get("description"), max_len=100)
            if o.get("value") in seen:
                errs.add((*path, "options", i, "value"), "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED",
                         "Select component option values must be unique")
            seen.add(o.get("value"))
        max_values = c.get("max_values", 1)
        if isinstance(max_values, int) and options and max_values > len(options):
            errs.add((*path, "max_values"), "SELECT_COMPONENT_MAX_VALUES_TOO_HIGH",
                     "max_values cannot exceed the number of options")
    lo, hi = c.get("min_values", 1), c.get("max_values", 1)
    if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
        errs.add((*path, "min_values"), "SELECT_COMPONENT_MIN_GREATER_THAN_MAX",
                 "min_values cannot be greater than max_values")


def _validate_text_input(ctx: _ComponentContext, path: Path, c: dict[str, Any], *, labelled: bool) -> None:
    errs = ctx.errs
    ctx.custom_id(path, c.get("custom_id"))
    if c.get("style") not in (1, 2):
        errs.add((*path, "style"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2}.")
    check_str(errs, (*path, "label"), c.get("label"), min_len=1, max_len=45, required=not labelled)
    check_str(errs, (*path, "placeholder"), c.get("placeholder"), max_len=100)
    check_str(errs, (*path, "value"), c.get("value"), max_len=4000)
    check_int(errs, (*path, "min_length"), c.get("min_length"), lo=0, hi=4000)
    check_int(errs, (*path, "max_length"), c.get("max_length"), lo=1, hi=4000)


def _validate_component(ctx: _ComponentContext, path: Path, c: Any, *, where: str) -> None:
    """where: 'message', 'message_v2' or 'modal'."""
    errs = ctx.errs
    if not isinstance(c, dict):
        errs.add(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
        return
    ctx.count += 1
    kind = c.get("type")
    if kind == 1:
        children = check_list(errs, (*path, "components"), c.get("components"), min_len=1, max_len=5)
        if c.get("components") is None:
            errs.add((*path, "components"), "BASE_TYPE_REQUIRED", "This field is required")
        kinds = [ch.get("type") for ch in children if isinstance(ch, dict)]
        if any(k in SELECT_TYPES or k == 4 for k in kinds) and len(kinds) > 1:
            errs.add((*path, "components"), "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                     "The specified component exceeds the maximum width")
        for i, ch in enumerate(children):
            _validate_component(ctx, (*path, "components", i), ch, where=where)
    elif kind == 2 and where != "modal":
        _validate_button(ctx, path, c)
    elif kind in SELECT_TYPES:
        _validate_select(ctx, path, c)
    elif kind == 4 and where == "modal":
        _validate_text_input(ctx, path, c, labelled=False)
    elif kind == 18 and where == "modal":
        check_str(errs, (*path, "label"), c.get("label"), min_len=1, max_len=45, required=True)
        check_str(errs, (*path, "description"), c.get("description"), max_len=100)
        inner = c.get("component")
        if not isinstance(inner, dict):
            errs.add((*path, "component"), "BASE_TYPE_REQUIRED", "This field is required")
        elif inner.get("type") == 4:
            ctx.count += 1
            _validate_text_input(ctx, (*path, "component"), inner, labelled=True)
        else:
            _validate_component(ctx, (*path, "component"), inner, where=where)
    elif kind == 10 and where in ("message_v2", "modal"):
        check_str(errs, (*path, "content"), c.get("content"), min_len=1, max_len=4000, required=True)
        ctx.text_total += len(c.get("content") or "")
    elif kind in (9, 11, 12, 13, 14, 17) and where == "message_v2":
        for i, ch in enumerate(check_list(errs, (*path, "components"), c.get("components"), max_len=40)):
            _validate_component(ctx, (*path, "components", i), ch, where=where)
        if isinstance(c.get("accessory"), dict):
            _validate_component(ctx, (*path, "accessory"), c["accessory"], where=where)
    else:
        errs.add((*path, "type"), "UNION_TYPE_CHOICES", f"Value of field \"type\" must be one of the allowed "
                 f"component types here ({where}); got {kind!r}.")


def validate_components(errs: FormErrors, path: Path, components: Any, *, v2: bool = False) -> None:
    ctx = _ComponentContext(errs)
    where = "message_v2" if v2 else "message"
    top = check_list(errs, path, components, max_len=V2_COMPONENTS_MAX if v2 else ACTION_ROWS_MAX)
    for i, c in enumerate(top):
        if not v2 and isinstance(c, dict) and c.get("type") != 1:
            errs.add((*path, i, "type"), "UNION_TYPE_CHOICES", "Top-level components must be action rows")
            continue
        _validate_component(ctx, (*path, i), c, where=where)
    if v2 and ctx.count > V2_COMPONENTS_MAX:
        errs.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {V2_COMPONENTS_MAX} or fewer in length.")
    if v2 and ctx.text_total > 4000:
        errs.add(path, "COMPONENT_TEXT_TOTAL_EXCEEDED", "Total text in components must be 4000 or fewer")


# ---------------------------------------------------------------------------------------------- messages
def validate_allowed_mentions(errs: FormErrors, path: Path, am: Any) -> None:
    if am is None:
        return
    if not isinstance(am, dict):
        errs.add(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
        return
    parse = am.get("parse") or []
    for i, item in enumerate(parse):
        if item not in ("users", "roles", "everyone"):
            errs.add((*path, "parse", i), "BASE_TYPE_CHOICES", "Value must be one of ('roles', 'users', 'everyone').")
    for kind in ("users", "roles"):
        if kind in parse and am.get(kind):
            errs.add((*path, "parse"), "ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                     f'parse:["{kind}"] and {kind}: [ids...] are mutually exclusive.')
        check_list(errs, (*path, kind), am.get(kind), max_len=100)


def validate_message(errs: FormErrors, path: Path, payload: dict[str, Any]) -> None:
    """Content, embeds, components, allowed_mentions and attachments of a message create/edit payload."""
    check_str(errs, (*path, "content"), payload.get("content"), max_len=MESSAGE_CONTENT_MAX)
    if "embeds" in payload:
        validate_embeds(errs, (*path, "embeds"), payload.get("embeds"))
    v2 = bool((payload.get("flags") or 0) & FLAG_COMPONENTS_V2)
    if "components" in payload:
        validate_components(errs, (*path, "components"), payload.get("components"), v2=v2)
    if v2 and (payload.get("content") or payload.get("embeds")):
        errs.add((*path, "content"), "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
                 "The 'content' and 'embeds' fields cannot be used when using MessageFlags.IS_COMPONENTS_V2")
    validate_allowed_mentions(errs, (*path, "allowed_mentions"), payload.get("allowed_mentions"))
    check_list(errs, (*path, "attachments"), payload.get("attachments"), max_len=10)
    if payload.get("poll") is not None:
        poll = payload["poll"]
        check_str(errs, (*path, "poll", "question", "text"), (poll.get("question") or {}).get("text"),
                  min_len=1, max_len=300, required=True)
        check_list(errs, (*path, "poll", "answers"), poll.get("answers"), min_len=1, max_len=10)


def validate_modal(errs: FormErrors, path: Path, data: dict[str, Any]) -> None:
    check_str(errs, (*path, "title"), data.get("title"), min_len=1, max_len=45, required=True)
    ctx = _ComponentContext(errs)
    ctx.custom_id(path, data.get("custom_id"))
    ctx.custom_ids.clear()  # the modal's own id does not clash with its inputs'
    comps = check_list(errs, (*path, "components"), data.get("components"), min_len=1, max_len=5)
    if data.get("components") is None:
        errs.add((*path, "components"), "BASE_TYPE_REQUIRED", "This field is required")
    for i, c in enumerate(comps):
        if isinstance(c, dict) and c.get("type") not in (1, 10, 18):
            errs.add((*path, "components", i, "type"), "UNION_TYPE_CHOICES",
                     "Modal top-level components must be action rows, labels or text displays")
            continue
        _validate_component(ctx, (*path, "components", i), c, where="modal")


def validate_autocomplete(errs: FormErrors, path: Path, data: dict[str, Any]) -> None:
    choices = check_list(errs, (*path, "choices"), data.get("choices"), max_len=25)
    if data.get("choices") is None:
        errs.add((*path, "choices"), "BASE_TYPE_REQUIRED", "This field is required")
    for i, ch in enumerate(choices):
        _validate_choice(errs, (*path, "choices", i), ch)


# ---------------------------------------------------------------------------------------------- commands
def _validate_choice(errs: FormErrors, path: Path, choice: Any) -> None:
    if not isinstance(choice, dict):
        errs.add(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
        return
    check_str(errs, (*path, "name"), choice.get("name"), min_len=1, max_len=100, required=True)
    value = choice.get("value")
    if value is None:
        errs.add((*path, "value"), "BASE_TYPE_REQUIRED", "This field is required")
    elif isinstance(value, str):
        check_str(errs, (*path, "value"), value, max_len=100)
    _validate_localizations(errs, (*path, "name_localizations"), choice.get("name_localizations"),
                            min_len=1, max_len=100)


def _validate_name(errs: FormErrors, path: Path, name: Any, *, chat_input: bool) -> None:
    if not chat_input:
        check_str(errs, path, name, min_len=1, max_len=32, required=True)
        return
    if not isinstance(name, str):
        check_str(errs, path, name, min_len=1, max_len=32, required=True)
    elif not COMMAND_NAME_RE.match(name) or name != name.lower():
        errs.add(path, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")


def _validate_localizations(
    errs: FormErrors, path: Path, locs: Any, *, min_len: int, max_len: int, name_rule: bool = False
) -> None:
    if locs is None:
        return
    if not isinstance(locs, dict):
        errs.add(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
        return
    for key, value in locs.items():
        if key not in LOCALES:
            errs.add((*path, key), "LOCALE_INVALID", f"Invalid locale {key!r}")
        elif name_rule:
            _validate_name(errs, (*path, key), value, chat_input=True)
        else:
            check_str(errs, (*path, key), value, min_len=min_len, max_len=max_len, required=True)


def _longest(base: Any, locs: Any) -> int:
    values = [base] + list((locs or {}).values())
    return max((len(v) for v in values if isinstance(v, str)), default=0)


def _validate_options(errs: FormErrors, path: Path, options: Any, *, depth: int) -> int:
    """Returns the characters these options contribute to the command's 4000-character budget."""
    options = check_list(errs, path, options, max_len=25)
    size = 0
    names: set[str] = set()
    seen_optional = False
    kinds = {o.get("type") for o in options if isinstance(o, dict)}
    if kinds & {1, 2} and kinds - {1, 2}:
        errs.add(path, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                 "Subcommands and subcommand groups cannot be mixed with other options")
    for i, opt in enumerate(options):
        p = (*path, i)
        if not isinstance(opt, dict):
            errs.add(p, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
            continue
        kind = opt.get("type")
        if kind not in range(1, 12):
            errs.add((*p, "type"), "BASE_TYPE_CHOICES", "Value must be one of 1..11.")
            continue
        _validate_name(errs, (*p, "name"), opt.get("name"), chat_input=True)
        check_str(errs, (*p, "description"), opt.get("description"), min_len=1, max_len=100, required=True)
        _validate_localizations(errs, (*p, "name_localizations"), opt.get("name_localizations"),
                                min_len=1, max_len=32, name_rule=True)
        _validate_localizations(errs, (*p, "description_localizations"), opt.get("description_localizations"),
                                min_len=1, max_len=100)
        if opt.get("name") in names:
            errs.add((*p, "name"), "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS", "Option name already exists")
        names.add(opt.get("name"))
        size += _longest(opt.get("name"), opt.get("name_localizations"))
        size += _longest(opt.get("description"), opt.get("description_localizations"))
        if kind in (1, 2):
            if kind == 2 and depth > 0 or kind == 1 and depth > 1:
                errs.add((*p, "type"), "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Subcommands nested too deep")
            sub = opt.get("options") or []
            if kind == 2 and any(isinstance(s, dict) and s.get("type") != 1 for s in sub):
                errs.add((*p, "options"), "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                         "A subcommand group may only contain subcommands")
            size += _validate_options(errs, (*p, "options"), sub, depth=depth + 1)
            continue
        if opt.get("required"):
            if seen_optional:
                errs.add((*p, "required"), "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                         "Required options must be placed before non-required options")
        else:
            seen_optional = True
        choices = opt.get("choices")
        if choices is not None:
            if kind not in (3, 4, 10):
                errs.add((*p, "choices"), "APPLICATION_COMMAND_OPTION_CHOICES_INVALID",
                         "Choices are only allowed on string, integer and number options")
            if opt.get("autocomplete"):
                errs.add((*p, "autocomplete"), "APPLICATION_COMMAND_AUTOCOMPLETE_CHOICES",
                         "Autocomplete cannot be set with choices")
            for j, ch in enumerate(check_list(errs, (*p, "choices"), choices, max_len=25)):
                _validate_choice(errs, (*p, "choices", j), ch)
                if isinstance(ch, dict):
                    size += _longest(ch.get("name"), ch.get("name_localizations"))
                    size += len(str(ch.get("value", "")))
        check_int(errs, (*p, "min_length"), opt.get("min_length"), lo=0, hi=6000)
        check_int(errs, (*p, "max_length"), opt.get("max_length"), lo=1, hi=6000)
    return size


def validate_command(errs: FormErrors, path: Path, cmd: Any) -> None:
    if not isinstance(cmd, dict):
        errs.add(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
        return
    kind = cmd.get("type", 1)
    if kind not in (1, 2, 3, 4):
        errs.add((*path, "type"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4}.")
        return
    chat_input = kind == 1
    _validate_name(errs, (*path, "name"), cmd.get("name"), chat_input=chat_input)
    _validate_localizations(errs, (*path, "name_localizations"), cmd.get("name_localizations"),
                            min_len=1, max_len=32, name_rule=chat_input)
    if chat_input:
        check_str(errs, (*path, "description"), cmd.get("description"), min_len=1, max_len=100, required=True)
        _validate_localizations(errs, (*path, "description_localizations"), cmd.get("description_localizations"),
                                min_len=1, max_len=100)
        size = _longest(cmd.get("name"), cmd.get("name_localizations"))
        size += _longest(cmd.get("description"), cmd.get("description_localizations"))
        size += _validate_options(errs, (*path, "options"), cmd.get("options"), depth=0)
        if size > 4000:
            errs.add(path, "APPLICATION_COMMAND_TOO_LARGE", "Command exceeds maximum size (4000)")
    else:
        if cmd.get("description") not in (None, ""):
            errs.add((*path, "description"), "APPLICATION_COMMAND_DESCRIPTION_INVALID",
                     "Context menu commands cannot have a description")
        if cmd.get("options"):
            errs.add((*path, "options"), "APPLICATION_COMMAND_OPTIONS_INVALID",
                     "Context menu commands cannot have options")
    perms = cmd.get("default_member_permissions")
    # Discord documents a string of digits and also accepts a non-negative integer (discord.py sends one).
    digits = isinstance(perms, str) and perms.isdigit()
    number = isinstance(perms, int) and not isinstance(perms, bool) and perms >= 0
    if perms is not None and not (digits or number):
        errs.add((*path, "default_member_permissions"), "BASE_TYPE_STRING", "Must be a string of digits")
    for i, ctx in enumerate(cmd.get("contexts") or []):
        if ctx not in (0, 1, 2):
            errs.add((*path, "contexts", i), "BASE_TYPE_CHOICES", "Value must be one of {0, 1, 2}.")
    for i, it in enumerate(cmd.get("integration_types") or []):
        if it not in (0, 1):
            errs.add((*path, "integration_types", i), "BASE_TYPE_CHOICES", "Value must be one of {0, 1}.")


def validate_command_list(errs: FormErrors, commands: Any) -> None:
    """A bulk overwrite (PUT) body: at most 100 chat-input, 5 user and 5 message commands, unique names."""
    if not isinstance(commands, list):
        errs.add((), "BASE_TYPE_ARRAY", "Must be an array.")
        return
    per_type: dict[int, int] = {}
    seen: set[tuple[int, str]] = set()
    for i, cmd in enumerate(commands):
        validate_command(errs, (i,), cmd)
        if isinstance(cmd, dict):
            key = (cmd.get("type", 1), cmd.get("name"))
            if key in seen:
                errs.add((i, "name"), "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique")
            seen.add(key)
            per_type[key[0]] = per_type.get(key[0], 0) + 1
    limits = {1: 100, 2: 5, 3: 5}
    for kind, count in per_type.items():
        if count > limits.get(kind, 100):
            errs.add((), "BASE_TYPE_MAX_LENGTH",
                     f"Must be {limits[kind]} or fewer in length (application command type {kind}).")
