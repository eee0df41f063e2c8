from typing import Any

from django import forms

from upward.domain.smart_goal import Direction
from upward.workspace.models import Concern, Insight, Tag


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


# What the workspace's other pages post. The fields keep the names the templates use; text a
# person types is passed on as typed (the services refuse it in words, and the page comes back
# filled in), while a hidden id or a choice that does not parse is a stale or altered page: read
# with core.forms.posted, it is a 400 naming the field.


class Text(forms.CharField):
    """Optional text, kept as typed (unless `strip`), cut to `cut` characters."""

    def __init__(self, *, cut: int | None = None, strip: bool = False, **kwargs: Any) -> None:
        self.cut = cut
        super().__init__(required=False, strip=strip, **kwargs)

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value))[: self.cut]


class PresentText(Text):
    """Text whose absence means something (a form opened before the field existed): None."""

    def to_python(self, value: Any) -> str | None:  # type: ignore[override]
        return None if value is None else super().to_python(value)


class Names(forms.Field):
    """Every value posted under the name (ticked boxes, hidden copies), as typed."""

    widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)

    def to_python(self, value: Any) -> list[str]:
        return [str(item) for item in value or []]


class ScheduleForm(forms.Form):
    """A plan of sessions as typed; the view reads the date, time and zone with its own words
    for what is missing, and `checked` is the warning the person saw and went ahead with."""

    first_day = Text(cut=64, strip=True)
    at = Text(cut=64, strip=True)
    zone = Text(cut=64, strip=True)
    every = Text(cut=64, strip=True)
    checked = Text()

    def typed(self) -> dict[str, str]:
        self.is_valid()  # text only: always valid
        return {name: self.cleaned_data[name] for name in ("first_day", "at", "zone", "every")}


class SessionLogForm(forms.Form):
    status = Text()
    minutes = Text(cut=10, strip=True)
    tags = Names()
    new_tags = Text(cut=200)
    notes = Text()
    # What the writer saw when they opened the log; absent on forms opened before these existed.
    notes_before = PresentText()
    tags_before = Names()
    tags_seen = forms.BooleanField(required=False)


class MoveForm(forms.Form):
    starts_at = Text(cut=32, strip=True)
    zone = Text(cut=64, strip=True)
    checked = Text()


class CancelForm(forms.Form):
    confirm = forms.ChoiceField(
        choices=[("yes", "Yes, cancel it")], required=False, label="Confirm"
    )


class TagForm(forms.Form):
    """Add a curated tag by name, or merge a free tag into a curated one."""

    name = Text(strip=True)
    merge = forms.ModelChoiceField(
        queryset=Tag.objects.filter(curated=False, merged_into__isnull=True),
        required=False,
        label="Merge",
    )
    into = forms.ModelChoiceField(
        queryset=Tag.objects.filter(curated=True, merged_into__isnull=True),
        required=False,
        label="Into",
    )


class MilestoneForm(forms.Form):
    roadblocks = Text()
    wins = Text()
    next = Text()


class ConcernForm(forms.Form):
    topic = Text()
    text = Text()


class ConcernActForm(forms.Form):
    action = forms.ChoiceField(choices=Concern.Action.choices, label="Action")
    note = Text()


class ProposalForm(forms.Form):
    decision = Text(strip=True)
    outcome = Text(strip=True)
    reflection = Text(strip=True)
    next_steps = Text(strip=True)
    # Which button: check the proposal (the default), send it, or change it.
    step = forms.ChoiceField(
        choices=[("review", "Check"), ("send", "Send"), ("change", "Change")],
        required=False,
        label="Step",
    )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("confirm", "Confirm"), ("decline", "Decline")], label="Answer"
    )
    reflection = Text()


class InsightForm(forms.Form):
    title = Text(cut=200)
    description = Text()
    tags = Text(cut=200)
    share = forms.BooleanField(required=False)
    owner = Text(cut=254)


class InsightImpactForm(forms.Form):
    state = forms.ChoiceField(choices=Insight.State.choices, label="Status")
    hours = forms.FloatField(required=False, label="Hours saved a week")
    money = forms.FloatField(required=False, label="Money a year")
    customers = forms.IntegerField(required=False, label="Customers")


class StoryForm(forms.Form):
    action = forms.ChoiceField(choices=[("consent", "I agree")], required=False, label="Action")
    title = Text()
    body = Text()


class PublishForm(forms.Form):
    title = Text()
    body = Text()
    redacted = Text()  # what older pages and scripts posted as the cut text
