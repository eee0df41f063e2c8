"""Inline SVG charts for survey pages (no script, so they pass the CSP), each with its text."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from upward.surveys.models import Wave

WIDTH, BAR_H, GAP, LABEL_W = 420, 18, 8, 150


def response_rates(waves: list[Wave]) -> SafeString:
    """One bar per opened wave: share answered, the 60% line marked; counts in the text."""
    opened = [w for w in waves if w.state != Wave.State.SCHEDULED and w.invited]
    if not opened:
        return SafeString("")
    height = len(opened) * (BAR_H + GAP) + GAP
    span = WIDTH - LABEL_W - 60
    floor_x = LABEL_W + span * 0.6
    rows = []
    for index, wave in enumerate(opened):
        y = GAP + index * (BAR_H + GAP)
        rate = wave.answered / wave.invited
        rows.append(
            (
                y + BAR_H - 5,
                wave.label,
                LABEL_W,
                y,
                round(span * rate, 1),
                "bar low" if rate < 0.6 else "bar",
                round(LABEL_W + span * rate + 6, 1),
                y + BAR_H - 5,
                f"{rate:.0%} ({wave.answered}/{wave.invited})",
            )
        )
    summary = "; ".join(
        f"{w.label}: {w.answered} of {w.invited} answered ({w.answered / w.invited:.0%})"
        for w in opened
    )
    bars = format_html_join(
        "",
        '<text x="4" y="{}" class="label">{}</text><rect x="{}" y="{}" width="{}" '
        'height="18" class="{}"/><text x="{}" y="{}" class="value">{}</text>',
        rows,
    )
    return format_html(
        '<figure class="rate-chart"><svg viewBox="0 0 {} {}" role="img" aria-labelledby="rr-t">'
        '<title id="rr-t">Response rate per wave. {}</title>{}'
        '<line x1="{}" y1="0" x2="{}" y2="{}" class="floor"/></svg>'
        "<figcaption>Response rate per wave; the dashed line marks 60%, under which the lead "
        "is flagged. {}</figcaption></figure>",
        WIDTH,
        height,
        summary,
        bars,
        round(floor_x, 1),
        round(floor_x, 1),
        height,
        summary,
    )
