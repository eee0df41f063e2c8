from typing import Any

from django import forms
from django.db.models import Case, Exists, IntegerField, Max, OuterRef, Q, QuerySet, Value, When

from upward.domain.program_design import KPI_CATALOGUE, ROLE_DESCRIPTION
from upward.people.models import Employee
from upward.people.selectors import search_people
from upward.programs.models import Program
from upward.programs.services import ProgramInput

DATE = forms.DateInput(attrs={"type": "date"})
SENIOR_LEVEL = 6  # from this grade up, someone is a plausible executive sponsor
SHOWN = 200  # options in a picker before the search narrows it
FOUND = 50  # options a search shows


def person_label(employee: Employee) -> str:
    """How a person is told apart from namesakes in a picker: "Name — Title, Department"."""
    where = ", ".join(
        part for part in (employee.title, getattr(employee.department, "name", "")) if part
    )
    return f"{employee.display_name} — {where}" if where else employee.display_name


def active_people() -> QuerySet[Employee]:
    return Employee.objects.filter(status=Employee.StatusChoices.ACTIVE)


def _senior() -> Q:
    """Plausible sponsors: grade 6 or above (or the organisation's top two grades, where its
    scale stops lower), and the heads of the organisation chart."""
    top = active_people().aggregate(top=Max("level"))["top"]
    threshold = min(SENIOR_LEVEL, top - 1) if top else SENIOR_LEVEL
    heads = Q(Exists(Employee.objects.filter(manager=OuterRef("pk"))), manager__isnull=True)
    return Q(level__gte=threshold) | heads


def sponsor_candidates(search: str = "") -> list[Employee]:
    """Active people, plausible sponsors first; without a search, only the plausible ones."""
    people = (
        search_people(query=search, status=Employee.StatusChoices.ACTIVE)
        if search
        else active_people().select_related("department")
    )
    senior = _senior()
    if not search:
        people = people.filter(senior)
    ranked = people.annotate(
        plausible=Case(When(senior, then=Value(1)), default=Value(0), output_field=IntegerField())
    ).order_by("-plausible", "-level", "last_name", "first_name", "pk")
    return list(ranked[: FOUND if search else SHOWN])


def lead_candidates(search: str = "") -> list[Employee]:
    """Active people; without a search, those who already have an account."""
    if search:
        return list(search_people(query=search, status=Employee.StatusChoices.ACTIVE)[:FOUND])
    people = active_people().filter(account__isnull=False, account__is_active=True)
    return list(people.select_related("department").order_by("last_name", "first_name")[:SHOWN])


class PersonField(forms.ModelChoiceField):
    """Any active employee is accepted; the options shown are the few found (see `offer`)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=active_people(), **kwargs)
        # The chosen person's label in full: on a phone the closed picker cuts it off.
        self.chosen_label = ""

    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)

    def offer(self, heading: str, people: list[Employee], chosen: Any = None) -> None:
        """Show these people (and whoever is chosen already) instead of the whole organisation."""
        options = [(person.pk, person_label(person)) for person in people]
        chosen_id = str(getattr(chosen, "pk", chosen) or "")
        if chosen_id.isdigit() and all(str(pk) != chosen_id for pk, _ in options):
            person = active_people().select_related("department").filter(pk=chosen_id).first()
            if person is not None:
                options.insert(0, (person.pk, person_label(person)))
        self.chosen_label = next((label for pk, label in options if str(pk) == chosen_id), "")
        empty = [("", "Nobody found: try another search")] if not options else [("", "—")]
        self.widget.choices = [*empty, (heading, options)] if options else empty


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
        min_value=1,
        max_value=60,
        initial=7,
        label="Days between sessions (only for a custom program)",
    )
    session_minutes = forms.IntegerField(
        min_value=15,
        max_value=180,
        initial=60,
        label="Minutes per session (only for a custom program)",
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
    sponsor = PersonField(
        label="Executive sponsor",
        help_text="The senior leader who backs the program and signs its charter. Without a "
        "search, only senior leaders are listed. Someone without an Upward account gets one, "
        "and the charter to sign is emailed to them.",
    )
    lead = PersonField(
        required=False,
        label="Program lead",
        help_text="Who runs the program day to day. Leave empty to lead it yourself. Someone "
        "without an Upward account gets one, with an email to choose a password.",
    )

    def __init__(
        self,
        *args: Any,
        sponsor_search: str = "",
        lead_search: str = "",
        can_name_lead: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sponsor_search, self.lead_search = sponsor_search.strip(), lead_search.strip()
        if not can_name_lead:
            del self.fields["lead"]  # site admins name the lead; a lead designing leads it

    def offer_people(self) -> None:
        """Fill the pickers: the plausible people, or those the search found. Only for a form
        that is shown; validation accepts any active employee."""
        for name, search, find, found in (
            ("sponsor", self.sponsor_search, sponsor_candidates, "Senior leaders"),
            ("lead", self.lead_search, lead_candidates, "People with an account"),
        ):
            field = self.fields.get(name)
            if not isinstance(field, PersonField):
                continue
            chosen = self[name].value()
            heading = f"Found for “{search}”" if search else found
            field.offer(heading, find(search), chosen)

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


class ProgramEditForm(ProgramForm):
    """The design form for a program that exists. Its sponsor and lead change elsewhere (roles);
    `version` is the one the editor loaded, so a save over someone else's is caught."""

    version = forms.IntegerField(
        min_value=1,
        required=False,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": "This form was changed outside the page. Reload it and make your "
            "changes again: nothing was saved.",
            "min_value": "This form was changed outside the page. Reload it and make your "
            "changes again: nothing was saved.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["sponsor"]


class CohortForm(forms.Form):
    name = forms.CharField(max_length=200)
    start_date = forms.DateField(widget=DATE)
    end_date = forms.DateField(widget=DATE)
    target_pairs = forms.IntegerField(
        min_value=1, max_value=50, initial=10, help_text="8 to 12 pairs make a good cohort."
    )
