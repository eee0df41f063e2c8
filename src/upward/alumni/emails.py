"""Emails about guides: a first name, counts and links, nothing from anyone's pair."""

from django.conf import settings
from django.urls import reverse

from upward.alumni.models import GuideAppointment, GuidedMentor
from upward.notifications.outbox import queue_email
from upward.programs.models import Pair


def _link(name: str, *args: object) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _mentor_link(row: GuidedMentor) -> str:
    """The mentor's pair page, where their guide shows; their home page if they have no pair."""
    pair = Pair.objects.filter(mentor=row.mentor, state__in=Pair.OPEN_STATES).first()
    return _link("workspace:pair", pair.public_id) if pair else _link("home")


def queue_guide_appointed(appointment: GuideAppointment, added: list[GuidedMentor]) -> None:
    """The guide hears how many mentors they now guide and where to find them; each mentor
    hears who their guide is."""
    guide = appointment.guide
    cohort = appointment.cohort
    queue_email(
        key=f"guide_appointed:{appointment.public_id}:{min(row.pk for row in added)}",
        to=guide.email,
        template="guide_appointed",
        language=guide.language,
        context={
            "first_name": guide.preferred_name or guide.first_name,
            "program": cohort.program.name,
            "cohort": cohort.name,
            "mentors": len(added),
            "link": _link("alumni:guide", appointment.public_id),
        },
    )
    for row in added:
        mentor = row.mentor.employee
        queue_email(
            key=f"guide_introduced:{row.pk}",
            to=mentor.email,
            template="guide_introduced",
            language=mentor.language,
            context={
                "first_name": mentor.preferred_name or mentor.first_name,
                "guide": guide.display_name,
                "program": cohort.program.name,
                "link": _mentor_link(row),
            },
        )
