from typing import Any

from django import forms

from upward.domain.matching.model import Rules, Weights
from upward.matching.models import MatchRound
from upward.programs.models import Cohort, Pair


def _weight(label: str, initial: float) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        min_value=0,
        max_value=1,
        initial=initial,
        widget=forms.NumberInput(attrs={"step": "0.05"}),
    )


class RoundForm(forms.Form):
    mode = forms.ChoiceField(choices=MatchRound.Mode.choices, initial=MatchRound.Mode.LEAD_ASSIGNS)
    algorithm = forms.ChoiceField(
        choices=MatchRound.Algorithm.choices, initial=MatchRound.Algorithm.OPTIMAL
    )
    complementarity = _weight("Weight: skills the mentor can teach", Weights.complementarity)
    interests = _weight("Weight: shared interests", Weights.interests)
    availability = _weight("Weight: shared availability and time zone", Weights.availability)
    diversity = _weight("Weight: diversity priority", Weights.diversity)
    chain_depth = forms.IntegerField(
        label="Never match within this many levels of a reporting line",
        min_value=0,
        max_value=10,
        initial=Rules.chain_depth,
    )
    min_level_gap = forms.IntegerField(
        label="Mentor at least this many levels below the mentee",
        min_value=0,
        max_value=20,
        initial=Rules.min_level_gap,
    )
    max_tz_gap_hours = forms.FloatField(
        label="Largest time-zone gap (hours)",
        min_value=0,
        max_value=24,
        initial=Rules.max_tz_gap_hours,
    )
    exclude_same_department = forms.BooleanField(
        label="Never match within one department", required=False
    )
    answers_due = forms.DateField(
        label="Mentors answer the mentees who asked for them by",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=(
            "Until then, a mentor is paired with someone who asked for them only if they said yes."
        ),
    )
    unanswered = forms.ChoiceField(
        label="After that date, a request still unanswered",
        choices=MatchRound.Unanswered.choices,
        initial=MatchRound.Unanswered.DECLINES,
        required=False,  # a no, unless the lead says otherwise
    )
    shortlist_size = forms.IntegerField(
        label="Mentors on each shortlist", min_value=1, max_value=10, initial=5
    )
    exposure_cap = forms.IntegerField(
        label="Most shortlists one mentor may appear on (0: no limit)",
        min_value=0,
        max_value=100,
        initial=0,
    )
    diversity_quota = forms.IntegerField(
        label="At least this many pairs include someone from a priority group (0: no quota)",
        min_value=0,
        max_value=1000,
        initial=0,
    )

    def weights(self) -> Weights:
        data = self.cleaned_data
        return Weights(
            data["complementarity"], data["interests"], data["availability"], data["diversity"]
        )

    def rules(self) -> Rules:
        data = self.cleaned_data
        return Rules(
            chain_depth=data["chain_depth"],
            min_level_gap=data["min_level_gap"],
            exclude_same_department=data["exclude_same_department"],
            max_tz_gap_hours=data["max_tz_gap_hours"],
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=300)


NOT_RECOGNISED = "That pair was not recognised: reload the page and choose again."


class SwapForm(ReasonForm):
    """Two pairs picked from the round's lists: an id that is not one is a stale or altered page."""

    first = forms.UUIDField(
        label="First pair", required=False, error_messages={"invalid": NOT_RECOGNISED}
    )
    second = forms.UUIDField(
        label="Second pair", required=False, error_messages={"invalid": NOT_RECOGNISED}
    )


class ReshuffleForm(forms.Form):
    """The open pairs of one cohort the lead ticks, and why."""

    pairs = forms.ModelMultipleChoiceField(
        Pair.objects.none(),
        to_field_name="public_id",
        required=False,
        error_messages={
            "invalid_pk_value": "Choose the pairs from the list: one of them was not recognised.",
            "invalid_choice": "Choose the pairs from the list: one of them was not recognised.",
        },
    )
    reason = forms.CharField(required=False, strip=False)

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pairs"].queryset = Pair.objects.filter(cohort=cohort)  # type: ignore[attr-defined]


class RequestAnswerForm(forms.Form):
    """A mentor's yes or no to one mentee who asked for them."""

    mentee = forms.UUIDField(
        label="Request",
        error_messages={"required": "No such request.", "invalid": "No such request."},
    )
    answer = forms.ChoiceField(
        choices=[("accept", "Accept"), ("decline", "Decline")],
        error_messages={
            "required": "Choose accept or decline.",
            "invalid_choice": "Choose accept or decline.",
        },
    )


class ShortlistForm(forms.Form):
    """A mentee's ranks, one select per mentor on their shortlist (rank_<mentor id>), blank for
    "Not for me"."""

    def __init__(self, *args: Any, offered: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Not for me")] + [(str(n), str(n)) for n in range(1, len(offered) + 1)]
        for mentor_id in offered:
            self.fields[f"rank_{mentor_id}"] = forms.TypedChoiceField(
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={
                    "invalid_choice": "Choose a number from the list for each mentor, "
                    "or “Not for me”."
                },
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(key.startswith("rank_") and key not in self.fields for key in self.data):
            raise forms.ValidationError("You can only rank mentors from your own shortlist.")
        ranks = [rank for rank in data.values() if rank is not None]
        if len(set(ranks)) != len(ranks):
            raise forms.ValidationError(
                "You gave the same choice number to more than one mentor. Give each mentor a "
                "different number, or choose “Not for me”."
            )
        return data

    def typed(self) -> dict[str, int]:
        """The ranks as sent that could be read, by mentor public id: shown again when refused."""
        data = getattr(self, "cleaned_data", {})
        return {
            key.removeprefix("rank_"): rank
            for key, rank in data.items()
            if key.startswith("rank_") and rank is not None
        }

    def ranked(self) -> list[str]:
        """The mentors ranked, first choice first (call after is_valid)."""
        return [mentor for mentor, _ in sorted(self.typed().items(), key=lambda item: item[1])]

    def problems(self) -> list[str]:
        return [str(error) for errors in self.errors.values() for error in errors]
