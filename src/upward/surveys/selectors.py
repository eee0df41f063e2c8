"""Wave results: aggregates of confidential answers under the privacy rules, nothing else.

The same function feeds the results page, the API and any export, so the rules hold everywhere:
the wave's minimum group size and complementary suppression within the page, then the release
ledger across every view and over time (surveys/release.py). Reading results releases them.
"""

from collections.abc import Hashable
from dataclasses import dataclass, field

from upward.accounts.models import User
from upward.domain.metrics.record import rounded_mean
from upward.domain.surveys import flags as flag_rules
from upward.domain.surveys.instruments import (
    Instrument,
    ItemKind,
    enps,
    favourable_share,
    scored_value,
)
from upward.domain.surveys.privacy import comments_visible, shuffled, visible_groups
from upward.domain.surveys.release import WITHHELD, Candidate
from upward.surveys.models import Invitation, Response, Wave
from upward.surveys.release import release, token

GROUPS = (("all", "Everyone"), ("mentor", "Mentors"), ("mentee", "Mentees"))
PARTITIONS = [("all", ["mentor", "mentee"])]


@dataclass(frozen=True)
class Figure:
    group: str
    label: str
    n: int
    shown: bool
    value: float | None = None  # mean on the scale, or eNPS for a 0-10 item; one decimal
    favourable: float | None = None
    distribution: dict[int, int] = field(default_factory=dict)
    # Hidden by the release rules: shown, it would subtract from a figure released before.
    withheld: bool = False


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
    withheld_figure: str = WITHHELD  # what a figure held back by the release rules says


# Results of a wave still taking answers are never shown: two reads, one before and one after
# a person answers, would give away that person's answers item by item.
WITHHELD_WHILE_OPEN = (
    "Results appear when the survey closes on {closes}. While people are still answering, "
    "comparing the figures before and after one answer would show that person's answers."
)


# (part, item key or None for the score) -> (groups the page's own rules show, groups released)
Decided = dict[tuple[int, str | None], tuple[frozenset[Hashable], frozenset[Hashable]]]


def _groups(responses: list[Response]) -> dict[Hashable, frozenset[Hashable]]:
    """Each group's members as the ledger names them (keyed digests of the responses)."""
    names = {r.pk: token("response", r.pk) for r in responses}
    return {
        "all": frozenset(names.values()),
        "mentor": frozenset(names[r.pk] for r in responses if r.side == "mentor"),
        "mentee": frozenset(names[r.pk] for r in responses if r.side == "mentee"),
    }


def _candidate(measure: str, rows: list[Response], k: int) -> Candidate:
    groups = _groups(rows)
    return Candidate(
        measure,
        groups,
        frozenset(visible_groups(groups, k, PARTITIONS)),
        tuple(PARTITIONS),
    )


def _scale_figure(
    spec: Instrument,
    key: str,
    label: str,
    rows: list[Response],
    shown: bool,
    item_key: str,
    withheld: bool = False,
) -> Figure:
    item = spec.item(item_key)
    values = [r.answers[item_key] for r in rows if isinstance(r.answers.get(item_key), int)]
    if not shown or not values:
        return Figure(key, label, len(values), False, withheld=withheld)
    if item.kind is ItemKind.RECOMMEND:
        return Figure(key, label, len(values), True, value=rounded_mean(enps(values)))
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
        key,
        label,
        len(values),
        True,
        rounded_mean(sum(scored) / len(scored)),
        None if favourable is None else round(favourable, 2),
        distribution,
    )


def _answered(responses: list[Response], item_key: str) -> list[Response]:
    return [r for r in responses if isinstance(r.answers.get(item_key), int)]


def _in_group(rows: list[Response], key: str) -> list[Response]:
    return [r for r in rows if key == "all" or r.side == key]


def _item_results(
    spec: Instrument, responses: list[Response], decided: Decided, part: int
) -> list[ItemResult]:
    results = []
    for item in spec.items:
        if item.kind is ItemKind.TEXT:
            continue
        answered = _answered(responses, item.key)
        visible, shown = decided[(part, item.key)]
        figures = [
            _scale_figure(
                spec,
                key,
                label,
                _in_group(answered, key),
                key in shown,
                item.key,
                withheld=key in visible and key not in shown,
            )
            for key, label in GROUPS
        ]
        results.append(ItemResult(item.key, item.text, item.kind.value, item.reverse, figures))
    return results


def _score_figures(responses: list[Response], decided: Decided, part: int) -> list[Figure]:
    scored = [r for r in responses if r.score is not None]
    visible, shown = decided[(part, None)]
    figures = []
    for key, label in GROUPS:
        rows = [r.score for r in _in_group(scored, key) if r.score is not None]
        released = key in shown and bool(rows)
        value = rounded_mean(sum(rows) / len(rows)) if released else None
        withheld = key in visible and key not in shown
        figures.append(Figure(key, label, len(rows), released, value, withheld=withheld))
    return figures


def _release(wave: Wave, parts: list[tuple[int, Instrument, list[Response], bool]]) -> Decided:
    """Every figure the wave's results would show, through the release ledger at once."""
    k = wave.min_group_size
    candidates: dict[tuple[int, str | None], Candidate] = {}
    for part, spec, responses, dynamic in parts:
        scored = [r for r in responses if r.score is not None]
        candidates[(part, None)] = _candidate(f"{spec.key}:score", scored, k)
        if dynamic:
            continue
        for item in spec.items:
            if item.kind is not ItemKind.TEXT:
                answered = _answered(responses, item.key)
                candidates[(part, item.key)] = _candidate(
                    f"{spec.key}:item:{item.key}", answered, k
                )
    released = release(
        {key: (wave.cohort_id, [c]) for key, c in candidates.items()}, where="wave results"
    )
    return {key: (c.shown, released[key][0]) for key, c in candidates.items()}


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
    parts = [
        (
            part.pk,
            part.instrument.spec,
            by_instrument.get(part.instrument_id, []),
            bool(part.instrument.definition.get("items_from")),
        )
        for part in wave.parts.select_related("instrument")
    ]
    decided = _release(wave, parts)
    results = []
    for part, spec, responses, dynamic in parts:
        comments, hidden = _comments(spec, responses, wave)
        results.append(
            InstrumentResult(
                key=spec.key,
                name=spec.name,
                privacy=spec.privacy.value,
                scale=(spec.scale_min, spec.scale_max),
                citation=spec.citation,
                respondents=len(responses),
                scores=_score_figures(responses, decided, part),
                items=[] if dynamic else _item_results(spec, responses, decided, part),
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
