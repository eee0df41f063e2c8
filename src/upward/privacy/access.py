"""Whose personal data a request reaches: one's own here; anyone's, for a site administrator,
through people.access.get_person_for_site_admin."""

from django.http import Http404

from upward.core.viewer import Viewer
from upward.people.models import Employee


def get_own_person_record(viewer: Viewer) -> Employee:
    employee = Employee.objects.filter(account=viewer.user).first()
    if employee is None:
        raise Http404("There is no person record for this login.")
    return employee
