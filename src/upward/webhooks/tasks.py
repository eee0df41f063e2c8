from django.tasks import task

from upward.webhooks import services


@task()
def deliver_webhook(delivery_id: int) -> bool:
    return services.deliver(delivery_id)
