from typing import Any

from django import forms

from upward.alumni.services import CHECK_IN_LENGTH
from upward.people.models import Employee
from upward.programs.models import Participant


class AlumnusChoicesForm(forms.Form):
    listed = forms.BooleanField(
        required=False,
        label="List me on the program's alumni page",
        help_text="Other people in the program see your name, your cohort and what your pair "
        "worked on. Never your notes, journal or answers.",
    )
    open_to_return = forms.BooleanField(
        required=False,
        label="I'd come back to mentor or to guide new mentors",
        help_text="Your program lead sees this and may invite you. You can still say no then.",
    )


class MentorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.employee.display_name)


class GuideChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name}, {obj.title}"


class AppointForm(forms.Form):
    guide = GuideChoiceField(
        queryset=Employee.objects.none(),
        to_field_name="public_id",
        empty_label="Choose a guide",
        help_text="People who have mentored in this program: alumni, or mentors now.",
        error_messages={
            "required": "Choose who will guide.",
            "invalid_choice": "Choose a guide from the list.",
        },
    )
    mentors = MentorChoiceField(
        queryset=Participant.objects.none(),
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        label="Mentors they will guide",
        error_messages={
            "required": "Choose at least one mentor to guide.",
            "invalid_choice": "One of those mentors now has a guide or no longer has a pair: "
            "choose again from the list.",
        },
    )

    def __init__(self, *args: Any, guides: Any, mentors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["guide"].queryset = guides  # type: ignore[attr-defined]
        self.fields["mentors"].queryset = mentors  # type: ignore[attr-defined]


class CheckInForm(forms.Form):
    held_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}),
        label="When you checked in",
        error_messages={
            "required": "Give the date you checked in.",
            "invalid": "Give a real date.",
        },
    )
    text = forms.CharField(
        max_length=CHECK_IN_LENGTH,
        label="One line on how it went",
        help_text="Only you and the program lead read this; the mentor does not.",
        error_messages={
            "required": "Write a line about how it went.",
            "max_length": f"Keep it to one line: at most {CHECK_IN_LENGTH} characters.",
        },
    )


class CohortChoiceForm(forms.Form):
    """A cohort picked from a list on the page (the alumni card's invitation, the guides page)."""

    cohort = forms.UUIDField(
        required=False,
        label="Cohort",
        error_messages={
            "invalid": "That cohort was not recognised: reload the page and choose again."
        },
    )
