from django.tasks import task

from upward.workspace.emails import session_email
from upward.workspace.models import Session


@task()
def send_session_emails(session_public_id: str, cancel: bool = False) -> None:
    session = Session.objects.select_related(
        "pair__mentor__employee", "pair__mentee__employee"
    ).get(public_id=session_public_id)
    for member in (session.pair.mentor.employee, session.pair.mentee.employee):
        session_email(session, member, cancel=cancel).send()
