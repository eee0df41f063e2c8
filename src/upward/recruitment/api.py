from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from upward.api_errors import ErrorOut, refused
from upward.competencies.models import Competency
from upward.core.viewer import get_viewer
from upward.people.models import Employee
from upward.programs.access import get_cohort_for_lead
from upward.programs.models import Participant
from upward.recruitment import services
from upward.recruitment.access import get_invitation_for_invitee
from upward.recruitment.forms import COMMON_ZONES

router = Router(tags=["recruitment"])


class InviteIn(Schema):
    role: str = Field(..., pattern="^(mentor|mentee)$")
    people: list[UUID]


class ParticipantOut(Schema):
    id: UUID
    name: str
    role: str
    state: str
    consented: bool
    intake_done: bool

    @staticmethod
    def of(p: Participant) -> "ParticipantOut":
        return ParticipantOut(
            id=p.public_id,
            name=p.employee.display_name,
            role=p.role,
            state=p.state,
            consented=p.consent_at is not None,
            intake_done=p.intake_completed_at is not None,
        )


class AnswerIn(Schema):
    accept: bool
    consent: bool = False


class IntakeIn(Schema):
    goals: str = Field(..., max_length=2000)
    wants: list[UUID] = Field(default_factory=list)
    interests: list[str] = Field(default_factory=list)
    slots: list[str] = Field(default_factory=list)
    time_zone: str = "UTC"
    channel: str = "video"
    language: str = Field("English", max_length=40)
    levels: dict[UUID, int] = Field(
        default_factory=dict, description="Competency id -> your level, 1 to 5"
    )


@router.post(
    "/cohorts/{cohort_id}/invitations",
    response={201: list[ParticipantOut], 400: ErrorOut},
    summary="Invite people into a cohort (the lead)",
)
def invite(
    request: HttpRequest, cohort_id: UUID, body: InviteIn
) -> Status[list[ParticipantOut] | ErrorOut]:
    cohort = get_cohort_for_lead(get_viewer(request), cohort_id)
    people = list(Employee.objects.filter(public_id__in=body.people))
    try:
        invited = services.invite(cohort=cohort, employees=people, role=body.role)
    except ValidationError as error:
        return refused(400, error)
    return Status(201, [ParticipantOut.of(p) for p in invited])


@router.post(
    "/invitations/{participant_id}/answer",
    response={200: ParticipantOut, 400: ErrorOut},
    summary="Accept (with consent) or decline your invitation",
)
def answer(
    request: HttpRequest, participant_id: UUID, body: AnswerIn
) -> Status[ParticipantOut | ErrorOut]:
    participant = get_invitation_for_invitee(get_viewer(request), participant_id)
    if body.accept and not body.consent:
        return refused(400, "Consent is needed to take part.")
    try:
        services.respond(participant, accept=body.accept)
    except ValidationError as error:
        return refused(400, error)
    return Status(200, ParticipantOut.of(participant))


@router.put(
    "/invitations/{participant_id}/intake",
    response={200: ParticipantOut, 400: ErrorOut},
    summary="Submit your intake",
)
def submit_intake(
    request: HttpRequest, participant_id: UUID, body: IntakeIn
) -> Status[ParticipantOut | ErrorOut]:
    participant = get_invitation_for_invitee(get_viewer(request), participant_id)
    competencies = {c.public_id: c for c in Competency.objects.all()}
    problems = _intake_problems(body, participant, competencies)
    if problems:
        return refused(400, " ".join(problems))
    try:
        services.intake_save(
            participant,
            goals=body.goals,
            wants=[competencies[w] for w in body.wants],
            interests=body.interests,
            slots=body.slots,
            time_zone=body.time_zone,
            channel=body.channel,
            language=body.language,
            levels={competencies[k].pk: v for k, v in body.levels.items()},
        )
    except ValidationError as error:
        return refused(400, error)
    return Status(200, ParticipantOut.of(participant))


def _intake_problems(
    body: IntakeIn, participant: Participant, competencies: dict[UUID, Competency]
) -> list[str]:
    problems = []
    if any(k not in competencies for k in [*body.wants, *body.levels]):
        problems.append("Unknown competency.")
    if any(not 1 <= v <= 5 for v in body.levels.values()):
        problems.append("Levels run from 1 to 5.")
    if body.time_zone not in COMMON_ZONES:
        problems.append(f"Time zone must be one of: {', '.join(COMMON_ZONES)}.")
    if body.channel not in Participant.Channel.values:
        problems.append("Channel must be video, in_person or mixed.")
    if participant.role == "mentee" and not 1 <= len(body.wants) <= 5:
        problems.append("Choose between 1 and 5 skills you want to learn.")
    return problems
