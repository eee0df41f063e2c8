from django import template

from upward.domain.surveys.instruments import Instrument, Item, ItemKind

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
