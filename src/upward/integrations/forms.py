"""What the tokens page posts. The service (integrations.tokens.issue) holds the rules; the form
reads the values, and refuses a program not on the list or a number of days that is not one."""

from django import forms

from upward.programs.models import Program

DAYS = "A token lasts 1 to 730 days, or until it is revoked."


class TokenForm(forms.Form):
    name = forms.CharField(required=False)
    scope = forms.CharField(required=False)
    program = forms.ModelChoiceField(
        queryset=Program.objects.all(),
        to_field_name="public_id",
        required=False,
        error_messages={"invalid_choice": "Choose a program from the list."},
    )
    days = forms.IntegerField(
        required=False, error_messages={"invalid": DAYS, "max_value": DAYS, "min_value": DAYS}
    )
