"""Hand-offs of matching, announced through the outbox: a mentee asked for you; you are
matched (who, why, the first step). First names, titles and links only."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from upward.matching.models import MatchRound, Proposal
from upward.notifications.outbox import queue_email
from upward.people.models import Employee
from upward.programs.models import Pair, Participant


def _first(employee: Employee) -> str:
    return employee.preferred_name or employee.first_name


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _round_email(
    match_round: MatchRound, employee: Employee, *, key: str, template: str, link: str
) -> bool:
    """One email about a choosing round: who, which program, the answer deadline, the link."""
    email = queue_email(
        key=key,
        to=employee.email,
        template=template,
        language=employee.language,
        context={
            "first_name": _first(employee),
            "program": match_round.cohort.program.name,
            "answers_due": (
                date_format(match_round.answers_due, "j F") if match_round.answers_due else ""
            ),
            "link": link,
        },
    )
    return email is not None


def queue_request_emails(match_round: MatchRound, mentee: Participant, mentors: list) -> None:
    """Each mentor a mentee asked for hears once per round and mentee (re-ranking sends no
    more), without the rank: mentors never see where they stood."""
    link = _site(reverse("matching:requests", args=[match_round.public_id]))
    for mentor in mentors:
        _round_email(
            match_round,
            mentor.employee,
            key=f"match_request:{match_round.pk}:{mentee.pk}:{mentor.pk}",
            template="match_request",
            link=link,
        )


def queue_match_emails(pairs: list[Pair], proposals: list[Proposal]) -> None:
    """Both members of every new pair: who their partner is, why they were matched, when it
    starts and the first step."""
    reasons = {(p.mentee_id, p.mentor_id): list(p.reasons)[:4] for p in proposals}
    today = timezone.localdate()
    for pair in pairs:
        starts = pair.started_on or pair.cohort.start_date
        for member, partner in ((pair.mentor, pair.mentee), (pair.mentee, pair.mentor)):
            employee, other = member.employee, partner.employee
            queue_email(
                key=f"matched:{pair.pk}:{member.pk}",
                to=employee.email,
                template="matched",
                language=employee.language,
                context={
                    "first_name": _first(employee),
                    "partner": other.display_name,
                    "partner_title": other.title,
                    "role": member.role,
                    "reasons": reasons.get((pair.mentee_id, pair.mentor_id), []),
                    "starts": date_format(starts, "j F Y") if starts > today else "",
                    "link": _site(reverse("workspace:pair", args=[pair.public_id])),
                },
            )


def queue_shortlist_emails(match_round: MatchRound) -> int:
    """Each mentee with a shortlist hears it is ready to rank, once per round (a re-run that
    rebuilds the shortlists sends no more). Returns how many were queued."""
    link = _site(reverse("matching:shortlist", args=[match_round.public_id]))
    mentees = Participant.objects.filter(
        pk__in=match_round.shortlist.values("mentee")
    ).select_related("employee")
    return sum(
        _round_email(
            match_round,
            mentee.employee,
            key=f"shortlist_ready:{match_round.pk}:{mentee.pk}",
            template="shortlist_ready",
            link=link,
        )
        for mentee in mentees
    )
