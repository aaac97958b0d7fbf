"""Cross-file checks: unique ids, and every reference pointing at something that exists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.content.errors import ContentError, Msg, msg

if TYPE_CHECKING:
    from bot.content.loader import Loaded



def check_references(loaded: dict[str, list[Loaded]], invalid: dict[str, set[str]] | None = None,
                     ) -> list[ContentError]:
    """Unique ids and resolvable references. Ids in `invalid` (items that failed validation, already
    reported) count as existing, so one broken topic does not cascade into an error per reference."""
    invalid = invalid or {}
    errors: list[ContentError] = []
    ids: dict[str, dict[str, Loaded]] = {}
    for kind, entries in loaded.items():
        seen: dict[str, Loaded] = {}
        for entry in entries:
            ident = getattr(entry.item, "id", None)
            if kind == "course":
                if len(entries) > 1:
                    errors.append(_at(entry, (), msg("problem.second_course")))
                continue
            if ident in seen:
                first = seen[ident]
                where = f"{first.file}:{first.doc.line_of(first.path + ('id',))}"
                errors.append(_at(entry, ("id",), _about(kind, ident, msg("problem.duplicate_id", where=where))))
            else:
                seen[ident] = entry
        ids[kind] = seen

    def need(owner: str, entry: Loaded, field: str, kind: str, values: list[str] | str | None) -> None:
        if values is None:
            return
        values = [values] if isinstance(values, str) else values
        for i, value in enumerate(values):
            if value not in ids[kind] and value not in invalid.get(kind, ()):
                path = (field,) if isinstance(getattr(entry.item, field), str) else (field, i)
                errors.append(_at(entry, path, _about(owner, entry.item.id, msg(
                    "problem.unknown_reference", kind=msg(f"problem.kind.{kind}"), value=value, field=field,
                    hint=_hint(value, ids[kind])))))

    for kind in ("topics", "quotes", "quizzes", "glossary", "timeline"):
        for entry in loaded[kind]:
            item = entry.item
            need(kind, entry, "sources", "sources", item.sources)
            if kind == "topics":
                need(kind, entry, "related", "topics", item.related)
                need(kind, entry, "key_terms", "glossary", item.key_terms)
                need(kind, entry, "key_quotes", "quotes", item.key_quotes)
            else:
                need(kind, entry, "topics", "topics", item.topics)
            if kind == "quizzes" and item.type == "who_said":
                need(kind, entry, "quote", "quotes", item.quote)
                quote = ids["quotes"].get(item.quote)
                if quote and item.choices[item.answer_index] != quote.item.speaker:
                    errors.append(_at(entry, ("answer",), _about(kind, item.id, msg(
                        "problem.not_the_speaker", answer=item.choices[item.answer_index], quote=item.quote,
                        speaker=quote.item.speaker))))
    return errors


def _hint(value: str, known: dict[str, object]) -> Msg | str:
    import difflib

    close = difflib.get_close_matches(value, list(known), n=1)
    return msg("problem.did_you_mean", id=close[0]) if close else ""


def _about(kind: str, ident: str, problem: Msg) -> Msg:
    """`problem`, said of the item `ident` of `kind` ("topic 'x': ...")."""
    label = msg("problem.named", kind=msg(f"problem.kind.{kind}"), id=ident)
    return msg("problem.labelled", label=label, problem=problem)


def _at(entry: Loaded, path: tuple, problem: Msg) -> ContentError:
    return ContentError(entry.file, entry.doc.line_of(entry.path + path), problem)
