"""What the sign-in, second-factor and profile pages post."""

from django import forms
from django.core.exceptions import ValidationError

from upward.domain import time_zones


class NextForm(forms.Form):
    """Where to go after signing in; checked against this site before it is followed."""

    next = forms.CharField(required=False)


class CodeForm(forms.Form):
    """A code from an authenticator app. Anything that is not the right code is simply a code
    that did not match, so the field refuses nothing itself."""

    code = forms.CharField(required=False, strip=False)

    def typed_code(self) -> str:
        return str(self.cleaned_data.get("code") or "") if self.is_valid() else ""


class ProfileForm(forms.Form):
    """The profile in the person's own words. The limits and the photo checks are the
    service's (accounts.profiles.profile_save), so the form and the API refuse alike."""

    about = forms.CharField(required=False, strip=False)
    offers = forms.CharField(required=False, strip=False)
    wants = forms.CharField(required=False, strip=False)
    photo = forms.FileField(required=False)
    remove_photo = forms.BooleanField(required=False)


class TimeZoneForm(forms.Form):
    zone = forms.CharField(required=False, label="Your time zone")

    def clean_zone(self) -> str:
        try:
            return time_zones.resolve(self.cleaned_data["zone"][:64])
        except time_zones.UnknownZone as unknown:
            raise ValidationError(str(unknown)) from unknown
