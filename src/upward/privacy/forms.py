"""What the erase button posts: the word "erase", typed to show it is meant."""

from django import forms
from django.core.exceptions import ValidationError


class EraseConfirmForm(forms.Form):
    confirm = forms.CharField(required=False, label="Type erase to confirm")

    def clean_confirm(self) -> str:
        typed = str(self.cleaned_data["confirm"]).strip().lower()
        if typed != "erase":
            raise ValidationError('Type "erase" to confirm; nothing was changed.')
        return typed
