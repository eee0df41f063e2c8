"""What the lead's webhooks page posts. The rules (a name, a kind, an address that suits it,
at least one event) are the service's, so the page and the API refuse alike; the form reads
the values and refuses a choice the page never offered."""

from django import forms

from upward.webhooks.models import Event

NO_EVENT = "Choose at least one event to send."


class WebhookForm(forms.Form):
    name = forms.CharField(required=False)
    kind = forms.CharField(required=False)
    url = forms.CharField(required=False)
    events = forms.MultipleChoiceField(
        choices=Event.subscribable,
        required=False,
        error_messages={"invalid_choice": NO_EVENT},
    )
