"""What a member is asked in a wave: the sections of one page, each with who sees what."""

from dataclasses import dataclass, replace
from typing import Any

from django import forms

from upward.competencies.models import Competency
from upward.domain.surveys.instruments import Audience, Instrument, Item, Privacy
from upward.matching.models import MatchProfile
from upward.programs.models import Participant
from upward.surveys.models import Invitation, WaveInstrument

SKILLS_SOURCE = "competencies"


@dataclass(frozen=True)
class Section:
    part: WaveInstrument
    spec: Instrument
    who_sees: str

    @property
    def key(self) -> str:
        return self.spec.key


def _applies(spec: Instrument, side: str) -> bool:
    return spec.audience is Audience.BOTH or spec.audience.value == f"{side}s"


def who_sees(spec: Instrument, k: int) -> str:
    if spec.privacy is Privacy.ANONYMOUS:
        return (
            "Anonymous: stored without your name or the time you answered. Your program lead "
            f"sees only averages of {k} or more people, never your answers, and your partner "
            "never sees them."
        )
    if spec.flags_pair:
        return (
            "Confidential: kept with your name so a change can be noticed, but no one sees your "
            "answers, not your partner, your lead or an administrator. If the partnership seems "
            "to need help, your lead is told that much, not who said what."
        )
    return (
        "Confidential: kept with your name so change over the program can be measured, but no "
        f"one sees your answers individually; your lead sees averages of {k} or more people."
    )


def _competencies(participant: Participant | None) -> list[Competency]:
    if participant is None:
        return []
    profile = MatchProfile.objects.filter(participant=participant).first()
    return list(profile.wants.order_by("name")) if profile else []


def _skill_items(invitation: Invitation) -> tuple[Item, ...]:
    pair = invitation.pair
    partner = None
    if pair is not None:
        partner = pair.mentee if pair.mentor_id == invitation.participant_id else pair.mentor
    items = [
        Item(key=f"self.{c.pk}", text=f"You: {c.name}")
        for c in _competencies(invitation.participant)
    ]
    items += [
        Item(key=f"partner.{c.pk}", text=f"Your partner: {c.name}") for c in _competencies(partner)
    ]
    return tuple(items)


def sections(invitation: Invitation) -> list[Section]:
    side = invitation.participant.role
    found = []
    for part in invitation.wave.parts.select_related("instrument"):
        spec = part.instrument.spec
        if not _applies(spec, side):
            continue
        if part.instrument.definition.get("items_from") == SKILLS_SOURCE:
            items = _skill_items(invitation)
            if not items:
                continue
            # Optional: a member may skip rating skills and still submit the survey.
            spec = replace(spec, items=items, min_answered=0)
        found.append(Section(part, spec, who_sees(spec, invitation.wave.min_group_size)))
    return found


def split_post(data: dict[str, str], keys: list[str]) -> dict[str, dict[str, str]]:
    """Form fields are named ``<instrument>.<item>``; group them by instrument."""
    grouped: dict[str, dict[str, str]] = {key: {} for key in keys}
    for name, value in data.items():
        instrument, _, item = name.partition(".")
        if instrument in grouped and item:
            grouped[instrument][item] = value
    return grouped


def field_name(section: Section, item: Item) -> str:
    return f"{section.key}.{item.key}"


class AnswersForm(forms.Form):
    """A member's answers, one field per question of the page (named ``<instrument>.<item>``).
    Scale points and lengths are checked by the instrument (services.submit), in its words."""

    def __init__(self, *args: Any, found: list[Section], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.section_keys = {section.key for section in found}
        for section in found:
            for item in section.spec.items:
                self.fields[field_name(section, item)] = forms.CharField(
                    required=False, strip=False, label=item.text
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.data:
            instrument, _, item = name.partition(".")
            if instrument in self.section_keys and name not in self.fields:
                raise forms.ValidationError(f"Unknown question: {item!r}. Reload the page.")
        return data

    def answers(self) -> dict[str, str]:
        return {name: str(value) for name, value in self.cleaned_data.items()}


class WaveActionForm(forms.Form):
    """The lead's buttons on a wave's results page."""

    action = forms.ChoiceField(
        choices=[("open", "Open"), ("close", "Close"), ("min_group_size", "Minimum group size")],
        label="Action",
        error_messages={
            "required": "Choose open, close or a minimum group size.",
            "invalid_choice": "Choose open, close or a minimum group size.",
        },
    )
    # Typed by the lead: the service says in words when it is not a whole number in range.
    min_group_size = forms.CharField(required=False, label="Minimum group size")
