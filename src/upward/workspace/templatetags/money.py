"""`{{ amount|money }}` in the organisation's currency, or `{{ amount|money:"EUR" }}`."""

from django import template
from django.conf import settings

from upward.domain.money import format_money

register = template.Library()


@register.filter
def money(amount: float | int | None, currency: str = "") -> str:
    return format_money(amount, currency or settings.CURRENCY)
