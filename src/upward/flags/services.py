"""Raising flags from the data, and the lead's actions on them."""

from datetime import date, timedelta
from functools import cached_property
from itertools import pairwise
from statistics import median

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone

from upward.accounts.models import User
from upward.audit import log as audit
from upward.domain.smart_goal import Track
from upward.domain.surveys import flags as rules
from upward.domain.surveys.instruments import Instrument, lowest_item
from upward.flags import rules as flag_rules
from upward.flags.models import CheckIn, Flag
from upward.governance.models import Checkpoint
from upward.governance.selectors import missed_checkpoints
from upward.notifications.outbox import queue_email
from upward.programs.models import Pair, Program, ProgramRole
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


# Flags that follow the facts: a flag closes itself when its cause goes away. The write that
# removes the cause re-checks right after it commits (flags/signals.py); the detection job
# re-checks every open flag as well, which catches writes that send no signal (a reshuffle
# dissolves its pairs, and closing a cohort closes its pairs, in one UPDATE each).


def close_flag(flag: Flag, why: str, today: date) -> bool:
    """Close an open flag because its cause went away; the note says when and why. Its key is
    freed so that, should the cause come back, a new flag is raised for the new occasion. False
    when the lead acted on it meanwhile (their action stands)."""
    note = flag_rules.closing_note(today, why)
    key = f"{flag.key[:110]}~closed:{flag.public_id}"
    closed = Flag.objects.filter(pk=flag.pk, state=Flag.State.OPEN).update(
        state=Flag.State.RESOLVED, note=note, acted_at=timezone.now(), key=key
    )
    if closed:
        flag.state, flag.note, flag.key = Flag.State.RESOLVED, note, key
    return bool(closed)


def _stale_since(flag: Flag) -> date | None:
    """The last held session (or start) a stale flag counted from, as written into its key."""
    try:
        return date.fromisoformat(flag.key.split(":")[2])
    except (IndexError, ValueError):
        return None


class _PairFacts:
    """What a pair's flags are re-checked against, each read once and only when needed."""

    def __init__(self, pair: Pair, today: date) -> None:
        self.pair, self.today = pair, today

    @cached_property
    def sessions(self) -> list[tuple[str, date]]:
        found = self.pair.sessions.filter(
            status__in=[Session.Status.HELD, Session.Status.PLANNED]
        ).values_list("status", "starts_at")
        return [(status, timezone.localdate(at)) for status, at in found]

    @cached_property
    def goal(self) -> tuple[bool, Track | None]:
        status = goal_track(self.pair, self.today)
        return status is not None, status.track if status is not None else None

    def why_closed(self, flag: Flag) -> str | None:
        """Why this flag's cause has gone away, or None while it stands."""
        ended = flag_rules.pair_ended(self.pair.state)
        if ended is not None:
            return ended
        if flag.reason == rules.Reason.STALE:
            return flag_rules.stale_gone(
                since=_stale_since(flag),
                raised_on=flag.raised_on,
                held=[d for status, d in self.sessions if status == Session.Status.HELD],
                planned=[d for status, d in self.sessions if status == Session.Status.PLANNED],
                today=self.today,
            )
        if flag.reason == rules.Reason.STAGNANT:
            has_goal, track = self.goal
            return flag_rules.stagnant_gone(has_goal=has_goal, track=track)
        return None


def recheck_pair(pair_id: int, today: date) -> int:
    """Close the pair's open flags whose cause went away. One query when it has none."""
    flags = list(
        Flag.objects.filter(pair_id=pair_id, state=Flag.State.OPEN).select_related(
            "pair__cohort__program"
        )
    )
    if not flags:
        return 0
    assert flags[0].pair is not None
    facts = _PairFacts(flags[0].pair, today)
    closed = 0
    for flag in flags:
        why = facts.why_closed(flag)
        if why is not None and close_flag(flag, why, today):
            closed += 1
    return closed


def _checkpoint_of(flag: Flag) -> tuple[int | None, bool]:
    """The checkpoint a missed-checkpoint flag is about, and whether it was raised because the
    checkpoint was not recorded (rather than held without the sponsor)."""
    parts = flag.key.split(":")
    if len(parts) < 3 or not parts[1].isdigit():
        return None, False
    return int(parts[1]), parts[2] == "none"


def recheck_checkpoints(program_id: int, today: date) -> int:
    """Close the program's open missed-checkpoint flags whose checkpoint is now in order."""
    flags = list(
        Flag.objects.filter(
            program_id=program_id,
            state=Flag.State.OPEN,
            reason=rules.Reason.MISSED_CHECKPOINT,
        )
    )
    if not flags:
        return 0
    checkpoints = Checkpoint.objects.in_bulk([pk for pk, _ in map(_checkpoint_of, flags) if pk])
    closed = 0
    for flag in flags:
        pk, unrecorded = _checkpoint_of(flag)
        if pk is None:
            continue  # not a key this code wrote: leave it to the lead
        checkpoint = checkpoints.get(pk)
        why = flag_rules.checkpoint_gone(
            raised_unrecorded=unrecorded,
            exists=checkpoint is not None,
            due=checkpoint.due_date if checkpoint else None,
            held_on=checkpoint.held_on if checkpoint else None,
            sponsor_attended=checkpoint.sponsor_attended if checkpoint else None,
            today=today,
        )
        if why is not None and close_flag(flag, why, today):
            closed += 1
    return closed


