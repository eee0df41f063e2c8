"""The lead's actions on flags, and check-ins with pairs.

Raising flags lives in flags/detection.py and flags closing themselves in
flags/self_closing.py; both are re-exported here, the import path callers have always used.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from upward.accounts.models import User
from upward.audit import log as audit
from upward.flags.detection import (
    check_checkpoints,
    check_pair_rhythm,
    check_pulse,
    check_pulses,
    check_response_rate,
    detect,
    flag_raised,
    raise_flag,
)
from upward.flags.models import CheckIn, Flag
from upward.flags.self_closing import (
    close_flag,
    close_resolved,
    recheck_checkpoints,
    recheck_pair,
)
from upward.notifications.outbox import queue_email
from upward.programs.models import Pair, ProgramRole
from upward.programs.signals import inputs_changed

__all__ = [
    "act",
    "check_checkpoints",
    "check_in_held",
    "check_pair_rhythm",
    "check_pulse",
    "check_pulses",
    "check_response_rate",
    "close_flag",
    "close_resolved",
    "detect",
    "flag_raised",
    "raise_flag",
    "recheck_checkpoints",
    "recheck_pair",
    "request_check_in",
    "routine_check_ins",
]


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
