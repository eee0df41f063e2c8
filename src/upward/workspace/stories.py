"""Writes for insights and success stories."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from upward.accounts.models import User
from upward.people.models import Employee
from upward.programs.models import Pair, Participant
from upward.webhooks import events as webhook_events
from upward.workspace.models import Insight, Story, Tag


@transaction.atomic
def insight_raise(
    *,
    pair: Pair,
    member: Participant,
    title: str,
    description: str,
    tags: list[str],
    share: bool,
    owner_email: str,
) -> Insight:
    if not title.strip() or not description.strip():
        raise ValidationError("Give the insight a title and say what you noticed.")
    owner = None
    if owner_email.strip():
        if not share:
            raise ValidationError("An insight goes to an owner only if you agree to share it.")
        owner = Employee.objects.filter(email__iexact=owner_email.strip(), status="active").first()
        if owner is None:
            raise ValidationError(
                "No active colleague has that email address. Check the spelling, or leave "
                "the owner empty and save the insight for now."
            )
        if owner.pk in {pair.mentor.employee_id, pair.mentee.employee_id}:
            raise ValidationError("The owner is someone outside the pair who can act on it.")
    insight = Insight.objects.create(
        pair=pair,
        raised_by=member,
        title=title.strip()[:200],
        description=description.strip(),
        share_consent=share,
        owner=owner,
        state=Insight.State.ESCALATED if owner else Insight.State.NEW,
    )
    names = [t.strip()[:40] for t in tags if t.strip()]
    insight.tags.set([Tag.objects.get_or_create(name=n)[0] for n in names])
    return insight


@transaction.atomic
def insight_update(
    *, insight: Insight, state: str, hours: float | None, money: float | None, customers: int | None
) -> Insight:
    if state not in Insight.State.values:
        raise ValidationError("Unknown status.")
    if any(v is not None and v < 0 for v in (hours, money, customers)):
        raise ValidationError("Impact figures can't be negative.")
    insight.state = state
    insight.hours_saved_per_week, insight.money_per_year = hours, money
    insight.customers_reached = customers
    insight.save(
        update_fields=[
            "state",
            "hours_saved_per_week",
            "money_per_year",
            "customers_reached",
            "updated_at",
        ]
    )
    return insight


@transaction.atomic
def story_save(*, pair: Pair, title: str, body: str) -> Story:
    """Drafting or editing resets both consents: people agree to a text, not to a pair."""
    if not title.strip() or not body.strip():
        raise ValidationError("A story needs a title and a few sentences.")
    story, _ = Story.objects.get_or_create(pair=pair, defaults={"title": title, "body": body})
    if story.published_at:
        raise ValidationError("This story is published; ask the program lead to change it.")
    story.title, story.body = title.strip()[:200], body.strip()
    story.mentor_consent_at = story.mentee_consent_at = None
    story.save()
    return story


@transaction.atomic
def story_consent(*, story: Story, member: Participant) -> Story:
    now = timezone.now()
    if member.pk == story.pair.mentor_id:
        story.mentor_consent_at = now
    else:
        story.mentee_consent_at = now
    story.save(update_fields=["mentor_consent_at", "mentee_consent_at"])
    return story


@transaction.atomic
def story_publish(*, story: Story, lead: User, redacted: str) -> Story:
    if not (story.mentor_consent_at and story.mentee_consent_at):
        raise ValidationError("Both members must agree before a story is published.")
    story.published_body = redacted.strip() or story.body
    story.published_at, story.approved_by = timezone.now(), lead
    story.save(update_fields=["published_body", "published_at", "approved_by"])
    webhook_events.story_published(story)
    return story
