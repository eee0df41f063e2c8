"""Demo data for the alumni loop: the pilot's graduates as alumni (some listed, some open to
coming back, one invited back), and a pilot mentor guiding three of the running cohort's
mentors, the `mentor` login among them, with a few check-ins."""

from datetime import date, timedelta

from upward.alumni.models import Alumnus, GuideAppointment, GuideCheckIn, GuidedMentor
from upward.alumni.services import alumni_record
from upward.people.models import Employee
from upward.programs.models import Cohort, Pair, Participant

CHECK_INS = (
    (20, "Helped plan the first session's agenda: start from one real task, not a demo."),
    (6, "Talked through raising two cancelled sessions; they'll bring it up at the next one."),
)


def build_alumni_demo(pilot: Cohort, current: Cohort, today: date) -> Employee:
    """Returns the guide, whose account the demo prints as the `guide` login."""
    graduated = pilot.pairs.filter(state=Pair.State.CLOSED).order_by("pk")
    alumni_record(pairs=list(graduated), way=Alumnus.Way.CLOSURE)
    alumni = list(Alumnus.objects.filter(program=pilot.program).order_by("pk"))
    for index, alumnus in enumerate(alumni):
        alumnus.listed = index % 3 != 2  # most choose to be listed; some don't
        alumnus.open_to_return = index % 4 == 0
        alumnus.save(update_fields=["listed", "open_to_return"])
    mentors = [a for a in alumni if a.role == Participant.Role.MENTOR and _here(a.employee)]
    _invite_back(mentors[1], today)
    _guide(mentors[0].employee, current, today)
    return mentors[0].employee


def _here(employee: Employee) -> bool:
    return employee.status != Employee.StatusChoices.EXITED and employee.account_id is not None


def _invite_back(alumnus: Alumnus, today: date) -> None:
    """Invited to the next cohort and not yet answered: the alumni page shows it waiting."""
    later = Cohort.objects.filter(
        program_id=alumnus.program_id, start_date__gt=today, state=Cohort.State.UPCOMING
    ).first()
    if later is None:
        return
    Participant.objects.create(
        cohort=later, employee=alumnus.employee, role=Participant.Role.MENTOR
    )
    alumnus.state = Alumnus.State.INVITED_BACK
    alumnus.invited_back_to, alumnus.invited_back_on = later, today - timedelta(days=2)
    alumnus.save(update_fields=["state", "invited_back_to", "invited_back_on"])


def _guide(guide: Employee, current: Cohort, today: date) -> None:
    """The pilot mentor guides the `mentor` login and two more of the running cohort."""
    mentors = list(
        current.participants.filter(
            role=Participant.Role.MENTOR, pairs_as_mentor__state=Pair.State.ACTIVE
        )
        .select_related("employee__account")
        .order_by("pk")
    )
    first = next(
        m for m in mentors if m.employee.account and m.employee.account.username == "mentor"
    )
    chosen = [first, *[m for m in mentors if m.pk != first.pk][:2]]
    appointment = GuideAppointment.objects.create(
        cohort=current, guide=guide, appointed_on=today - timedelta(days=30)
    )
    guided = [GuidedMentor.objects.create(appointment=appointment, mentor=m) for m in chosen]
    for days_ago, text in CHECK_INS:
        GuideCheckIn.objects.create(
            guided=guided[0], held_on=today - timedelta(days=days_ago), text=text
        )
    GuideCheckIn.objects.create(
        guided=guided[1],
        held_on=today - timedelta(days=12),
        text="Shared the prompt list; they plan to try the 'show me your week' opener.",
    )
