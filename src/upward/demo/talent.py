"""Demo data for outcomes going to talent reviews: three members of the pilot's closed pairs
have said yes (two mentees and a mentor), and the lead has written one note, so the lead's
outcomes page and its downloads have rows. The program's decision is left for the lead to make."""

from upward.people.models import Employee
from upward.programs.models import Cohort, Pair
from upward.talent.services import lead_note_save, outcome_consent_set

LEAD_NOTE = (
    "Led the pilot's best-rated pair; ready to coach the next cohort's mentors and a good "
    "candidate for the digital leadership track."
)


def _pilot_pairs(pilot: Cohort) -> list[Pair]:
    """Closed pilot pairs with a goal, both members still with the organisation."""
    return list(
        pilot.pairs.filter(state=Pair.State.CLOSED, goal__isnull=False)
        .exclude(mentor__employee__status=Employee.StatusChoices.EXITED)
        .exclude(mentee__employee__status=Employee.StatusChoices.EXITED)
        .select_related("cohort__program", "mentor__employee", "mentee__employee")
        .order_by("pk")[:2]
    )


def build_talent_demo(pilot: Cohort) -> None:
    pairs = _pilot_pairs(pilot)
    if len(pairs) < 2:
        return
    first = outcome_consent_set(pair=pairs[0], participant=pairs[0].mentee, share=True)
    outcome_consent_set(pair=pairs[0], participant=pairs[0].mentor, share=True)
    outcome_consent_set(pair=pairs[1], participant=pairs[1].mentee, share=True)
    lead_note_save(consent=first, text=LEAD_NOTE)
