"""What circle pages post. The lead's circle form and a member's session form are filled in by
people: refused, they come back filled in with the reason. Ids in hidden fields or tick boxes
that are not ids mean a stale or altered page: a 400 in words."""

from typing import Any
from uuid import UUID

from django import forms

from upward.circles import services

NOT_A_MEMBER = "Choose the members from the list: one of them was not recognised."
MOST_MEMBERS_READ = 50  # a circle has at most 8; anything past this is not a person's choice


class MemberIdsField(forms.Field):
    """The ticked (or hidden) employees' public ids, as the service takes them."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        values = list(value or [])[:MOST_MEMBERS_READ]
        try:
            return [str(UUID(str(item))) for item in values]
        except ValueError:
            raise forms.ValidationError(NOT_A_MEMBER, code="invalid") from None


class CircleForm(forms.Form):
    # Lengths and the rhythm are checked by services.circle_form, in its own words.
    name = forms.CharField(required=False, strip=False, label="Name")
    focus = forms.CharField(required=False, strip=False, label="Focus")
    cadence_weeks = forms.IntegerField(
        required=False,
        label="Meets every (weeks)",
        error_messages={"invalid": "Circles meet every 1 to 12 weeks."},
    )
    members = MemberIdsField(required=False, label="Members")

    def circle_fields(self) -> services.CircleFields:
        """The circle as posted (call after is_valid)."""
        data = self.cleaned_data
        return services.CircleFields(
            name=data["name"][:200],
            focus=data["focus"][:300],
            cadence_weeks=data["cadence_weeks"] or 0,
            members=data["members"],
        )

    def as_typed(self) -> services.CircleFields:
        """What was typed, shown again on the refused form."""
        cadence = str(self["cadence_weeks"].value() or "")
        return services.CircleFields(
            name=str(self["name"].value() or "")[:200],
            focus=str(self["focus"].value() or "")[:300],
            cadence_weeks=int(cadence) if cadence.isdigit() else 0,
            members=[str(item) for item in self["members"].value() or []],
        )

    def problems(self) -> list[str]:
        return [str(error) for errors in self.errors.values() for error in errors]


class SuggestionForm(CircleForm):
    """An engine suggestion accepted as it stands: every field is hidden on the page."""

    because = forms.CharField(required=False, strip=False, label="Suggested because")


class NoteForm(forms.Form):
    text = forms.CharField(required=False, strip=False, label="Note")

    def text_posted(self) -> str:
        return str(self.cleaned_data["text"])[:5000]


class ScheduleForm(forms.Form):
    """A session's date, time, zone, length and place, read as typed; the view turns them
    into a moment and says in words what does not parse."""

    day = forms.CharField(required=False)
    at = forms.CharField(required=False)
    zone = forms.CharField(required=False)
    minutes = forms.CharField(required=False)
    place = forms.CharField(required=False)

    def values(self) -> dict[str, str]:
        data = getattr(self, "cleaned_data", {})
        return {name: str(data.get(name) or "")[:300] for name in self.fields}
