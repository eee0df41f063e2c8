from django import forms

from upward.domain.smart_goal import Direction


class GoalForm(forms.Form):
    text = forms.CharField(
        max_length=300,
        label="The goal in one sentence",
        help_text="For example: publish three short videos and reach 250 followers.",
    )
    metric = forms.CharField(max_length=120, label="What you will measure")
    unit = forms.CharField(max_length=40, required=False)
    direction = forms.ChoiceField(
        choices=[
            (Direction.UP.value, "It should go up"),
            (Direction.DOWN.value, "It should go down"),
        ]
    )
    baseline = forms.FloatField(required=False, label="Where it is today")
    target = forms.FloatField(required=False, label="Where it should be")
    deadline = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ProgressForm(forms.Form):
    value = forms.FloatField(label="Where it is now")
    noted_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="As of")
    note = forms.CharField(max_length=300, required=False, label="What moved it (optional)")


class JournalForm(forms.Form):
    written_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}),
        label="Date",
        error_messages={"required": "Give the date of the entry.", "invalid": "Give a real date."},
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Your entry",
        help_text="What happened, what you noticed, what you want to try next time.",
        max_length=20000,
        strip=True,
        error_messages={"required": "Write something in the entry."},
    )
