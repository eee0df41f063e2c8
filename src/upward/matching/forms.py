from django import forms

from upward.domain.matching.model import Rules, Weights
from upward.matching.models import MatchRound


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


class SwapForm(ReasonForm):
    first = forms.UUIDField()
    second = forms.UUIDField()
