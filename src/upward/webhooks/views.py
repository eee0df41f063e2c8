"""The program lead's webhooks page: add, test and remove webhooks, and read the delivery log."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from upward.core.feedback import flash_errors
from upward.core.viewer import get_viewer
from upward.webhooks import services
from upward.webhooks.access import get_program_for_webhooks, get_webhook_for_lead
from upward.webhooks.forms import WebhookForm
from upward.webhooks.models import Event, Webhook


@require_http_methods(["GET", "POST"])
@login_required
def webhook_list(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = get_program_for_webhooks(get_viewer(request), program_id)
    status = 200
    if request.method == "POST":
        try:
            webhook = services.add_webhook(
                program=program, by=get_viewer(request).user, **_typed(WebhookForm(request.POST))
            )
        except ValidationError as error:
            flash_errors(request, error)
            status = 400
        else:
            messages.success(request, f"{webhook.name} added. Send a test to check it.")
            if webhook.signing_secret:
                request.session["webhook_secret"] = webhook.signing_secret
            return redirect("webhooks:list", program_id=program.public_id)
    webhooks = list(program.webhooks.all())  # a handful per program
    for webhook in webhooks:
        webhook.recent = list(webhook.deliveries.all()[:10])  # type: ignore[attr-defined]
    context = {
        "program": program,
        "webhooks": webhooks,
        "kinds": Webhook.Kind.choices,
        "events": Event.subscribable(),
        "secret": request.session.pop("webhook_secret", None),
    }
    return render(request, "webhooks/list.html", context, status=status)


def _typed(form: WebhookForm) -> dict[str, Any]:
    """The webhook as typed; a value the page never offered is refused as the service would."""
    if not form.is_valid():
        raise ValidationError([str(e) for errors in form.errors.values() for e in errors])
    return form.cleaned_data


@require_POST
@login_required
def webhook_test(request: HttpRequest, webhook_id: UUID) -> HttpResponse:
    webhook = get_webhook_for_lead(get_viewer(request), webhook_id)
    services.send_test(webhook)
    messages.success(request, "Test queued; its delivery appears in the log below.")
    return redirect("webhooks:list", program_id=webhook.program.public_id)


@require_POST
@login_required
def webhook_delete(request: HttpRequest, webhook_id: UUID) -> HttpResponse:
    webhook = get_webhook_for_lead(get_viewer(request), webhook_id)
    services.delete_webhook(webhook, by=get_viewer(request).user)
    messages.success(request, f"{webhook.name} removed.")
    return redirect("webhooks:list", program_id=webhook.program.public_id)
