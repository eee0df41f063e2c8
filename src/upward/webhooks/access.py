"""Who reaches a webhook: the leads of its program (and site admins). Sponsors and analysts of
the program get 403, anyone else 404, as for the program itself."""

from uuid import UUID

from django.http import Http404

from upward.core.viewer import Viewer
from upward.impact.access import program_for_lead
from upward.programs.models import Program
from upward.webhooks.models import Webhook


def get_program_for_webhooks(viewer: Viewer, program_id: UUID) -> Program:
    return program_for_lead(viewer, program_id)


def get_webhook_for_lead(viewer: Viewer, webhook_id: UUID) -> Webhook:
    webhook = Webhook.objects.select_related("program").filter(public_id=webhook_id).first()
    if webhook is None:
        raise Http404("No such webhook.")
    program_for_lead(viewer, webhook.program.public_id)
    return webhook
