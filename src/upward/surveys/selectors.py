"""Wave results: aggregates of confidential answers under the privacy rules, nothing else.

The same function feeds the results page, the API and any export, so the rules hold everywhere.
"""

from collections.abc import Hashable
from dataclasses import dataclass, field

from upward.accounts.models import User
from upward.domain.surveys import flags as flag_rules
from upward.domain.surveys.instruments import (
    Instrument,
    ItemKind,
    enps,
    favourable_share,
    scored_value,
)
from upward.domain.surveys.privacy import comments_visible, shuffled, visible_groups
from upward.surveys.models import Invitation, Response, Wave

GROUPS = (("all", "Everyone"), ("mentor", "Mentors"), ("mentee", "Mentees"))
PARTITIONS = [("all", ["mentor", "mentee"])]


@dataclass(frozen=True)
class Figure:
    group: str
    label: str
    n: int
    shown: bool
    value: float | None = None  # mean on the scale, or eNPS for a 0-10 item
    favourable: float | None = None
    distribution: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ItemResult:
    key: str
    text: str
    kind: str
    reverse: bool
    figures: list[Figure]


@dataclass(frozen=True)
class InstrumentResult:
    key: str
    name: str
    privacy: str
    scale: tuple[int, int]
    citation: str
    respondents: int
    scores: list[Figure]
    items: list[ItemResult]
    comments: dict[str, list[str]]  # item text -> comments, only when shown
    comments_hidden_reason: str = ""


@dataclass(frozen=True)
class WaveResults:
    wave: Wave
    k: int
    invited: int
    answered: int
    response_rate: float | None  # None below 5 invited
    instruments: list[InstrumentResult]
    withheld: str = ""  # why no figure is shown yet (the wave is still open)


# Results of a wave still taking answers are never shown: two reads, one before and one after
# a person answers, would give away that person's answers item by item.
WITHHELD_WHILE_OPEN = (
    "Results appear when the survey closes on {closes}. While people are still answering, "
    "comparing the figures before and after one answer would show that person's answers."
)


def _groups(responses: list[Response]) -> dict[Hashable, frozenset[Hashable]]:
    return {
        "all": frozenset(r.pk for r in responses),
        "mentor": frozenset(r.pk for r in responses if r.side == "mentor"),
        "mentee": frozenset(r.pk for r in responses if r.side == "mentee"),
    }


def _scale_figure(
    spec: Instrument, key: str, label: str, rows: list[Response], shown: bool, item_key: str
) -> Figure:
    item = spec.item(item_key)
    values = [r.answers[item_key] for r in rows if isinstance(r.answers.get(item_key), int)]
    if not shown or not values:
        return Figure(key, label, len(values), False)
    if item.kind is ItemKind.RECOMMEND:
        return Figure(key, label, len(values), True, value=enps(values))
    scored = [scored_value(spec, item, v) for v in values]
    favourable = (
        favourable_share(spec, [{item_key: v} for v in values])
        if spec.favourable_from is not None
        else None
    )
    distribution = {
        point: values.count(point) for point in range(spec.scale_min, spec.scale_max + 1)
    }
    return Figure(
        key, label, len(values), True, sum(scored) / len(scored), favourable, distribution
    )


def _item_results(spec: Instrument, responses: list[Response], k: int) -> list[ItemResult]:
    results = []
    for item in spec.items:
        if item.kind is ItemKind.TEXT:
            continue
        answered = [r for r in responses if isinstance(r.answers.get(item.key), int)]
        groups = _groups(answered)
        shown = visible_groups(groups, k, PARTITIONS)
        figures = [
            _scale_figure(
                spec,
                key,
                label,
                [r for r in answered if key == "all" or r.side == key],
                key in shown,
                item.key,
            )
            for key, label in GROUPS
        ]
        results.append(ItemResult(item.key, item.text, item.kind.value, item.reverse, figures))
    return results


def _score_figures(responses: list[Response], k: int) -> list[Figure]:
    scored = [r for r in responses if r.score is not None]
    shown = visible_groups(_groups(scored), k, PARTITIONS)
    figures = []
    for key, label in GROUPS:
        rows = [r.score for r in scored if key == "all" or r.side == key]
        visible = key in shown and bool(rows)
        value = sum(v for v in rows if v is not None) / len(rows) if visible else None
        figures.append(Figure(key, label, len(rows), visible, value))
    return figures


def _comments(
    spec: Instrument, responses: list[Response], wave: Wave
) -> tuple[dict[str, list[str]], str]:
    text_items = [item for item in spec.items if item.kind is ItemKind.TEXT]
    if not text_items:
        return {}, ""
    if not comments_visible(len(responses), wave.min_group_size):
        return {}, (
            f"Comments appear once at least {wave.min_group_size} people have answered "
            f"({len(responses)} so far)."
        )
    found = {}
    for item in text_items:
        texts = [str(r.answers[item.key]) for r in responses if r.answers.get(item.key)]
        found[item.text] = shuffled(texts, salt=str(wave.public_id))
    return found, ""


def wave_results(wave: Wave) -> WaveResults:
    k = wave.min_group_size
    if wave.state != Wave.State.CLOSED:
        return WaveResults(
            wave=wave,
            k=k,
            invited=wave.invited,
            answered=wave.answered,
            response_rate=flag_rules.response_rate(wave.invited, wave.answered),
            instruments=[],
            withheld=WITHHELD_WHILE_OPEN.format(closes=f"{wave.closes_on:%-d %B %Y}"),
        )
    by_instrument: dict[int, list[Response]] = {}
    for response in Response.objects.filter(wave=wave).only(
        "id", "instrument_id", "side", "answers", "score"
    ):
        by_instrument.setdefault(response.instrument_id, []).append(response)
    results = []
    for part in wave.parts.select_related("instrument"):
        spec = part.instrument.spec
        responses = by_instrument.get(part.instrument_id, [])
        dynamic = bool(part.instrument.definition.get("items_from"))
        comments, hidden = _comments(spec, responses, wave)
        results.append(
            InstrumentResult(
                key=spec.key,
                name=spec.name,
                privacy=spec.privacy.value,
                scale=(spec.scale_min, spec.scale_max),
                citation=spec.citation,
                respondents=len(responses),
                scores=_score_figures(responses, k),
                items=[] if dynamic else _item_results(spec, responses, k),
                comments=comments,
                comments_hidden_reason=hidden,
            )
        )
    return WaveResults(
        wave=wave,
        k=k,
        invited=wave.invited,
        answered=wave.answered,
        response_rate=flag_rules.response_rate(wave.invited, wave.answered),
        instruments=results,
    )


def open_invitations(user: User) -> list[Invitation]:
    """Surveys waiting for this person."""
    return list(
        Invitation.objects.filter(
            participant__employee__account=user, answered=False, wave__state=Wave.State.OPEN
        )
        .select_related("wave__cohort__program")
        .order_by("wave__closes_on")
    )
