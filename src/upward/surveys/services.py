"""Survey plans, waves, answering. Every write is one transaction."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.urls import reverse

from upward.competencies.models import SkillRating
from upward.domain.surveys.instruments import InstrumentError, Privacy, clean_answers, person_score
from upward.domain.surveys.plan import survey_plan
from upward.domain.surveys.privacy import PrivacyError, validate_k
from upward.notifications.outbox import queue_email
from upward.programs.models import Cohort, Pair, Participant
from upward.programs.signals import inputs_changed
from upward.surveys import loading
from upward.surveys.forms import SKILLS_SOURCE, Section, sections, split_post
from upward.surveys.models import Invitation, Response, Wave, WaveInstrument

wave_closed = Signal()  # kwargs: wave (just closed)


@transaction.atomic
def create_plan(cohort: Cohort) -> list[Wave]:
    """The cohort's waves from the program's survey plan; a second call changes nothing."""
    existing = list(cohort.waves.all())
    if existing:
        return existing
    waves = []
    for planned in survey_plan(cohort.start_date, cohort.end_date):
        wave = Wave.objects.create(
            cohort=cohort,
            kind=planned.kind,
            label=planned.label,
            opens_on=planned.opens_on,
            closes_on=planned.closes_on,
        )
        for order, key in enumerate(planned.instruments):
            instrument = loading.latest(key)
            if instrument is not None:
                WaveInstrument.objects.create(wave=wave, instrument=instrument, order=order)
        waves.append(wave)
    inputs_changed(Wave, cohort.pk)
    return waves


@transaction.atomic
def add_wave(
    *, cohort: Cohort, label: str, instrument_keys: list[str], opens_on: date, closes_on: date
) -> Wave:
    if closes_on <= opens_on:
        raise ValidationError("A wave closes after it opens.")
    instruments = [loading.latest(key) for key in instrument_keys]
    if not instrument_keys or None in instruments:
        raise ValidationError("Choose instruments that are loaded.")
    wave = Wave.objects.create(
        cohort=cohort,
        kind=Wave.Kind.AD_HOC,
        label=label.strip()[:120] or "Survey",
        opens_on=opens_on,
        closes_on=closes_on,
    )
    for order, instrument in enumerate(instruments):
        assert instrument is not None
        WaveInstrument.objects.create(wave=wave, instrument=instrument, order=order)
    inputs_changed(Wave, cohort.pk)
    return wave


@transaction.atomic
def set_min_group_size(wave: Wave, k: object) -> Wave:
    wave = Wave.objects.select_for_update(of=("self",)).get(pk=wave.pk)
    if wave.state != Wave.State.SCHEDULED:
        raise ValidationError("The minimum group size is frozen once a wave opens.")
    try:
        wave.min_group_size = validate_k(int(str(k)))
    except (ValueError, PrivacyError) as error:
        message = str(error) if isinstance(error, PrivacyError) else "Give a whole number."
        raise ValidationError(message) from None
    wave.save(update_fields=["min_group_size"])
    inputs_changed(Wave, wave.cohort_id)
    return wave


def _open_pair(participant: Participant) -> Pair | None:
    field = "mentor" if participant.role == Participant.Role.MENTOR else "mentee"
    return (
        Pair.objects.filter(**{field: participant}, state=Pair.State.ACTIVE)
        .order_by("-started_on")
        .first()
    )


def _first_name(participant: Participant) -> str:
    employee = participant.employee
    return employee.preferred_name or employee.first_name


def _invite_email(invitation: Invitation, kind: str) -> bool:
    employee = invitation.participant.employee
    email = queue_email(
        key=f"wave:{invitation.wave_id}:{kind}:{invitation.pk}",
        to=employee.email,
        template="survey_reminder" if kind.startswith("reminder") else "survey_invitation",
        language=employee.language,
        context={
            "first_name": _first_name(invitation.participant),
            "link": settings.SITE_URL.rstrip("/")
            + reverse("surveys:answer", args=[invitation.public_id]),
            "closes_on": invitation.wave.closes_on.isoformat(),
        },
    )
    return email is not None


@transaction.atomic
def open_wave(wave: Wave) -> Wave:
    """Invite every member of an active pair whom at least one instrument is for."""
    wave = Wave.objects.select_for_update(of=("self",)).select_related("cohort").get(pk=wave.pk)
    if wave.state != Wave.State.SCHEDULED:
        raise ValidationError("Only a scheduled wave can open.")
    audiences = {part.instrument.spec.audience.value for part in wave.parts.all()}
    members = Participant.objects.filter(cohort=wave.cohort, state=Participant.State.ACTIVE)
    created = 0
    for participant in members.select_related("employee"):
        if not ({"both", f"{participant.role}s"} & audiences):
            continue
        pair = _open_pair(participant)
        if pair is None:
            continue
        invitation, made = Invitation.objects.get_or_create(
            wave=wave, participant=participant, defaults={"pair": pair}
        )
        if made:
            created += 1
            _invite_email(invitation, "invite")
    wave.state = Wave.State.OPEN
    wave.invited = wave.invitations.count()
    wave.save(update_fields=["state", "invited"])
    inputs_changed(Wave, wave.cohort_id)
    return wave


@transaction.atomic
def close_wave(wave: Wave) -> Wave:
    wave = Wave.objects.select_for_update(of=("self",)).get(pk=wave.pk)
    if wave.state != Wave.State.OPEN:
        raise ValidationError("Only an open wave can close.")
    wave.state = Wave.State.CLOSED
    wave.invitations.filter(answered=False).update(draft={})
    wave.save(update_fields=["state"])
    inputs_changed(Wave, wave.cohort_id)
    wave_closed.send(sender=Wave, wave=wave)  # flags checks the response rate, webhooks tell
    return wave


def remind(wave: Wave, today: date) -> int:
    """Send the reminders that are due today; each (wave, reminder, member) goes once."""
    if wave.state != Wave.State.OPEN:
        return 0
    due = [
        n
        for n, day in enumerate(settings.SURVEY_REMINDER_DAYS, 1)
        if (today - wave.opens_on).days >= day
    ]
    sent = 0
    for invitation in wave.invitations.filter(answered=False).select_related(
        "participant__employee", "wave"
    ):
        for number in due:
            if number > invitation.reminders_sent:
                with transaction.atomic():
                    queued = _invite_email(invitation, f"reminder{number}")
                    Invitation.objects.filter(pk=invitation.pk).update(reminders_sent=number)
                sent += queued
    return sent


def _assert_open(invitation: Invitation, today: date) -> None:
    wave = invitation.wave
    if wave.state == Wave.State.CLOSED or today > wave.closes_on:
        raise ValidationError("This survey has closed; answers are no longer accepted.")
    if wave.state != Wave.State.OPEN:
        raise ValidationError("This survey has not opened yet.")
    if invitation.answered:
        raise ValidationError("You have already answered this survey. Thank you!")


def _clean(section: Section, raw: dict[str, str], *, complete: bool) -> dict[str, int | str]:
    try:
        return clean_answers(section.spec, raw, complete=complete)
    except InstrumentError as error:
        raise ValidationError(f"{section.spec.name}: {error}") from None


@transaction.atomic
def save_draft(invitation: Invitation, data: dict[str, str], today: date) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("wave")
        .get(pk=invitation.pk)
    )
    _assert_open(invitation, today)
    found = sections(invitation)
    grouped = split_post(data, [s.key for s in found])
    invitation.draft = {s.key: _clean(s, grouped[s.key], complete=False) for s in found}
    invitation.save(update_fields=["draft"])
    return invitation


def _skill_ratings(section: Section, invitation: Invitation, answers: dict[str, int | str]) -> None:
    """One rating per answered skill: of myself (no other rater) or of my partner (by me).

    A later answer in the same phase replaces the earlier one, as the intake's self rating is
    replaced by the baseline survey's.
    """
    pair = invitation.pair
    me = invitation.participant
    partner = None if pair is None else (pair.mentee if pair.mentor_id == me.pk else pair.mentor)
    phase = (
        SkillRating.Phase.CLOSE if invitation.wave.kind == "close" else SkillRating.Phase.BASELINE
    )
    for key, level in answers.items():
        whose, _, competency_id = key.partition(".")
        is_self = whose == "self"
        subject = me if is_self else partner
        if subject is None or not isinstance(level, int):
            continue
        SkillRating.objects.update_or_create(
            employee=subject.employee,
            competency_id=int(competency_id),
            rater_kind=SkillRating.RaterKind.SELF if is_self else SkillRating.RaterKind.PARTNER,
            phase=phase,
            cohort=invitation.wave.cohort,
            defaults={
                # The model's invariant: a self rating has no other rater.
                "rater": None if is_self else me.employee,
                "level": level,
                "rated_on": invitation.wave.opens_on,
            },
        )


@transaction.atomic
def submit(invitation: Invitation, data: dict[str, str], today: date) -> list[Response]:
    """Store the answers by each instrument's privacy and mark the invitation answered. Flags
    from confidential pulses are raised by the daily batch (flags.services.check_pulses), never
    at the moment of answering: a flag appearing then would point at the answer."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("wave__cohort", "participant__employee", "pair__mentor", "pair__mentee")
        .get(pk=invitation.pk)
    )
    _assert_open(invitation, today)
    found = sections(invitation)
    grouped = split_post(data, [s.key for s in found])
    cleaned = [(s, _clean(s, grouped[s.key], complete=True)) for s in found]
    responses = []
    for section, answers in cleaned:
        skills = section.part.instrument.definition.get("items_from") == SKILLS_SOURCE
        if skills and not answers:
            continue  # the skills check is optional: skipped, nothing to store
        confidential = section.spec.privacy is Privacy.CONFIDENTIAL
        response = Response.objects.create(
            wave=invitation.wave,
            instrument=section.part.instrument,
            side=invitation.participant.role,
            answers=answers,
            score=person_score(section.spec, answers),
            participant=invitation.participant if confidential else None,
            pair=invitation.pair if confidential else None,
        )
        responses.append(response)
        if skills:
            _skill_ratings(section, invitation, answers)
    invitation.answered, invitation.answered_on, invitation.draft = True, today, {}
    invitation.save(update_fields=["answered", "answered_on", "draft"])
    Wave.objects.filter(pk=invitation.wave_id).update(answered=F("answered") + 1)
    inputs_changed(Response, invitation.wave.cohort_id)
    return responses