def close_resolved(today: date) -> int:
    """Re-check every open flag that can close itself; how many closed."""
    closed = 0
    open_flags = Flag.objects.filter(state=Flag.State.OPEN).order_by()  # DISTINCT ids only
    pairs = open_flags.filter(pair__isnull=False).values_list("pair_id", flat=True)
    for pair_id in pairs.distinct():
        with transaction.atomic():
            closed += recheck_pair(pair_id, today)
    programs = open_flags.filter(reason=rules.Reason.MISSED_CHECKPOINT).values_list(
        "program_id", flat=True
    )
    for program_id in programs.distinct():
        with transaction.atomic():
            closed += recheck_checkpoints(program_id, today)
    return closed


def _lead_name(user: User | None) -> str:
    if user is None:
        return "Your program lead"
    employee = getattr(user, "employee", None)
    name = (employee.preferred_name or employee.first_name) if employee else user.get_full_name()
    return name or "Your program lead"


def _program_lead(pair: Pair) -> User | None:
    role = (
        ProgramRole.objects.filter(program_id=pair.cohort.program_id, role=ProgramRole.Role.LEAD)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return role.user if role else None


def request_check_in(
    pair: Pair, *, by: User | None, today: date, flag: Flag | None = None
) -> CheckIn:
    """Ask both members for a short conversation. The email and the pair's view are the same
    whether this is routine or prompted by a flag."""
    check_in = CheckIn.objects.create(pair=pair, requested_on=today, requested_by=by, flag=flag)
    link = settings.SITE_URL.rstrip("/") + reverse("workspace:pair", args=[pair.public_id])
    # "Reply to suggest a time": the reply reaches the lead who asked, or the program's lead.
    lead = by or _program_lead(pair)
    for member in (pair.mentor, pair.mentee):
        employee = member.employee
        queue_email(
            key=f"check_in:{check_in.pk}:{member.pk}",
            to=employee.email,
            template="check_in",
            language=employee.language,
            reply_to=lead.email if lead else "",
            context={
                "first_name": employee.preferred_name or employee.first_name,
                "lead": _lead_name(by),
                "link": link,
            },
        )
    return check_in


def routine_check_ins(today: date) -> int:
    """Every active pair hears from its lead every ROUTINE_CHECKIN_DAYS."""
    every = timedelta(days=settings.ROUTINE_CHECKIN_DAYS)
    made = 0
    pairs = Pair.objects.filter(state=Pair.State.ACTIVE).select_related(
        "mentor__employee", "mentee__employee", "cohort"
    )
    for pair in pairs:
        last = pair.check_ins.values_list("requested_on", flat=True).first()
        since = last or pair.started_on or pair.cohort.start_date
        if today - since >= every:
            with transaction.atomic():
                request_check_in(pair, by=None, today=today)
            made += 1
    return made


@transaction.atomic
def act(flag: Flag, *, action: str, note: str, by: User, today: date) -> Flag:
    flag = Flag.objects.select_for_update(of=("self",)).select_related("pair").get(pk=flag.pk)
    if flag.state == Flag.State.RESOLVED:
        raise ValidationError(f"This flag has already closed by itself. {flag.note}.")
    if flag.state != Flag.State.OPEN:
        raise ValidationError("This flag has already been handled.")
    if action not in Flag.Action.values:
        raise ValidationError("Choose an action.")
    note = note.strip()[:2000]
    if action == Flag.Action.DISMISS and not note:
        raise ValidationError("Say why you are dismissing this flag.")
    pair = flag.pair
    if action != Flag.Action.DISMISS and pair is None:
        raise ValidationError("This flag is about the program, not a pair: dismiss it with a note.")
    if action == Flag.Action.CHECK_IN and pair is not None:
        request_check_in(
            Pair.objects.select_related("mentor__employee", "mentee__employee").get(pk=pair.pk),
            by=by,
            today=today,
            flag=flag,
        )
    if action == Flag.Action.PAUSE and pair is not None:
        if pair.state != Pair.State.ACTIVE:
            raise ValidationError("Only an active pair can be paused.")
        pair.state = Pair.State.PAUSED
        pair.save(update_fields=["state"])
        inputs_changed(Pair, pair.cohort_id)
    flag.state = Flag.State.DISMISSED if action == Flag.Action.DISMISS else Flag.State.ACTED
    flag.action, flag.note, flag.acted_by, flag.acted_at = action, note, by, timezone.now()
    flag.save(update_fields=["state", "action", "note", "acted_by", "acted_at"])
    audit.record(audit.Action.FLAG_ACTION, actor=by, target=flag, taken=action)  # no note text
    return flag


@transaction.atomic
def check_in_held(check_in: CheckIn, held_on: date) -> CheckIn:
    if check_in.held_on is not None:
        raise ValidationError("This check-in is already recorded as held.")
    if held_on < check_in.requested_on:
        raise ValidationError("A check-in is held after it was requested.")
    check_in.held_on = held_on
    check_in.save(update_fields=["held_on"])
    return check_in
