"""The goal chart: progress updates against the straight line from baseline to target, as an
inline SVG (no script, so it passes the CSP) with a text alternative."""

from datetime import date

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT, PAD = 320, 140, 24


def goal_chart(
    *,
    start: date,
    deadline: date,
    baseline: float,
    target: float,
    points: list[tuple[date, float]],
    summary: str,
) -> SafeString:
    span_days = max((deadline - start).days, 1)
    values = [baseline, target, *(value for _, value in points)]
    low, high = min(values), max(values)
    spread = (high - low) or 1.0

    def x(day: date) -> float:
        return PAD + (WIDTH - 2 * PAD) * min(max((day - start).days / span_days, 0), 1)

    def y(value: float) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * (value - low) / spread

    plan = format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="plan"/>',
        round(x(start), 1),
        round(y(baseline), 1),
        round(x(deadline), 1),
        round(y(target), 1),
    )
    trail = [(start, baseline), *points]
    path = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in trail)
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3.5" class="actual"/>',
        ((round(x(d), 1), round(y(v), 1)) for d, v in points),
    )
    return format_html(
        '<figure class="goal-chart"><svg viewBox="0 0 {} {}" role="img" aria-labelledby="gc-t">'
        '<title id="gc-t">{}</title>{}<polyline points="{}" class="actual"/>{}</svg>'
        '<figcaption>{} <span class="legend-plan">dashed: the plan</span>, '
        '<span class="legend-actual">solid: recorded progress</span></figcaption></figure>',
        WIDTH,
        HEIGHT,
        summary,
        plan,
        path,
        dots,
        summary,
    )
