"""Instrument definitions as data: parsing, validation and scoring.

An instrument is a versioned list of items on one scale. Some items are reverse-scored, some are
free text, and a person's score needs a minimum number of answered items. Definitions come from
files (ours, or a pack an organisation loads with its citation), so everything here validates
what it reads and says exactly what is wrong.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from math import isclose

MAX_TEXT_ANSWER = 2000


class InstrumentError(ValueError):
    """A definition or an answer that cannot be accepted; the message says why."""


class ItemKind(StrEnum):
    SCALE = "scale"  # the instrument's scale, e.g. 1-7 agreement
    RECOMMEND = "recommend"  # 0-10 likelihood to recommend (eNPS style)
    TEXT = "text"  # a free-text comment, never scored


class Privacy(StrEnum):
    # Stored with no link to the person: no user key, no time, only the wave and a coarse role.
    ANONYMOUS = "anonymous"
    # Linked to the member so pre/post change and pair flags can be computed, but shown to no
    # one individually: only aggregates at n >= k and flags without who-said-what.
    CONFIDENTIAL = "confidential"


class Audience(StrEnum):
    BOTH = "both"
    MENTORS = "mentors"
    MENTEES = "mentees"


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    kind: ItemKind = ItemKind.SCALE
    reverse: bool = False
    required: bool = False

    @property
    def scored(self) -> bool:
        return self.kind is ItemKind.SCALE


@dataclass(frozen=True)
class Instrument:
    key: str
    version: int
    name: str
    purpose: str
    scale_min: int
    scale_max: int
    scale_labels: tuple[str, str]
    items: tuple[Item, ...]
    min_answered: int
    privacy: Privacy
    audience: Audience
    licence: str
    citation: str = ""
    favourable_from: float | None = None  # a scored answer at or above this is favourable
    flags_pair: bool = False  # a pair pulse: low or falling scores raise a flag to the lead
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def scored_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.scored)

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise InstrumentError(f"{self.name} has no item {key!r}.")

    def bounds(self, item: Item) -> tuple[int, int]:
        if item.kind is ItemKind.RECOMMEND:
            return 0, 10
        return self.scale_min, self.scale_max


def _text(raw: Mapping[str, object], name: str, where: str, *, required: bool = True) -> str:
    value = raw.get(name, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise InstrumentError(f"{where}: '{name}' must be a non-empty text.")
    return value.strip()


def _int(raw: Mapping[str, object], name: str, where: str, default: int | None = None) -> int:
    value = raw.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstrumentError(f"{where}: '{name}' must be a whole number.")
    return value


def _choice[E: StrEnum](raw: Mapping[str, object], name: str, enum: type[E], default: E) -> E:
    value = raw.get(name, default.value)
    try:
        return enum(str(value))
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise InstrumentError(f"'{name}' must be one of: {allowed} (got {value!r}).") from None


def _items(raw_items: object, where: str) -> tuple[Item, ...]:
    if not isinstance(raw_items, list) or not raw_items:
        raise InstrumentError(f"{where}: an instrument needs a list of items.")
    items, seen = [], set()
    for number, raw in enumerate(raw_items, start=1):
        at = f"{where}, item {number}"
        if not isinstance(raw, dict):
            raise InstrumentError(f"{at}: each item is a table with a key and a text.")
        key = _text(raw, "key", at)
        if key in seen:
            raise InstrumentError(f"{at}: the key {key!r} is used twice.")
        seen.add(key)
        kind = _choice(raw, "kind", ItemKind, ItemKind.SCALE)
        items.append(
            Item(
                key=key, text=_text(raw, "text", at), kind=kind, required=bool(raw.get("required"))
            )
        )
    return tuple(items)


def parse_instrument(raw: Mapping[str, object], *, source: str = "definition") -> Instrument:
    """Build an Instrument from a parsed file (a TOML table), or raise InstrumentError."""
    key = _text(raw, "key", source)
    where = f"{source} ({key})"
    items = _items(raw.get("items"), where)
    reverse = raw.get("reverse_items", [])
    if not isinstance(reverse, list) or not all(isinstance(k, str) for k in reverse):
        raise InstrumentError(f"{where}: 'reverse_items' must be a list of item keys.")
    by_key = {item.key: item for item in items}
    for name in reverse:
        if name not in by_key:
            raise InstrumentError(f"{where}: reverse item {name!r} is not an item of this scale.")
        if not by_key[name].scored:
            raise InstrumentError(f"{where}: reverse item {name!r} is not a scale item.")
    items = tuple(
        Item(i.key, i.text, i.kind, reverse=i.key in reverse, required=i.required) for i in items
    )
    scale_min, scale_max = _int(raw, "scale_min", where), _int(raw, "scale_max", where)
    if not 0 <= scale_min < scale_max <= 10:
        raise InstrumentError(f"{where}: the scale must run upwards within 0-10.")
    labels = raw.get("scale_labels", ["Low", "High"])
    if not (
        isinstance(labels, list) and len(labels) == 2 and all(isinstance(x, str) for x in labels)
    ):
        raise InstrumentError(f"{where}: 'scale_labels' names the two ends of the scale.")
    scored = sum(1 for item in items if item.scored)
    min_answered = _int(raw, "min_answered", where, default=scored)
    if scored and not 1 <= min_answered <= scored:
        raise InstrumentError(
            f"{where}: 'min_answered' must be between 1 and the {scored} scale items."
        )
    favourable = raw.get("favourable_from")
    if favourable is not None and not (
        isinstance(favourable, int | float) and scale_min <= favourable <= scale_max
    ):
        raise InstrumentError(f"{where}: 'favourable_from' must lie on the scale.")
    version = _int(raw, "version", where)
    if version < 1:
        raise InstrumentError(f"{where}: 'version' starts at 1.")
    tags = raw.get("tags", [])
    return Instrument(
        key=key,
        version=version,
        name=_text(raw, "name", where),
        purpose=_text(raw, "purpose", where),
        scale_min=scale_min,
        scale_max=scale_max,
        scale_labels=(labels[0], labels[1]),
        items=items,
        min_answered=min_answered if scored else 0,
        privacy=_choice(raw, "privacy", Privacy, Privacy.ANONYMOUS),
        audience=_choice(raw, "audience", Audience, Audience.BOTH),
        licence=_text(raw, "licence", where),
        citation=_text(raw, "citation", where, required=False),
        favourable_from=float(favourable) if favourable is not None else None,
        flags_pair=bool(raw.get("flags_pair", False)),
        tags=tuple(str(t) for t in tags) if isinstance(tags, list) else (),
    )


Answer = int | str | None


def clean_answers(
    instrument: Instrument, raw: Mapping[str, str], *, complete: bool
) -> dict[str, int | str]:
    """Turn submitted form values into answers, rejecting anything off the scale.

    Blank means "skipped". With complete=True the required items and the instrument's minimum
    number of answered scale items must be present; a draft may be partial.
    """
    answers: dict[str, int | str] = {}
    unknown = set(raw) - {item.key for item in instrument.items}
    if unknown:
        raise InstrumentError(f"Unknown question: {sorted(unknown)[0]!r}.")
    for item in instrument.items:
        value = (raw.get(item.key) or "").strip()
        if not value:
            continue
        if item.kind is ItemKind.TEXT:
            answers[item.key] = value[:MAX_TEXT_ANSWER]
            continue
        low, high = instrument.bounds(item)
        try:
            number = int(value)
        except ValueError:
            raise InstrumentError(f"“{item.text}”: choose a point from {low} to {high}.") from None
        if not low <= number <= high:
            raise InstrumentError(f"“{item.text}”: {number} is outside the scale {low}-{high}.")
        answers[item.key] = number
    if complete:
        missing = [i.text for i in instrument.items if i.required and i.key not in answers]
        if missing:
            raise InstrumentError(f"Please answer “{missing[0]}”.")
        answered = sum(1 for item in instrument.scored_items if item.key in answers)
        if answered < instrument.min_answered:
            raise InstrumentError(
                f"Please answer at least {instrument.min_answered} of the "
                f"{len(instrument.scored_items)} rating questions (you answered {answered})."
            )
    return answers


def scored_value(instrument: Instrument, item: Item, value: int) -> float:
    """An answer on the scale after reversal (x' = min + max - x)."""
    if item.reverse:
        return float(instrument.scale_min + instrument.scale_max - value)
    return float(value)


def person_score(instrument: Instrument, answers: Mapping[str, Answer]) -> float | None:
    """Mean of the scale items after reversal, or None below the minimum answered."""
    values = [
        scored_value(instrument, item, answer)
        for item in instrument.scored_items
        if isinstance(answer := answers.get(item.key), int)
    ]
    if not values or len(values) < instrument.min_answered:
        return None
    return sum(values) / len(values)


def lowest_item(instrument: Instrument, answers: Mapping[str, Answer]) -> float | None:
    """The lowest scale answer after reversal (an item at or under 2 raises a pair flag)."""
    values = [
        scored_value(instrument, item, answer)
        for item in instrument.scored_items
        if isinstance(answer := answers.get(item.key), int)
    ]
    return min(values) if values else None


def favourable_share(instrument: Instrument, answer_sets: Sequence[Mapping[str, Answer]]) -> float:
    """Share of scale answers at or above the favourable point, after reversal."""
    if instrument.favourable_from is None:
        raise InstrumentError(f"{instrument.name} defines no favourable point.")
    values = [
        scored_value(instrument, item, answer)
        for answers in answer_sets
        for item in instrument.scored_items
        if isinstance(answer := answers.get(item.key), int)
    ]
    if not values:
        return 0.0
    favourable = sum(
        1
        for v in values
        if v > instrument.favourable_from or isclose(v, instrument.favourable_from)
    )
    return favourable / len(values)


def enps(scores: Sequence[int]) -> float:
    """eNPS = 100 (promoters - detractors) / N, promoters 9-10, detractors 0-6."""
    if not scores:
        raise InstrumentError("eNPS needs at least one answer.")
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return 100.0 * (promoters - detractors) / len(scores)
