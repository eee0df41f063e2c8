from django import forms

from upward.people.models import Department, DiversityProfile, Employee

DATE_ORDER_CHOICES = [
    ("auto", "Work it out (ask me when a date is ambiguous)"),
    ("day_first", "Day first: 31/12/2024"),
    ("month_first", "Month first: 12/31/2024"),
]


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="HRIS export (.csv or .xlsx)",
        help_text="Columns from BambooHR, Workday and most HR systems are recognised.",
    )
    date_order = forms.ChoiceField(
        choices=DATE_ORDER_CHOICES, initial="auto", label="How dates are written in this file"
    )

    def day_first(self) -> bool | None:
        return {"auto": None, "day_first": True, "month_first": False}[
            self.cleaned_data["date_order"]
        ]


class ImportApplyForm(forms.Form):
    """How to apply a checked import: every row or none (the default), or the valid rows only."""

    mode = forms.ChoiceField(
        choices=[
            ("all", "Import every row, or nothing if any row has an error"),
            ("valid_rows", "Import the valid rows and hand back the refused ones"),
        ],
        required=False,
        error_messages={"invalid_choice": "Choose to import every row or only the valid rows."},
    )

    def chosen_mode(self) -> str:
        return self.cleaned_data.get("mode") or "all"


class PeopleFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search", max_length=100)
    department = forms.ModelChoiceField(
        queryset=Department.objects.all(),
        required=False,
        to_field_name="public_id",
        empty_label="All departments",
    )
    status = forms.ChoiceField(
        choices=[("", "Any status"), *Employee.StatusChoices.choices], required=False
    )


class DiversityProfileForm(forms.ModelForm):
    class Meta:
        model = DiversityProfile
        fields = ["gender", "ethnic_minority", "disability", "lgbtq", "first_generation"]
