"""Reading what an action posts: through a form, never by hand.

The buttons on our pages post ids and choices in hidden fields. A value that does not parse means
a stale or altered page, not a person's typing: `posted` answers it with a 400 that says what was
wrong, instead of a 500 or a silent default. (A form a person fills in is re-rendered with its
errors instead; see core/feedback.py.)
"""

from typing import Any

from django import forms
from django.core.exceptions import BadRequest
from django.http import HttpRequest


class Refused(BadRequest):
    """A 400 whose message is shown to the person (templates/400.html)."""


def posted[FormT: forms.Form](
    request: HttpRequest, form_class: type[FormT], **kwargs: Any
) -> FormT:
    """The request's POST read by `form_class`, valid, or a 400 naming the fields at fault."""
    form = form_class(request.POST, request.FILES or None, **kwargs)
    if not form.is_valid():
        raise Refused(refusal_words(form))
    return form


def refusal_words(form: forms.BaseForm) -> str:
    problems = []
    for field, errors in form.errors.items():
        label = "" if field == "__all__" else f"{form.fields[field].label or field}: "
        problems.append(f"{label}{' '.join(str(error) for error in errors)}")
    return " ".join(problems)


class ConfirmForm(forms.Form):
    """A "Yes, I mean it" box: ticked, or not sent at all (any other value is a tampered page)."""

    confirm = forms.ChoiceField(
        choices=[("yes", "Yes")],
        required=False,
        error_messages={"invalid_choice": "Tick the box to confirm, or leave it empty."},
    )

    def confirmed(self) -> bool:
        return self.cleaned_data["confirm"] == "yes"
