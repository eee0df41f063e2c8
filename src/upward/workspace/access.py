"""Who reaches what in a pair's workspace: every id turned into an object for a viewer is
turned here.

A pair's two members write in it; the program's lead may read most of it (403 where only a
member may act); the private parts (session notes, journals) stay with their writers. Anything
out of reach is a 404, so its existence stays hidden.
"""

from datetime import date
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from upward.accounts.models import User
from upward.core.viewer import Role, Viewer
from upward.integrations import feeds
from upward.programs.access import get_pair_for_user
from upward.programs.models import Pair, Participant
from upward.workspace import selectors
from upward.workspace import sessions as session_service
from upward.workspace.models import Concern, Insight, JournalEntry, Session, Story


def member_of(viewer: Viewer, pair: Pair) -> Participant:
    """The viewer's side of the pair. The lead may read the workspace but not write in it."""
    if pair.pk in viewer.mentor_pair_ids:
        return pair.mentor
    if pair.pk in viewer.mentee_pair_ids:
        return pair.mentee
    raise PermissionDenied


def get_pair_for_member(viewer: Viewer, pair_id: UUID) -> tuple[Pair, Participant]:
    """The pair (scoped to the viewer: 404 outside it) and the viewer's side of it (403 for
    the lead and others who may read but not write)."""
    pair = get_pair_for_user(viewer, pair_id)
    return pair, member_of(viewer, pair)


def get_goal_of_pair(pair: Pair, today: date) -> selectors.GoalView:
    """The pair's goal and progress, for someone who already reaches the pair."""
    view = selectors.goal_view(pair, today)
    if view is None:
        raise Http404("This pair has no goal yet.")
    return view


def get_session_for_member(viewer: Viewer, session_id: UUID) -> Session:
    """A session of one of the viewer's own pairs: the log holds private notes."""
    session = (
        Session.objects.select_related(
            "pair__cohort__program", "pair__mentor__employee", "pair__mentee__employee"
        )
        .filter(public_id=session_id)
        .first()
    )
    if session is None:
        raise Http404("No such session.")
    get_pair_for_user(viewer, session.pair.public_id)  # 404 / 403 for people outside the pair
    member_of(viewer, session.pair)  # the lead sees that sessions happened, never the notes
    return session


def get_user_for_calendar_token(token: str) -> User:
    """Whose calendar a subscription link opens: the token is the credential."""
    user = session_service.user_for_calendar_token(token)
    if user is None:
        raise Http404("Unknown or revoked calendar link.")
    return user


def get_pair_for_journal_author(viewer: Viewer, pair_id: UUID) -> tuple[Pair, Participant]:
    """The pair and the viewer's side of it; anyone who is not one of its members gets a 404
    (a journal is its author's alone, so not even the lead learns it exists)."""
    try:
        return get_pair_for_member(viewer, pair_id)
    except PermissionDenied:
        raise Http404("No such journal.") from None


def get_entry_for_author(viewer: Viewer, entry_id: UUID) -> JournalEntry:
    entry = (
        JournalEntry.objects.select_related("pair")
        .filter(public_id=entry_id, pair_id__in=viewer.pair_ids)
        .first()
    )
    if entry is None:
        raise Http404("No such entry.")
    _, member = get_pair_for_journal_author(viewer, entry.pair.public_id)
    if entry.author_id != member.pk:
        raise Http404("No such entry.")
    return entry


def require_program_lead(viewer: Viewer) -> set[int]:
    """The programs the viewer leads; 403 for someone who leads none (site admins are not
    leads)."""
    led = viewer.programs_with(Role.LEAD)
    if not led:
        raise PermissionDenied
    return led


def get_concern_for_lead(viewer: Viewer, concern_id: UUID) -> Concern:
    """A concern raised in a program the viewer leads: it is for the lead's eyes only."""
    concern = Concern.objects.select_related("pair__cohort").filter(public_id=concern_id).first()
    if concern is None or not viewer.has_program_role(concern.pair.cohort.program_id, Role.LEAD):
        raise Http404("No such concern.")
    return concern


def insights_for_viewer(viewer: Viewer) -> tuple[QuerySet[Insight], bool]:
    """The insights the viewer sees, and whether they lead a program: leads see the shared
    insights across their programs, owners the ones given to them."""
    led = viewer.programs_with(Role.LEAD)
    employee = getattr(viewer.user, "employee", None)
    scope = Q(pair__cohort__program_id__in=led, share_consent=True)
    if employee is not None:
        scope |= Q(owner=employee)
    return Insight.objects.filter(scope), bool(led)


def get_insight_for_viewer(viewer: Viewer, insight_id: UUID) -> Insight:
    visible, _ = insights_for_viewer(viewer)
    insight = visible.filter(public_id=insight_id).first()
    if insight is None:
        raise Http404("No such insight.")
    return insight


def get_story_for_member(viewer: Viewer, pair_id: UUID) -> tuple[Story, Participant]:
    """The pair's story and the viewer's side of the pair, for a member agreeing to it."""
    pair, member = get_pair_for_member(viewer, pair_id)
    story = Story.objects.filter(pair=pair).first()
    if story is None:
        raise Http404("This pair has no story yet.")
    return story, member


def get_story_for_lead(viewer: Viewer, story_id: UUID) -> Story:
    """A story from a program the viewer leads: only its lead publishes it."""
    story = Story.objects.select_related("pair__cohort").filter(public_id=story_id).first()
    if story is None or not viewer.has_program_role(story.pair.cohort.program_id, Role.LEAD):
        raise Http404("No such story.")
    return story


def require_feed_key(key: str) -> None:
    """A reader holding a wrong or renewed-away secret learns nothing: 404."""
    if not feeds.opens_the_feed(key):
        raise Http404("No such feed.")
