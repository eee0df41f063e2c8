from datetime import date
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate

from upward.core.viewer import Role, get_viewer
from upward.pagination import Paging
from upward.programs import selectors
from upward.programs.access import get_pair_for_user, get_program_for_user
from upward.programs.models import Pair
from upward.programs.selectors import CohortHealth, ProgramSummary

router = Router(tags=["programs"])
pairs_router = Router(tags=["pairs"])


class CohortOut(Schema):
    id: UUID
    name: str
    start_date: date
    end_date: date
    phase: str
    mentors: int
    mentees: int
    pairs_active: int
    pairs_total: int

    @staticmethod
    def of(health: CohortHealth) -> "CohortOut":
        cohort = health.cohort
        return CohortOut(
            id=cohort.public_id,
            name=cohort.name,
            start_date=cohort.start_date,
            end_date=cohort.end_date,
            phase=health.phase,
            mentors=health.mentors,
            mentees=health.mentees,
            pairs_active=health.pairs_active,
            pairs_total=health.pairs_total,
        )


class ProgramOut(Schema):
    id: UUID
    name: str
    program_type: str
    objective: str
    start_date: date
    end_date: date
    your_roles: list[str]
    cohorts: list[CohortOut]

    @staticmethod
    def of(summary: ProgramSummary) -> "ProgramOut":
        program = summary.program
        return ProgramOut(
            id=program.public_id,
            name=program.name,
            program_type=program.program_type,
            objective=program.objective,
            start_date=program.start_date,
            end_date=program.end_date,
            your_roles=sorted(summary.roles),
            cohorts=[CohortOut.of(h) for h in summary.cohorts],
        )


class MemberOut(Schema):
    name: str
    title: str
    department: str | None


class PairOut(Schema):
    id: UUID
    program: str
    cohort: str
    state: str
    started_on: date | None
    mentor: MemberOut
    mentee: MemberOut

    @staticmethod
    def of(pair: Pair) -> "PairOut":
        def member(employee) -> MemberOut:  # type: ignore[no-untyped-def]
            return MemberOut(
                name=employee.display_name,
                title=employee.title,
                department=employee.department.name if employee.department else None,
            )

        return PairOut(
            id=pair.public_id,
            program=pair.cohort.program.name,
            cohort=pair.cohort.name,
            state=pair.state,
            started_on=pair.started_on,
            mentor=member(pair.mentor.employee),
            mentee=member(pair.mentee.employee),
        )


@router.get("/", response=list[ProgramOut], summary="Programs you hold a role in")
@paginate(Paging)
def list_programs(request: HttpRequest) -> list[ProgramOut]:
    viewer = get_viewer(request)
    summaries = selectors.program_summaries(
        viewer, selectors.visible_programs(viewer), timezone.localdate()
    )
    return [ProgramOut.of(summary) for summary in summaries]


@router.get("/{program_id}", response=ProgramOut, summary="One program with cohort health")
def get_program(request: HttpRequest, program_id: UUID) -> ProgramOut:
    viewer = get_viewer(request)
    program = get_program_for_user(
        viewer, program_id, action_roles=(Role.LEAD, Role.SPONSOR, Role.ANALYST)
    )
    programs = selectors.visible_programs(viewer).filter(pk=program.pk)
    return ProgramOut.of(selectors.program_summaries(viewer, programs, timezone.localdate())[0])


@pairs_router.get("/mine", response=list[PairOut], summary="The pairs you are a member of")
@paginate(Paging)
def my_pairs(request: HttpRequest) -> list[PairOut]:
    return [PairOut.of(pair) for pair in selectors.pairs_of_viewer(get_viewer(request))]


@pairs_router.get("/{pair_id}", response=PairOut, summary="One pair")
def get_pair(request: HttpRequest, pair_id: UUID) -> PairOut:
    return PairOut.of(get_pair_for_user(get_viewer(request), pair_id))
