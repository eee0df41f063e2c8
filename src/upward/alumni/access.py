"""Who may see and do what with alumni and guides. Outside the viewer's reach: 404; seen but
not theirs to act on: 403 (the rule in programs/access.py)."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from upward.alumni.models import Alumnus, GuideAppointment, GuidedMentor
from upward.core.viewer import Role, Viewer
from upward.programs.access import get_program_for_user
from upward.programs.models import Participant, Program


def leads(viewer: Viewer, program_id: int) -> bool:
    return viewer.is_site_admin or viewer.has_program_role(program_id, Role.LEAD)


def get_program_for_staff(viewer: Viewer, program_id: UUID) -> Program:
    """Lead, sponsor, analyst or site admin: anyone who runs or watches the program."""
    return get_program_for_user(viewer, program_id)


def get_program_for_lead(viewer: Viewer, program_id: UUID) -> Program:
    return get_program_for_user(viewer, program_id, action_roles=(Role.LEAD,))


def get_program_for_member(viewer: Viewer, program_id: UUID) -> Program:
    """The program's staff, and anyone who took part in one of its cohorts."""
    program = Program.objects.filter(public_id=program_id).first()
    if program is None:
        raise Http404("No such program.")
    if viewer.is_site_admin or program.pk in viewer.program_roles:
        return program
    took_part = Participant.objects.filter(
        cohort__program=program, employee__account=viewer.user
    ).exists()
    if not took_part:
        raise Http404("No such program.")
    return program


def get_alumnus_for_lead(viewer: Viewer, alumnus_id: UUID) -> Alumnus:
    alumnus = (
        Alumnus.objects.select_related("program", "employee", "pair__cohort")
        .filter(public_id=alumnus_id)
        .first()
    )
    if alumnus is None:
        raise Http404("No such alumnus.")
    get_program_for_lead(viewer, alumnus.program.public_id)
    return alumnus


def _appointment(appointment_id: UUID) -> GuideAppointment:
    appointment = (
        GuideAppointment.objects.select_related("cohort__program", "guide")
        .filter(public_id=appointment_id)
        .first()
    )
    if appointment is None:
        raise Http404("No such guide.")
    return appointment


def is_the_guide(viewer: Viewer, appointment: GuideAppointment) -> bool:
    return appointment.guide.account_id == viewer.user.pk and appointment.ended_on is None


def reads_check_ins(viewer: Viewer, appointment: GuideAppointment) -> bool:
    """The guide and the program's lead, as the pages promise; a site admin who does not lead
    the program sees that check-ins happened, not what they say."""
    return is_the_guide(viewer, appointment) or viewer.has_program_role(
        appointment.cohort.program_id, Role.LEAD
    )


def get_appointment_for_user(viewer: Viewer, appointment_id: UUID) -> GuideAppointment:
    """The guide while the appointment is open, and the program's lead (and site admins).
    Sponsors and analysts know it exists (403); anyone else, 404."""
    appointment = _appointment(appointment_id)
    if is_the_guide(viewer, appointment) or leads(viewer, appointment.cohort.program_id):
        return appointment
    if appointment.cohort.program_id in viewer.program_roles:
        raise PermissionDenied
    raise Http404("No such guide.")


def get_appointment_for_lead(viewer: Viewer, appointment_id: UUID) -> GuideAppointment:
    appointment = _appointment(appointment_id)
    get_program_for_lead(viewer, appointment.cohort.program.public_id)
    return appointment


def get_guided_for_guide(
    viewer: Viewer, appointment: GuideAppointment, mentor_id: UUID
) -> GuidedMentor:
    """One of the guide's mentors, for the guide to log a check-in. The lead reads the log
    but does not write in it (403)."""
    if not is_the_guide(viewer, appointment):
        raise PermissionDenied
    guided = (
        appointment.mentors.select_related("appointment")
        .filter(mentor__public_id=mentor_id, ended_on__isnull=True)
        .first()
    )
    if guided is None:
        raise Http404("Not one of your mentors.")
    return guided


def own_alumnus(viewer: Viewer, alumnus_id: UUID) -> Alumnus:
    """The viewer's own alumni record; anyone else's is a 404."""
    alumnus = Alumnus.objects.filter(public_id=alumnus_id, employee__account=viewer.user).first()
    if alumnus is None:
        raise Http404("No such alumni record.")
    return alumnus
