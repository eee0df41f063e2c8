"""Every kind of email Upward sends, and whether a person may switch it off.

Essential ones carry a decision or a credential (an invitation, a set-password link, a charter
to sign, who you are matched with): they are always sent. The rest are reminders and notices a
person can do without because the same thing waits on their home page. A template missing from
this list counts as essential, so a new kind is never silently suppressed."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    template: str
    label: str  # how the person reads it on their email page
    essential: bool


KINDS = (
    Kind("invitation", "Invitations to take part in a program", essential=True),
    Kind("password_link", "Links to choose or reset your password", essential=True),
    Kind("charter_to_sign", "A program charter waiting for your signature", essential=True),
    Kind("matched", "Who you are matched with, and the first step", essential=True),
    Kind("concern_answered", "The program lead has acted on a concern you raised", essential=True),
    Kind("check_in", "A routine check-in from the program lead", essential=True),
    Kind("survey_invitation", "A survey opens for you", essential=True),
    Kind("shortlist_ready", "Your shortlist of possible mentors is ready to rank", essential=True),
    Kind("setup_test", "Test emails sent by a site administrator", essential=True),
    Kind("guide_appointed", "You were asked to guide other mentors", essential=True),
    Kind(
        "session_change",
        "Calendar invitations when sessions are planned, moved or cancelled",
        essential=False,
    ),
    Kind("session_reminder", "A reminder the day before each session", essential=False),
    Kind("quiet_pair", "A nudge when your pair has not met for a few weeks", essential=False),
    Kind("survey_reminder", "Reminders about a survey you have not answered yet", essential=False),
    Kind("match_request", "A mentee asked for you as their mentor", essential=False),
    Kind("insight_assigned", "An insight was given to you to act on", essential=False),
    Kind("checkpoint_coming", "A week's notice of a sponsor checkpoint", essential=False),
    Kind("circle_added", "You were added to a circle of fellow mentors", essential=False),
    Kind(
        "circle_session",
        "Calendar invitations when your circle plans or cancels a session",
        essential=False,
    ),
    Kind("guide_introduced", "Who your guide is, when one is appointed", essential=False),
)

OPTIONAL = frozenset(kind.template for kind in KINDS if not kind.essential)
