from django import forms

from upward.talent.models import ProgramDecision

NOTE_LENGTH = 500


class ConsentForm(forms.Form):
    share = forms.TypedChoiceField(
        choices=[
            ("yes", "Yes, share it with talent reviews"),
            ("no", "No, keep it within the program"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label="Share what I worked on and how it went with talent reviews (performance and "
        "succession)",
        error_messages={"required": "Choose yes or no.", "invalid_choice": "Choose yes or no."},
    )


class LeadNoteForm(forms.Form):
    text = forms.CharField(
        max_length=NOTE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Your note for the review",
        help_text="A few words for the reviewers. The person sees this note on their pair page.",
        error_messages={"max_length": f"Keep the note to {NOTE_LENGTH} characters at most."},
    )


class DecisionForm(forms.Form):
    choice = forms.ChoiceField(
        choices=ProgramDecision.Choice.choices,
        widget=forms.RadioSelect,
        label="What happens to the program now",
        error_messages={"required": "Choose continue, absorb or sunset."},
    )
    reasons = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Your reasons",
        help_text="What the results showed and what the business needs next. Everyone who "
        "runs or sponsors the program reads this on the program page.",
        error_messages={
            "required": "Give your reasons: the sponsor and the next lead will want them.",
            "max_length": "Keep the reasons to 2,000 characters at most.",
        },
    )
