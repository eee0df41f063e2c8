from django.tasks import task

from upward.notifications import outbox


@task()
def deliver_email(email_id: int) -> bool:
    return outbox.deliver(email_id)
