from datetime import date
from typing import Any, Literal
from uuid import UUID

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from upward.api_errors import ErrorOut, refused
from upward.core.viewer import (
    ProgramScopedToken,
    Viewer,
    get_viewer,
    require_people_manager,
    token_program_id,
)
from upward.pagination import Paging
from upward.people import imports, selectors
from upward.people.access import get_import_for_people_manager, get_person_within
from upward.people.hris_files import UploadRejected
from upward.people.models import Employee, ImportJob
from upward.people.selectors import people_of_program

router = Router(tags=["people"])
DAY_FIRST = {"auto": None, "day_first": True, "month_first": False}


class PersonOut(Schema):
    id: UUID
    employee_id: str
    name: str
    email: str
    title: str
    department: str | None
    level: int | None
    manager_id: UUID | None
    hire_date: date | None
    time_zone: str
    status: str
    exit_date: date | None
    exit_type: str

    # Resolvers let the schema read an Employee row directly (public ids, never row ids).
    @staticmethod
    def resolve_id(person: Employee) -> UUID:
        return person.public_id

    @staticmethod
    def resolve_name(person: Employee) -> str:
        return person.display_name

    @staticmethod
    def resolve_department(person: Employee) -> str | None:
        return person.department.name if person.department else None

    @staticmethod
    def resolve_manager_id(person: Employee) -> UUID | None:
        return person.manager.public_id if person.manager else None


class ImportJobOut(Schema):
    id: UUID
    filename: str
    state: str
    total_rows: int
    processed_rows: int
    counts: dict[str, int]
    report: dict[str, Any]

    @staticmethod
    def of(job: ImportJob) -> "ImportJobOut":
        return ImportJobOut(
            id=job.public_id,
            filename=job.filename,
            state=job.state,
            total_rows=job.total_rows,
            processed_rows=job.processed_rows,
            counts=job.counts,
            report=job.report,
        )


def _manager(request: HttpRequest) -> Viewer:
    viewer = get_viewer(request)
    require_people_manager(viewer)
    return viewer


def _importer(request: HttpRequest) -> Viewer:
    """HRIS imports change the whole organisation's people data: a token scoped to one program
    never reaches them, whoever made it."""
    if token_program_id(request) is not None:
        raise ProgramScopedToken
    return _manager(request)


def _people(request: HttpRequest, *, query: str = "", status: str = "") -> QuerySet[Employee]:
    """The directory, or for a token scoped to one program that program's people only (its
    participants and role holders): the token never reads the rest of the organisation."""
    people = selectors.search_people(query=query, status=status)
    program_id = token_program_id(request)
    if program_id is not None:
        people = people.filter(
            pk__in=Employee.objects.filter(people_of_program(program_id)).values("pk")
        )
    return people


@router.get("/", response=list[PersonOut], summary="People (HR only)")
@paginate(Paging)
def list_people(request: HttpRequest, q: str = "", status: str = "") -> list[PersonOut]:
    _manager(request)
    return _people(request, query=q[:100], status=status)  # type: ignore[return-value]


@router.post(
    "/imports",
    response={201: ImportJobOut, 400: ErrorOut},
    summary="Upload an HRIS file; it is checked (dry run) in the background",
)
def create_import(
    request: HttpRequest,
    file: File[UploadedFile],
    date_order: Form[Literal["auto", "day_first", "month_first"]] = "auto",
) -> Status[ImportJobOut | ErrorOut]:
    viewer = _importer(request)
    try:
        job = imports.import_job_create(
            user=viewer.user,
            filename=file.name or "upload",
            content=file.read(),
            day_first=DAY_FIRST[date_order],
        )
    except UploadRejected as rejected:
        return refused(400, str(rejected))
    job.refresh_from_db()
    return Status(201, ImportJobOut.of(job))


@router.get("/imports/{job_id}", response=ImportJobOut, summary="An import's progress and report")
def get_import(request: HttpRequest, job_id: UUID) -> ImportJobOut:
    return ImportJobOut.of(get_import_for_people_manager(_importer(request), job_id))


@router.post(
    "/imports/{job_id}/apply",
    response={202: ImportJobOut, 409: ErrorOut},
    summary="Apply a checked import with no errors",
)
def apply_import(request: HttpRequest, job_id: UUID) -> Status[ImportJobOut | ErrorOut]:
    job = get_import_for_people_manager(_importer(request), job_id)
    try:
        imports.import_job_request_apply(job)
    except ValueError as problem:
        return refused(409, str(problem))
    job.refresh_from_db()
    return Status(202, ImportJobOut.of(job))


# Declared last: "/{person_id}" would otherwise capture "/imports".
@router.get("/{person_id}", response=PersonOut, summary="One person (HR only)")
def get_person(request: HttpRequest, person_id: UUID) -> Employee:
    _manager(request)
    return get_person_within(_people(request), person_id)
