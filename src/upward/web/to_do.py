"""The to-do cards on the home page of a program lead and of a sponsor.

A lead sees the pairs that need them (open flags, grouped by pair, most serious first), the
concerns and stories waiting for them, the invitations nobody has answered and a charter still
waiting for the sponsor. A sponsor sees a charter to sign and the checkpoints coming up. Each
card links to the page where the thing is done; nothing here reveals more than that page does.
"""

from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse

from upward.flags.selectors import inbox_rows
from upward.governance.models import CharterSignature, CharterVersion, Checkpoint
from upward.programs.models import Participant, Program, ProgramRole
from upward.web.home import Item
from upward.workspace.models import Concern, Insight, Story

PAIRS_SHOWN = 5
CHECKPOINT_NOTICE = timedelta(days=14)


def lead_items(led: set[int]) -> list[Item]:
    """What waits for the lead across the programs they lead (three queries, however many
    programs, pairs or flags)."""
    if not led:
        return []
    waiting = Program.objects.filter(pk__in=led).aggregate(
        concerns=Sum(
            _count_per_program(
                Concern.objects.filter(state=Concern.State.OPEN), "pair__cohort__program"
            )
        ),
        stories=Sum(
            _count_per_program(
                Story.objects.filter(
                    published_at__isnull=True,
                    mentor_consent_at__isnull=False,
                    mentee_consent_at__isnull=False,
                ),
                "pair__cohort__program",
            )
        ),
    )
    return [
        *_pairs_needing_you(led),
        *_concerns_waiting(waiting["concerns"] or 0),
        *_stories_waiting(waiting["stories"] or 0),
        *_unanswered_invitations(led),
        *_charters_unsigned(led),
    ]


