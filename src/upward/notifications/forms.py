"""What the email choices page posts: the optional kinds the person still wants."""

from django import forms

from upward.notifications.kinds import KINDS


class KindNames(forms.MultipleChoiceField):
    """Email kinds by name. A name this version no longer knows (a page left open across an
    upgrade) or an essential kind is ignored by preferences.choose, not refused: the rest of
    the person's choices still count."""

    def valid_value(self, value: str) -> bool:
        return True


class EmailChoicesForm(forms.Form):
    wanted = KindNames(
        choices=[(kind.template, kind.label) for kind in KINDS if not kind.essential],
        required=False,
    )
