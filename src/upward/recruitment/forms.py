from django import forms

from upward.competencies.models import Competency
from upward.domain import time_zones
from upward.matching.inputs import TOPICS
from upward.matching.models import WEEKLY_SLOTS
from upward.people.models import Department, Employee
from upward.programs.models import Participant
from upward.recruitment.selectors import CandidateQuery

# The zones the intake API accepts (src/upward/recruitment/api.py); the intake page takes any
# IANA zone through the picker.
COMMON_ZONES = [
    "Europe/London",
    "Europe/Lisbon",
    "Europe/Berlin",
    "Europe/Paris",
    "America/New_York",
    "America/Toronto",
    "America/Chicago",
    "America/Los_Angeles",
    "Asia/Singapore",
    "Asia/Kolkata",
    "Australia/Sydney",
    "UTC",
]
LEVEL_CHOICES = [
    ("", "Not sure"),
    ("1", "1 · aware"),
    ("2", "2 · tried it"),
    ("3", "3 · use it with help"),
    ("4", "4 · use it on my own"),
    ("5", "5 · could teach it"),
]


class CandidateFilter(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=100,
        label="Search by name or email",
        error_messages={"max_length": "Search for at most 100 characters."},
    )
    role = forms.ChoiceField(
        choices=Participant.Role.choices,
        initial="mentor",
        required=False,
        label="Invite as",
        error_messages={"invalid_choice": "Choose mentor or mentee."},
    )
    level_min = forms.IntegerField(min_value=1, max_value=30, required=False, label="Lowest level")
    level_max = forms.IntegerField(min_value=1, max_value=30, required=False, label="Highest level")
    department = forms.ModelChoiceField(
        Department.objects.all(),
        required=False,
        to_field_name="public_id",
        empty_label="Any department",
        error_messages={"invalid_choice": "That department is not in Upward: choose one."},
    )
    min_tenure_years = forms.FloatField(
        min_value=0, max_value=50, required=False, label="At least this many years here"
    )
    strong_in = forms.ModelChoiceField(
        Competency.objects.order_by("name"),
        required=False,
        to_field_name="public_id",
        empty_label="Any skill",
        label="Rates themselves 4 or 5 in",
        error_messages={"invalid_choice": "That skill is not in Upward: choose one."},
    )

    def clean_role(self) -> str:
        return self.cleaned_data.get("role") or Participant.Role.MENTOR

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data.get("q", "").split())

    def query(self) -> CandidateQuery:
        """The filters as `selectors.candidates` takes them (call after is_valid)."""
        data = self.cleaned_data
        return CandidateQuery(
            role=data["role"],
            level_min=data.get("level_min"),
            level_max=data.get("level_max"),
            department=data.get("department"),
            min_tenure_years=data.get("min_tenure_years"),
            search=data.get("q", ""),
            strong_in=data.get("strong_in"),
        )


class InviteForm(forms.Form):
    """The lead's choice on the candidate list: the ticked people, or everyone who matches."""

    role = forms.ChoiceField(
        choices=Participant.Role.choices,
        error_messages={
            "required": "Choose whether to invite them as mentors or mentees.",
            "invalid_choice": "Choose mentor or mentee.",
        },
    )
    people = forms.ModelMultipleChoiceField(
        Employee.objects.all(),
        to_field_name="public_id",
        required=False,
        error_messages={
            "invalid_pk_value": "“%(pk)s” is not a person Upward knows: reload the page "
            "and choose again.",
            "invalid_choice": "Someone you chose is no longer in Upward: reload the page "
            "and choose again.",
        },
    )
    everyone = forms.BooleanField(required=False)
    expected = forms.IntegerField(required=False, min_value=0)
    confirmed = forms.BooleanField(required=False)


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label="I have read who will see what, and I want to take part.",
        error_messages={"required": "Tick the box to take part, or decline below."},
    )


class IntakeForm(forms.Form):
    goals = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        label="What would you like to get out of this?",
    )
    wants = forms.ModelMultipleChoiceField(
        Competency.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Skills you want to learn (mentees: choose 1 to 5)",
    )
    interests = forms.MultipleChoiceField(
        choices=[(t, t) for t in TOPICS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Topics you'd enjoy talking about",
    )
    slots = forms.MultipleChoiceField(
        choices=WEEKLY_SLOTS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="When you could usually meet",
    )
    # Any IANA zone, picked from templates/includes/time_zone_field.html; a typed city that
    # names one zone ("London") is accepted as that zone.
    time_zone = forms.CharField(
        max_length=64,
        label="Your time zone",
        help_text="Session times are shown to you in this time zone.",
        error_messages={"required": "Choose a time zone from the list."},
    )
    channel = forms.ChoiceField(choices=Participant.Channel.choices, label="How you'd like to meet")
    language = forms.CharField(max_length=40, initial="English")

    def __init__(self, *args: object, role: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.role = role
        for competency in Competency.objects.order_by("name"):
            self.fields[f"level_{competency.pk}"] = forms.ChoiceField(
                choices=LEVEL_CHOICES, required=False, label=competency.name
            )
        if role == Participant.Role.MENTOR:
            del self.fields["wants"]
        if not self.is_bound and self.initial.get("time_zone") == "UTC":
            # The view falls back to UTC for people with no zone yet: leave the picker empty
            # instead, so it suggests the browser's zone.
            self.initial["time_zone"] = ""

    def zone_field(self) -> dict[str, object]:
        """The picker's context: every zone, what is chosen, and a refused value kept on show."""
        value = str(self["time_zone"].value() or "").strip()
        try:
            known = time_zones.resolve(value) if value else ""
        except time_zones.UnknownZone:
            known = ""
        return {
            "zones": time_zones.zone_choices(),
            "value": known,
            "typed": value[:64] if value and not known else "",
        }

    def clean_time_zone(self) -> str:
        try:
            return time_zones.resolve(self.cleaned_data["time_zone"])
        except time_zones.UnknownZone as error:
            raise forms.ValidationError(str(error)) from None

    def level_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("level_")]

    def clean_wants(self) -> object:
        wants = self.cleaned_data.get("wants")
        if self.role == Participant.Role.MENTEE and not 1 <= len(wants or []) <= 5:
            raise forms.ValidationError("Choose between 1 and 5 skills you want to learn.")
        return wants

    def levels(self) -> dict[int, int]:
        return {
            int(name.removeprefix("level_")): int(value)
            for name, value in self.cleaned_data.items()
            if name.startswith("level_") and value
        }


class RecruitActionForm(forms.Form):
    """The candidate page's posts: inviting (no action) or reminding who has not answered."""

    action = forms.ChoiceField(
        choices=[("remind", "Remind")],
        required=False,
        error_messages={"invalid_choice": "Choose to invite people or to remind them."},
    )


class AnswerForm(forms.Form):
    """Which button on the invitation was pressed; Enter in the form means yes."""

    answer = forms.ChoiceField(
        choices=[("accept", "Yes"), ("decline", "No")],
        required=False,
        error_messages={"invalid_choice": "Choose yes or no."},
    )

    def accepts(self) -> bool:
        return self.cleaned_data["answer"] != "decline"
