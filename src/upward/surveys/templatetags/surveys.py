from django import template
from django.utils.safestring import SafeString

from upward.domain.surveys.instruments import Instrument, Item, ItemKind
from upward.surveys.charts import distribution
from upward.surveys.selectors import Figure

register = template.Library()


@register.filter
def answer_for(values: dict[str, str], key: str) -> str:
    """The saved answer for a form field named ``<instrument>.<item>``."""
    return values.get(key, "")


@register.simple_tag
def field_name(instrument: str, item: str) -> str:
    return f"{instrument}.{item}"


@register.filter
def choices_for(instrument: Instrument, item: Item) -> list[tuple[int, str]]:
    """The points of an item's scale, the two ends labelled."""
    low, high = instrument.bounds(item)
    if item.kind is ItemKind.RECOMMEND:
        ends = ("Not at all likely", "Extremely likely")
    else:
        ends = instrument.scale_labels
    return [
        (v, ends[0] if v == low else ends[1] if v == high else "") for v in range(low, high + 1)
    ]


@register.filter
def distribution_bar(figure: Figure, label: str) -> SafeString:
    """The answer distribution of a shown figure, as an inline SVG with its text alternative."""
    if not figure.shown or not figure.distribution:
        return SafeString("")
    return distribution(figure.distribution, label)
