"""Survey waves for the demo: the pilot's complete history, and the running cohort's baseline
(closed), first pulse (open, about 60% answered so far) and one pair whose pulse raised a flag.

Answers are generated around the levels MEASUREMENT.md section 6 suggests (psychological safety
5.2-5.8 of 7, engagement up by a few tenths, response rates 75-90%).
"""

import random
from datetime import date

from django.db.models import F

from upward.domain.surveys.instruments import Instrument as Spec
from upward.domain.surveys.instruments import ItemKind, person_score
from upward.flags import services as flags
from upward.matching.models import MatchProfile
from upward.programs.models import Cohort, Pair, Participant
from upward.surveys import services
from upward.surveys.forms import SKILLS_SOURCE
from upward.surveys.models import Invitation, Response, Wave

COMMENTS = {
    "worked": [
        "Bringing a real task from my week to every session.",
        "Short demos, then trying it myself straight away.",
        "Agreeing the goal in the first meeting.",
        "My partner asking me what I would do, and meaning it.",
        "Keeping the same slot every week.",
        "Being told it was fine not to know.",
        "Swapping a meeting for a walk when we were both tired.",
    ],
    "improve": [
        "More notice when a session has to move.",
        "A shared list of tools we tried.",
        "Meet the other pairs once mid-way.",
        "Fewer cancellations in the busy weeks.",
        "Clearer idea of what to do between sessions.",
    ],
}


def build_survey_demo(rng: random.Random, pilot: Cohort, current: Cohort, today: date) -> None:
    for wave in services.create_plan(pilot):
        _fill(rng, wave, _members(pilot), rate=rng.uniform(0.78, 0.9), lift=_lift(wave))
        Wave.objects.filter(pk=wave.pk).update(state=Wave.State.CLOSED)
    demo_mentor = current.pairs.order_by("pk").first()
    flagged = list(current.pairs.filter(state=Pair.State.ACTIVE).order_by("pk"))[3]
    for wave in services.create_plan(current):
        if wave.closes_on < today:
            _fill(rng, wave, _members(current), rate=0.85, lift=_lift(wave))
            Wave.objects.filter(pk=wave.pk).update(state=Wave.State.CLOSED)
        elif wave.opens_on <= today:
            services.open_wave(wave)
            skip = {demo_mentor.mentor_id, demo_mentor.mentee_id} if demo_mentor else set()
            _answer_open(rng, wave, skip=skip, flagged=flagged)
    flags.detect(today)


def _lift(wave: Wave) -> float:
    return {"baseline": 0.0, "pulse": 0.15, "quarterly": 0.25, "close": 0.35}.get(wave.kind, 0.2)


def _members(cohort: Cohort) -> list[tuple[Participant, Pair]]:
    members = []
    for pair in cohort.pairs.select_related("mentor", "mentee").order_by("pk"):
        members += [(pair.mentor, pair), (pair.mentee, pair)]
    return members


def _value(rng: random.Random, spec: Spec, kind: ItemKind, centre: float) -> int:
    if kind is ItemKind.RECOMMEND:
        return max(0, min(10, round(rng.gauss(8.0, 1.6))))
    span = spec.scale_max - spec.scale_min
    point = spec.scale_min + span * centre + rng.gauss(0, span * 0.12)
    return max(spec.scale_min, min(spec.scale_max, round(point)))


def _answers(rng: random.Random, spec: Spec, centre: float) -> dict[str, int | str]:
    answers: dict[str, int | str] = {}
    for item in spec.items:
        if item.kind is ItemKind.TEXT:
            if item.key in COMMENTS and rng.random() < 0.6:
                answers[item.key] = rng.choice(COMMENTS[item.key])
            continue
        value = _value(rng, spec, item.kind, centre)
        answers[item.key] = spec.scale_min + spec.scale_max - value if item.reverse else value
    return answers


def _skills(rng: random.Random, participant: Participant, lift: float) -> dict[str, int | str]:
    profile = MatchProfile.objects.filter(participant=participant).first()
    wants = list(profile.wants.values_list("pk", flat=True)) if profile else []
    return {f"self.{pk}": min(5, 1 + rng.randint(0, 2) + round(lift * 4)) for pk in wants}


def _respond(
    rng: random.Random,
    wave: Wave,
    participant: Participant,
    pair: Pair,
    *,
    centre: float,
    lift: float,
) -> None:
    for part in wave.parts.select_related("instrument"):
        spec = part.instrument.spec
        if spec.audience.value not in {"both", f"{participant.role}s"}:
            continue
        if part.instrument.definition.get("items_from") == SKILLS_SOURCE:
            answers = _skills(rng, participant, lift)
            if not answers:
                continue
            values = [v for v in answers.values() if isinstance(v, int)]
            score: float | None = sum(values) / len(values)
        else:
            answers = _answers(rng, spec, centre)
            score = person_score(spec, answers)
        confidential = spec.privacy.value == "confidential"
        response = Response.objects.create(
            wave=wave,
            instrument=part.instrument,
            side=participant.role,
            answers=answers,
            score=score,
            participant=participant if confidential else None,
            pair=pair if confidential else None,
        )
        if confidential and spec.flags_pair:
            flags.check_pulse(response, spec)


def _fill(
    rng: random.Random,
    wave: Wave,
    members: list[tuple[Participant, Pair]],
    *,
    rate: float,
    lift: float,
) -> None:
    answered = 0
    for participant, pair in members:
        answers = rng.random() < rate
        Invitation.objects.create(wave=wave, participant=participant, pair=pair, answered=answers)
        if answers:
            answered += 1
            _respond(rng, wave, participant, pair, centre=0.68 + lift * 0.2, lift=lift)
    Wave.objects.filter(pk=wave.pk).update(invited=len(members), answered=answered)


def _answer_open(rng: random.Random, wave: Wave, *, skip: set[int], flagged: Pair) -> None:
    """About 60% have answered the open pulse; one member of the flagged pair answered low."""
    for invitation in wave.invitations.select_related("participant", "pair").order_by("pk"):
        participant, pair = invitation.participant, invitation.pair
        if participant.pk in skip or pair is None:
            continue
        low = pair.pk == flagged.pk and participant.pk == flagged.mentor_id
        if not low and rng.random() > 0.6:
            continue
        _respond(rng, wave, participant, pair, centre=0.25 if low else 0.72, lift=0.1)
        Invitation.objects.filter(pk=invitation.pk).update(answered=True)
        Wave.objects.filter(pk=wave.pk).update(answered=F("answered") + 1)
