"""Who reaches a person's record and an HRIS import: every lookup by id goes through here.

People managers (HR, site admins) read the directory; a person outside what the viewer may read,
or an import someone else started, is a 404. An action the viewer's role may not take on a
person they can see is a 403.
"""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from upward.accounts.models import User
from upward.core.viewer import Role, Viewer, require_people_manager
from upward.people import imports, selectors
from upward.people.models import Employee, ImportJob


def get_profile_for_people_manager(viewer: Viewer, person_id: UUID) -> selectors.PersonProfile:
    require_people_manager(viewer)
    profile = selectors.person_profile(person_id)
    if profile is None:
        raise Http404("No such person.")
    return profile


def get_person_for_people_manager(viewer: Viewer, person_id: UUID) -> Employee:
    require_people_manager(viewer)
    return _person(person_id)


def get_person_for_site_admin(viewer: Viewer, person_id: UUID) -> Employee:
    """Anyone, for a site administrator (their setup and personal-data pages); 403 for others."""
    if not viewer.is_site_admin:
        raise PermissionDenied
    return _person(person_id)


def get_login_to_sign_out(viewer: Viewer, person_id: UUID) -> tuple[Employee, User]:
    """A person's login, for a lead of a program they take part in, or a site admin. Other
    people managers see the person in the directory, but theirs is not to sign them out (403)."""
    employee = get_person_for_people_manager(viewer, person_id)
    led = viewer.programs_with(Role.LEAD)
    if (
        not viewer.is_site_admin
        and not employee.participations.filter(cohort__program_id__in=led).exists()
    ):
        raise PermissionDenied
    if employee.account is None:
        raise Http404("This person has no login.")
    return employee, employee.account


def get_person_within(people: QuerySet[Employee], person_id: UUID) -> Employee:
    """One person of the directory the request may read (a program-scoped token reads only its
    program's people)."""
    person = people.filter(public_id=person_id).first()
    if person is None:
        raise Http404("No such person.")
    return person


def get_import_for_people_manager(viewer: Viewer, job_id: UUID) -> ImportJob:
    """An import the viewer started (any import, for a site admin), for the page and the API."""
    require_people_manager(viewer)
    job = (
        selectors.import_jobs_for(viewer.user, is_site_admin=viewer.is_site_admin)
        .filter(public_id=job_id)
        .first()
    )
    if job is None:
        raise Http404("No such import.")
    return job


def get_refused_rows(job: ImportJob) -> bytes:
    """The refused rows of an import of the valid rows only; any other import has none."""
    content = imports.refused_rows_download(job)
    if content is None:
        raise Http404("This import has no refused rows to download.")
    return content


def _person(person_id: UUID) -> Employee:
    employee = (
        Employee.objects.select_related("department", "account").filter(public_id=person_id).first()
    )
    if employee is None:
        raise Http404("No such person.")
    return employee
