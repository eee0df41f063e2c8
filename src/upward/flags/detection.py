"""Raising flags from the data: confidential pulses, response rates, pair rhythm and sponsor
checkpoints. Each occasion has a key, so a second pass raises nothing new."""

from datetime import date, timedelta
from itertools import pairwise
from statistics import median

from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone

from upward.domain.surveys import flags as rules
from upward.domain.surveys.instruments import Instrument, lowest_item
from upward.flags import rules as flag_rules
from upward.flags.models import Flag
from upward.governance.selectors import missed_checkpoints
from upward.programs.models import Pair, Program
from upward.programs.signals import inputs_changed
from upward.surveys.models import Response, Wave
from upward.workspace.models import Session
from upward.workspace.selectors import goal_track

flag_raised = Signal()  # kwargs: flag (a new flag, after it is saved)


def raise_flag(
    *, key: str, program: Program, reason: rules.Reason, evidence: str, today: date, **where: object
) -> Flag | None:
    """Create the flag for this occasion unless it exists. None when it already did."""
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                key=key,
                program=program,
                reason=reason,
                evidence=evidence,
                raised_on=today,
                **where,
            )
    except IntegrityError:
        return None
    flag_raised.send(sender=Flag, flag=flag)
    if flag.reason in (rules.Reason.LOW_SAFETY, rules.Reason.SAFETY_DROP):  # impact counts them
        inputs_changed(Flag, flag.cohort_id)
    return flag


def check_pulses() -> int:
    """The daily batch: every confidential pulse answered in a wave still open (or closed in
    the last week) is checked; keys make a second pass raise nothing new. Run once a day, so
    a flag's time says nothing about when, or by whom, a pulse was answered."""
    since = timezone.localdate() - timedelta(days=7)
    responses = (
        Response.objects.filter(
            pair__isnull=False,
            participant__isnull=False,
            score__isnull=False,
            wave__closes_on__gte=since,
        )
        .select_related("wave", "instrument", "participant", "pair__cohort__program")
        .order_by("pk")
    )
    raised = 0
    for response in responses:
        spec = response.instrument.spec
        if spec.flags_pair:
            raised += len(check_pulse(response, spec))
    return raised


def check_pulse(response: Response, spec: Instrument) -> list[Flag]:
    """Flags from one member's partnership pulse, compared with their previous one."""
    if response.score is None or response.pair is None or response.participant is None:
        return []
    previous = (
        Response.objects.filter(
            participant=response.participant,
            instrument__key=spec.key,
            wave__opens_on__lt=response.wave.opens_on,
            score__isnull=False,
        )
        .order_by("-wave__opens_on")
        .values_list("score", flat=True)
        .first()
    )
    lowest = lowest_item(spec, response.answers)
    found = rules.pulse_reasons(
        score=response.score,
        lowest=lowest if lowest is not None else response.score,
        previous=previous,
    )
    pair = response.pair
    raised = []
    for reason, evidence in found:
        flag = raise_flag(
            key=f"{reason}:{pair.pk}:{response.wave_id}",
            program=pair.cohort.program,
            cohort=pair.cohort,
            pair=pair,
            reason=reason,
            evidence=f"{evidence} ({response.wave.label})",
            today=timezone.localdate(),
        )
        if flag:
            raised.append(flag)
    return raised


def check_response_rate(wave: Wave) -> Flag | None:
    if not rules.low_response(wave.invited, wave.answered):
        return None
    rate = wave.answered / wave.invited
    return raise_flag(
        key=f"low_response:{wave.pk}",
        program=wave.cohort.program,
        cohort=wave.cohort,
        reason=rules.Reason.LOW_RESPONSE,
        evidence=(
            f"{wave.label}: {wave.answered} of {wave.invited} answered ({rate:.0%}), under the "
            f"{rules.RESPONSE_FLOOR:.0%} at which results stop being representative."
        ),
        today=timezone.localdate(),
    )


def _planned_interval(pair: Pair, starts: list[date]) -> int:
    gaps = [(b - a).days for a, b in pairwise(starts) if (b - a).days > 0]
    return round(median(gaps)) if gaps else pair.cohort.program.cadence_days


def check_pair_rhythm(pair: Pair, today: date) -> list[Flag]:
    """Stale (no held session for 1.5x the planned interval) and stagnant (goal off track)."""
    sessions = list(pair.sessions.exclude(status=Session.Status.CANCELLED).order_by("starts_at"))
    held = [s.starts_at.date() for s in sessions if s.status == Session.Status.HELD]
    planned = [s.starts_at.date() for s in sessions if s.status == Session.Status.PLANNED]
    started = pair.started_on or pair.cohort.start_date
    interval = _planned_interval(pair, [s.starts_at.date() for s in sessions])
    raised = []
    if not flag_rules.has_upcoming(planned, today) and rules.is_stale(
        last_held=held[-1] if held else None, started=started, cadence_days=interval, today=today
    ):
        since = held[-1] if held else started
        flag = raise_flag(
            key=f"stale:{pair.pk}:{since.isoformat()}",
            program=pair.cohort.program,
            cohort=pair.cohort,
            pair=pair,
            reason=rules.Reason.STALE,
            evidence=(
                f"No session held since {since:%d %b %Y} ({(today - since).days} days); the pair "
                f"plans one every {interval} days, and the rule is {rules.stale_days(interval)}."
            ),
            today=today,
        )
        raised += [flag] if flag else []
    status = goal_track(pair, today)
    if status is not None and rules.is_stagnant(status.track):
        flag = raise_flag(
            key=f"stagnant:{pair.pk}:{today:%Y-%W}",
            program=pair.cohort.program,
            cohort=pair.cohort,
            pair=pair,
            reason=rules.Reason.STAGNANT,
            evidence=f"Goal progress: {status.sentence()}",
            today=today,
        )
        raised += [flag] if flag else []
    return raised


def check_checkpoints(program: Program, today: date) -> list[Flag]:
    raised = []
    for checkpoint, evidence in missed_checkpoints(program, today):
        flag = raise_flag(
            key=f"checkpoint:{checkpoint.pk}:{checkpoint.held_on or 'none'}",
            program=program,
            reason=rules.Reason.MISSED_CHECKPOINT,
            evidence=evidence,
            today=today,
        )
        raised += [flag] if flag else []
    return raised


def detect(today: date) -> int:
    """The periodic pass over running programs: pair rhythm and sponsor checkpoints."""
    raised = 0
    for program in Program.objects.filter(state=Program.State.ACTIVE):
        raised += len(check_checkpoints(program, today))
    pairs = Pair.objects.filter(
        state=Pair.State.ACTIVE, cohort__program__state=Program.State.ACTIVE
    )
    for pair in pairs.select_related("cohort__program"):
        raised += len(check_pair_rhythm(pair, today))
    return raised
