"""Writes for sessions: the plan, the log, reschedules, cancellations, and calendar feeds."""

import hashlib
import secrets
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from upward.accounts.models import User
from upward.domain import sessions as rules
from upward.programs.models import Pair
from upward.programs.signals import inputs_changed
from upward.workspace.models import CalendarToken, Session, Tag


def _notify(sessions: list[Session], *, cancelled: list[Session] | None = None) -> None:
    from upward.workspace.emails import queue_session_emails

    queue_session_emails(sessions, cancelled=cancelled or [])


@transaction.atomic
def schedule_create(
    *, pair: Pair, first_day: date, at: time, zone: str, cadence_days: int | None = None
) -> list[Session]:
    """Plan the pair's sessions every cadence_days (the program's, unless the pair chose its
    own); future plans are replaced."""
    cohort, program = pair.cohort, pair.cohort.program
    cadence = cadence_days or program.cadence_days
    if not 1 <= cadence <= 60:
        raise ValidationError("Sessions are between 1 and 60 days apart.")
    if not cohort.start_date <= first_day <= cohort.end_date:
        raise ValidationError(
            f"The first session falls inside the cohort "
            f"({cohort.start_date:%d %b} to {cohort.end_date:%d %b %Y})."
        )
    now = timezone.now()
    dropped = list(pair.sessions.filter(status=Session.Status.PLANNED, starts_at__gt=now))
    for old in dropped:
        old.status, old.sequence = Session.Status.CANCELLED, old.sequence + 1
        old.save(update_fields=["status", "sequence"])
    starts = [s for s in rules.plan(first_day, at, zone, cadence, cohort.end_date) if s > now]
    created = Session.objects.bulk_create(
        [
            Session(
                pair=pair, starts_at=start, planned_minutes=program.session_minutes, agenda=agenda
            )
            for start, agenda in zip(starts, rules.agendas(starts), strict=True)
        ]
    )
    _notify(created, cancelled=dropped)
    inputs_changed(Session, pair.cohort_id)
    return created


class NotesConflict(ValidationError):
    """The shared note changed since the writer opened the log; nothing was saved."""

    def __init__(self, saved: str) -> None:
        super().__init__(
            "Your partner saved the notes while you were writing. Both versions are below: "
            "put what you want to keep into the notes box and save again."
        )
        self.saved = saved


def same_text(a: str, b: str) -> bool:
    """Equal as a reader sees them: browsers send line breaks as CRLF and we strip the ends."""
    return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()


@transaction.atomic
def session_log(
    *,
    session: Session,
    status: str,
    minutes: int | None,
    notes: str,
    tags: list[str],
    notes_before: str | None = None,
    tags_before: list[str] | None = None,
) -> Session:
    """Log what happened. ``notes_before`` is the note as the writer saw it when they opened
    the log: if the partner has saved a different note since, the log is refused with
    NotesConflict rather than overwriting their words. ``tags_before`` are the topics the
    writer saw: their ticks and unticks apply to the topics saved now (domain merge_tags)."""
    names = sorted({t.strip() for t in tags if t.strip()})
    problems = rules.log_problems(
        status=status, starts_at=session.starts_at, now=timezone.now(), minutes=minutes, tags=names
    )
    if status not in Session.Status.values:
        problems.append("Unknown status.")
    if problems:
        raise ValidationError(problems)
    saved = Session.objects.select_for_update().get(pk=session.pk).private_notes
    if (
        notes_before is not None
        and not same_text(saved, notes_before)
        and not same_text(saved, notes)
    ):
        raise NotesConflict(saved)
    session.status, session.private_notes = status, notes.strip()
    session.held_minutes = minutes if status == Session.Status.HELD else None
    session.logged_at = timezone.now()
    session.save(update_fields=["status", "private_notes", "held_minutes", "logged_at"])
    if tags_before is not None:
        saved_tags = set(session.tags.values_list("name", flat=True))
        names = sorted(rules.merge_tags(saved_tags, {t.strip() for t in tags_before}, set(names)))
    session.tags.set([_tag(name) for name in names])
    inputs_changed(Session, session.pair.cohort_id)
    return session


def _tag(name: str) -> Tag:
    tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
    return tag.merged_into or tag


@transaction.atomic
def session_reschedule(*, session: Session, starts_at: datetime) -> Session:
    if session.status == Session.Status.CANCELLED:
        raise ValidationError("A cancelled session can't be moved; plan a new one instead.")
    if session.status == Session.Status.HELD:
        raise ValidationError("This session has already happened.")
    session.starts_at, session.sequence = starts_at, session.sequence + 1
    session.save(update_fields=["starts_at", "sequence"])
    _notify([session])
    inputs_changed(Session, session.pair.cohort_id)
    return session


@transaction.atomic
def cancel_remaining_sessions(pair: Pair) -> list[Session]:
    """A pair that ended keeps no planned sessions: each future one is cancelled, and each
    member gets one email that takes them all out of their calendar."""
    remaining = list(
        pair.sessions.select_for_update().filter(
            status=Session.Status.PLANNED, starts_at__gt=timezone.now()
        )
    )
    for session in remaining:
        session.status, session.sequence = Session.Status.CANCELLED, session.sequence + 1
    Session.objects.bulk_update(remaining, ["status", "sequence"])
    if remaining:
        _notify([], cancelled=remaining)
        inputs_changed(Session, pair.cohort_id)
    return remaining


@transaction.atomic
def session_cancel(*, session: Session) -> Session:
    if session.status != Session.Status.PLANNED:
        raise ValidationError("Only a planned session can be cancelled.")
    session.status, session.sequence = Session.Status.CANCELLED, session.sequence + 1
    session.save(update_fields=["status", "sequence"])
    _notify([], cancelled=[session])
    inputs_changed(Session, session.pair.cohort_id)
    return session


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_token_renew(user: User) -> str:
    """A new feed token; the old link stops working. The token is shown once, then only its
    hash is kept."""
    token = secrets.token_urlsafe(32)
    CalendarToken.objects.update_or_create(user=user, defaults={"token_hash": _hash(token)})
    return token


def user_for_calendar_token(token: str) -> User | None:
    match = CalendarToken.objects.select_related("user").filter(token_hash=_hash(token)).first()
    return match.user if match and match.user.is_active else None
