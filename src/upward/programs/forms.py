from django import forms

from upward.accounts.models import User
from upward.domain.program_design import KPI_CATALOGUE, ROLE_DESCRIPTION
from upward.governance.models import ReadinessCheck
from upward.programs.models import Program
from upward.programs.services import ProgramInput

DATE = forms.DateInput(attrs={"type": "date"})


class ProgramForm(forms.Form):
    name = forms.CharField(max_length=200)
    business_problem = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="What is going wrong that this should fix?",
    )
    objective = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="What will be different when it works?",
    )
    program_type = forms.ChoiceField(
        choices=Program.Type.choices,
        label="Type",
        help_text="Skills sprint: weekly 60 minutes for 8-12 weeks. "
        "Behaviour change: every two weeks for 4-6 "
        "months. Custom: your own cadence and length.",
    )
    start_date = forms.DateField(widget=DATE)
    end_date = forms.DateField(widget=DATE)
    cadence_days = forms.IntegerField(
        min_value=1, max_value=60, initial=7, label="Days between sessions (custom programs)"
    )
    session_minutes = forms.IntegerField(
        min_value=15, max_value=180, initial=60, label="Minutes per session (custom programs)"
    )
    kpis = forms.MultipleChoiceField(
        choices=list(KPI_CATALOGUE.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="KPIs (choose 3 or 4)",
    )
    business_metric = forms.CharField(
        max_length=120, required=False, label="Tied business metric (if chosen)"
    )
    business_metric_unit = forms.CharField(max_length=40, required=False, label="Its unit")
    business_metric_direction = forms.ChoiceField(
        choices=[("", "—"), ("up", "Higher is better"), ("down", "Lower is better")],
        required=False,
        label="Direction",
    )
    role_description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}),
        initial=ROLE_DESCRIPTION,
        required=False,
        label="Reverse-mentor role description",
    )
    sponsor = forms.ModelChoiceField(
        queryset=User.objects.filter(employee__isnull=False).order_by("last_name"),
        label="Executive sponsor",
    )
    readiness_check = forms.ModelChoiceField(
        queryset=ReadinessCheck.objects.filter(program__isnull=True),
        required=False,
        label="The readiness check this program answers",
    )

    def program_input(self) -> ProgramInput:
        data = self.cleaned_data
        return ProgramInput(
            name=data["name"],
            business_problem=data["business_problem"],
            objective=data["objective"],
            program_type=data["program_type"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            cadence_days=data["cadence_days"],
            session_minutes=data["session_minutes"],
            kpis=tuple(data["kpis"]),
            business_metric=data["business_metric"],
            business_metric_unit=data["business_metric_unit"],
            business_metric_direction=data["business_metric_direction"],
            role_description=data["role_description"],
        )


class CohortForm(forms.Form):
    name = forms.CharField(max_length=200)
    start_date = forms.DateField(widget=DATE)
    end_date = forms.DateField(widget=DATE)
    target_pairs = forms.IntegerField(
        min_value=1, max_value=50, initial=10, help_text="8 to 12 pairs make a good cohort."
    )
