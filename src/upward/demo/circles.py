"""Demo data for circles: one circle of mentors from the pilot and the running cohort, the
`mentor` login among them, with two shared notes and a session coming up."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from upward.accounts.models import User
from upward.circles.models import Circle, CircleMember, CircleNote, CircleSession
from upward.circles.selectors import mentors_of, zone_of
from upward.domain import time_zones
from upward.programs.models import Participant, Program

CIRCLE_SIZE = 5
NOTES = (
    "Showing my leader a prompt that failed, and why, did more than any demo that worked.",
    "We agreed the first ten minutes are for their questions, not my agenda. It changed the "
    "tone of every session since.",
)


def _meets(a: Participant, b: Participant, day: date) -> bool:
    shared = time_zones.shared_window(day, zone_of(a.employee), zone_of(b.employee))
    return shared is not None and shared.minutes >= 120


def _members(program: Program, mentor: Participant, today: date) -> list[Participant]:
    """The mentor, then alternately pilot alumni and current mentors who share their hours."""
    others = [
        p
        for p in mentors_of(program)
        if p.employee_id != mentor.employee_id and p.cohort.start_date <= today
    ]
    fitting = [p for p in others if _meets(mentor, p, today)]
    pilot = [p for p in fitting if p.cohort_id != mentor.cohort_id]
    current = [p for p in fitting if p.cohort_id == mentor.cohort_id]
    mixed = [p for pair in zip(pilot, current, strict=False) for p in pair]
    return [mentor, *mixed][:CIRCLE_SIZE]


def _when_all_work(members: list[Participant], day: date) -> datetime:
    """The latest of the hours each member's working day starts to overlap the first member's:
    for the demo's circle (London, Berlin, Singapore) everyone is then at work."""
    zone = zone_of(members[0].employee)
    starts = [
        window.start
        for m in members
        if (window := time_zones.shared_window(day, zone, zone_of(m.employee))) is not None
    ]
    return max(starts, default=datetime.combine(day, time(10, 0), tzinfo=ZoneInfo(zone)))


def build_circle_demo(program: Program, today: date) -> Circle:
    lead = User.objects.get(username="lead")
    mentor_account = User.objects.get(username="mentor")
    mentor = Participant.objects.select_related("employee", "cohort").get(
        employee__account=mentor_account, cohort__program=program, role="mentor"
    )
    members = _members(program, mentor, today)
    circle = Circle.objects.create(
        program=program,
        name="AI tools circle",
        focus="Getting leaders to use AI assistants on their real work",
        cadence_weeks=4,
        formed_by=lead,
    )
    CircleMember.objects.bulk_create(
        [CircleMember(circle=circle, employee=p.employee, cohort=p.cohort) for p in members]
    )
    for author, text in zip((members[1], members[0]), NOTES, strict=True):
        CircleNote.objects.create(circle=circle, author=author.employee, text=text)
    CircleSession.objects.create(
        circle=circle,
        starts_at=_when_all_work(members, today + timedelta(days=9)),
        minutes=60,
        place="https://meet.example/ai-tools-circle",
        scheduled_by=mentor_account,
    )
    return circle
