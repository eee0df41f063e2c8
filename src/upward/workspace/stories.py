"""Writes for insights and success stories."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from upward.accounts.models import User
from upward.people.models import Employee
from upward.programs.models import Pair, Participant
from upward.workspace.insight_emails import queue_insight_for_owner
from upward.workspace.models import Insight, Story, Tag

story_published = Signal()  # kwargs: story (as the lead published it)


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
    if owner is not None:
        queue_insight_for_owner(insight)
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


def _lines(text: str) -> str:
    """Browsers send a textarea's line breaks as CRLF: compare texts as the reader sees them."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def only_removes(original: str, redacted: str) -> bool:
    """Whether `redacted` is `original` with some characters taken out and nothing added or
    changed: a subsequence, so a lead can cut a name or a sentence but never put words in
    anyone's mouth."""
    remaining = iter(original)
    return all(char in remaining for char in redacted)


@transaction.atomic
def story_redact(*, story: Story, lead: User, title: str, body: str) -> Story:
    """The lead's cut of a consented story. A cut that changes anything goes back to both
    members, who agree to the new text (or edit it) before it can be published."""
    if story.published_at:
        raise ValidationError("This story is already published.")
    if not (story.mentor_consent_at and story.mentee_consent_at):
        raise ValidationError("Both members must agree before a story is published.")
    title, body = _lines(title), _lines(body)
    if not title or not body:
        raise ValidationError("Leave some of the title and the story: cut, don't empty.")
    if not (only_removes(_lines(story.title), title) and only_removes(_lines(story.body), body)):
        raise ValidationError(
            "You may only remove words from the text both members agreed to, not add or "
            "change any. Ask the pair to edit their story if it needs new words."
        )
    if title == _lines(story.title) and body == _lines(story.body):
        return story
    story.title, story.body = title[:200], body
    story.mentor_consent_at = story.mentee_consent_at = None
    story.save(update_fields=["title", "body", "mentor_consent_at", "mentee_consent_at"])
    return story


@transaction.atomic
def story_publish(*, story: Story, lead: User, redacted: str = "") -> Story:
    """Publish exactly the text both members agreed to. A different text is a redaction and goes
    back to them first (`story_redact`): it is refused here."""
    if not (story.mentor_consent_at and story.mentee_consent_at):
        raise ValidationError("Both members must agree before a story is published.")
    if redacted.strip() and _lines(redacted) != _lines(story.body):
        raise ValidationError(
            "This is not the text both members agreed to. Cut it on the showcase page; it goes "
            "back to both of them to agree before it is published."
        )
    story.published_body = story.body
    story.published_at, story.approved_by = timezone.now(), lead
    story.save(update_fields=["published_body", "published_at", "approved_by"])
    story_published.send(sender=Story, story=story)
    return story
