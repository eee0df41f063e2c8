from django import forms

from upward.core.forms import ConfirmForm
from upward.domain.readiness import SIGNALS
from upward.programs.models import Cohort


class ReadinessForm(forms.Form):
    signals = forms.MultipleChoiceField(
        choices=list(SIGNALS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Which of these do you see in your organisation?",
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        label="Notes (optional)",
    )


class CharterForm(forms.Form):
    objective = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    confidentiality = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        label="Confidentiality commitments",
    )
    escalation_path = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    sponsor_commitments = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, label="The sponsor's commitments"
    )


class CheckpointForm(forms.Form):
    held_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Held on")
    sponsor_attended = forms.BooleanField(required=False, label="The sponsor attended")
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000
    )


class CohortMoveForm(ConfirmForm):
    """The state a cohort's button moves it to."""

    to = forms.ChoiceField(
        choices=Cohort.State.choices,
        required=False,  # nothing sent: the lifecycle says there is no such step, as ever
        label="Move to",
        error_messages={
            "invalid_choice": "That is not a step a cohort can take: reload the page.",
        },
    )
