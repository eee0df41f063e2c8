"""What the impact pages post: the lead's ROI assumptions and a business measurement.

The numbers arrive as typed and the services check them (with the words the lead has always
seen: "Junior salary must be between..."); the forms say which fields exist and read the date
and the tick box properly."""

from django import forms

from upward.impact.services import SETTINGS_FIELDS


class AssumptionsForm(forms.Form):
    junior_salary = forms.CharField(required=False)
    senior_salary = forms.CharField(required=False)
    admin_salary = forms.CharField(required=False)
    replacement_share = forms.CharField(required=False)
    training_hours = forms.CharField(required=False)
    admin_fte = forms.CharField(required=False)
    platform_cost = forms.CharField(required=False)
    # An unticked box sends nothing: the form always says whether results are shared.
    share_with_members = forms.BooleanField(required=False)

    def for_service(self) -> dict[str, object]:
        data: dict[str, object] = {name: self.cleaned_data[name] for name in SETTINGS_FIELDS}
        data["share_with_members"] = self.cleaned_data["share_with_members"]
        return data


class BusinessValueForm(forms.Form):
    measured_on = forms.DateField(
        required=False, error_messages={"invalid": "Give the date of the measurement."}
    )
    value = forms.CharField(required=False)
    note = forms.CharField(required=False)