def _count_per_program(rows: QuerySet[Any], program_path: str) -> Coalesce:
    counted = (
        rows.filter(**{program_path: OuterRef("pk")})
        .order_by()
        .values(program_path)
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _pairs_needing_you(led: set[int]) -> list[Item]:
    rows = [row for row in inbox_rows(led, open_only=True) if row.pair is not None]
    items = []
    for row in rows[:PAIRS_SHOWN]:
        pair = row.pair
        assert pair is not None
        reasons = ", ".join(dict.fromkeys(flag.get_reason_display() for flag in row.flags))
        items.append(
            Item(
                done=False,
                heading=(
                    f"{pair.mentor.employee.display_name} and "
                    f"{pair.mentee.employee.display_name} need you"
                ),
                text=f"{reasons}.",
                link_text="See the flags and act",
                url=reverse("flags:inbox") + f"#pair-{pair.public_id}",
            )
        )
    if len(rows) > PAIRS_SHOWN:
        items.append(
            Item(
                done=False,
                heading=f"{len(rows) - PAIRS_SHOWN} more pairs need you",
                text="They are listed with their flags, most serious first.",
                link_text="Open all flags",
                url=reverse("flags:inbox"),
            )
        )
    return items


def _waiting(count: int, *, heading: str, text: str, link_text: str, url: str) -> list[Item]:
    """A card for `count` things of one kind, or none when nothing waits."""
    if not count:
        return []
    return [Item(done=False, heading=heading, text=text, link_text=link_text, url=url)]


def _concerns_waiting(waiting: int) -> list[Item]:
    return _waiting(
        waiting,
        heading=f"{waiting} concern{'s' if waiting != 1 else ''} waiting for you",
        text="Raised privately by a member; the person hears back once you act.",
        link_text="Read and act",
        url=reverse("workspace:inbox"),
    )


def _stories_waiting(waiting: int) -> list[Item]:
    return _waiting(
        waiting,
        heading=f"{waiting} stor{'ies' if waiting != 1 else 'y'} ready to publish",
        text="Both members agreed to share it; you may remove passages, never add any.",
        link_text="Review for the showcase",
        url=reverse("workspace:showcase"),
    )


def _unanswered_invitations(led: set[int]) -> list[Item]:
    cohorts = (
        Participant.objects.filter(
            cohort__program_id__in=led,
            state=Participant.State.INVITED,
            cohort__state__in=("upcoming", "running"),
        )
        .values("cohort__public_id", "cohort__name", "cohort__program__name")
        .annotate(silent=Count("pk"))
        .order_by("cohort__start_date", "cohort__name")
    )
    return [
        Item(
            done=False,
            heading=(
                f"{row['silent']} {'people have' if row['silent'] != 1 else 'person has'} not "
                f"answered their invitation"
            ),
            text=f"{row['cohort__program__name']}, {row['cohort__name']}.",
            link_text="See who, and remind them",
            url=reverse("recruitment:recruit", args=[row["cohort__public_id"]]),
        )
        for row in cohorts
    ]


def _charters_unsigned(led: set[int]) -> list[Item]:
    return [
        Item(
            done=False,
            heading=f"The charter of {charter.program.name} waits for the sponsor",
            text=f"Version {charter.version} is not signed yet; the program cannot launch before.",
            link_text="See the charter",
            url=reverse("governance:charter", args=[charter.program.public_id]),
        )
        for charter in _latest_unsigned(led)
    ]


def _latest_unsigned(programs: set[int]) -> QuerySet[CharterVersion]:
    """Each open program's latest charter version that none of its sponsors has signed (one
    query)."""
    newest = (
        CharterVersion.objects.filter(program=OuterRef("program"))
        .order_by("-version")
        .values("version")[:1]
    )
    signed_by_a_sponsor = CharterSignature.objects.filter(
        charter=OuterRef("pk"),
        signer__program_roles__program=OuterRef("program"),
        signer__program_roles__role=ProgramRole.Role.SPONSOR,
    )
    return (
        CharterVersion.objects.filter(program_id__in=programs, version=Subquery(newest))
        .exclude(program__state=Program.State.CLOSED)
        .exclude(Exists(signed_by_a_sponsor))
        .select_related("program")
        .order_by("program__name")
    )


def sponsor_items(sponsored: set[int], today: date) -> list[Item]:
    """A charter to sign, and the checkpoints of the next two weeks."""
    if not sponsored:
        return []
    to_sign = [
        Item(
            done=False,
            heading=f"Sign the charter of {charter.program.name}",
            text=f"Version {charter.version} is ready for your signature.",
            link_text="Read and sign",
            url=reverse("governance:charter", args=[charter.program.public_id]),
        )
        for charter in _latest_unsigned(sponsored)
    ]
    coming = (
        Checkpoint.objects.filter(
            program_id__in=sponsored,
            held_on__isnull=True,
            due_date__gte=today,
            due_date__lte=today + CHECKPOINT_NOTICE,
        )
        .exclude(program__state=Program.State.CLOSED)
        .select_related("program", "cohort")
    )
    return to_sign + [
        Item(
            done=False,
            heading=f"{checkpoint.label} on {checkpoint.due_date:%A %d %B}",
            text=f"{checkpoint.program.name}: {COMMITMENT[checkpoint.kind]}",
            link_text="See the program's checkpoints",
            url=reverse("governance:governance", args=[checkpoint.program.public_id]),
        )
        for checkpoint in coming
    ]


# What the sponsor committed to in the charter, checkpoint by checkpoint.
COMMITMENT: dict[str, str] = {
    Checkpoint.Kind.KICKOFF: "you open it, to show the program matters.",
    Checkpoint.Kind.MID: "you hear what the pairs are learning and what blocks them.",
    Checkpoint.Kind.QUARTERLY: "you review progress and the flags with the program lead.",
    Checkpoint.Kind.CLOSE: "you recognise the pairs in public and decide what comes next.",
}


def owner_items(user_id: int) -> list[Item]:
    """Insights given to this person to act on, until they say what happened to them."""
    waiting = Insight.objects.filter(
        owner__account_id=user_id,
        state__in=(Insight.State.ESCALATED, Insight.State.IN_PROGRESS),
    ).count()
    return _waiting(
        waiting,
        heading=f"{waiting} insight{'s' if waiting != 1 else ''} for you to act on",
        text="A pair in a reverse mentoring program chose you as the owner.",
        link_text="Read and update",
        url=reverse("workspace:all_insights"),
    )
