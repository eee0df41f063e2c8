from django.tasks import task

from upward.programs.models import Participant
from upward.recruitment.emails import invitation_email


@task()
def send_invitation(participant_public_id: str, reminder: bool = False) -> None:
    participant = Participant.objects.select_related("employee", "cohort__program").get(
        public_id=participant_public_id
    )
    invitation_email(participant, reminder=reminder).send()
