"""What the lead's inbox posts: an action on a flag, and the day a check-in was held."""

from django import forms

from upward.flags.models import Flag


class ActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=Flag.Action.choices,
        label="Action",
        error_messages={
            "required": "Choose an action.",
            "invalid_choice": "Choose an action from the list.",
        },
    )
    # The service keeps the first 2,000 characters, as the page's box allows.
    note = forms.CharField(required=False, strip=False, label="Note")


class CheckInHeldForm(forms.Form):
    held_on = forms.DateField(
        required=False,  # left empty: held today
        label="Held on",
        error_messages={"invalid": "Give a real date, or leave it empty for today."},
    )
