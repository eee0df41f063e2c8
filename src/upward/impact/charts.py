"""Vega-Lite specs for the dashboards and the PDF. Each chart comes with its text alternative;
the browser renders the spec with the bundle vl-convert ships, the PDF gets the same spec as SVG.
"""

from typing import TYPE_CHECKING, Any

from upward.domain.metrics.heatmap import Cell
from upward.domain.metrics.results import PooledRetention, WaveResponse

if TYPE_CHECKING:
    from upward.impact.pooled import BeforeAfterRow

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # the version vl-convert ships
BRAND, CONTROL, WARN = "#1d4ed8", "#6b7280", "#b45309"
Spec = dict[str, Any]


def _base(title: str | list[str], height: int = 220) -> Spec:
    """A chart as wide as its container (a phone or the page), fitted with its axes and legend
    inside that width; the PDF gives it a fixed width instead (report.py)."""
    return {
        "$schema": SCHEMA,
        "title": {"text": title, "anchor": "start", "fontSize": 13},
        "width": "container",
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": {
            "font": "DejaVu Sans, system-ui, sans-serif",
            "view": {"stroke": None},
            "legend": {
                "orient": "bottom",
                "direction": "vertical",
                "title": None,
                "labelLimit": 320,
            },
            "axis": {"labelFontSize": 11, "titleFontSize": 11},
        },
    }


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.0f}%"


def retention(section: PooledRetention, label: str) -> tuple[Spec, str] | None:
    """Both curves, or nothing when either arm has fewer than 5 people: a curve of 2 seniors
    would show who left."""
    counts = section.counts
    if min(counts.participants.n, counts.controls.n) < 5:
        return None
    rows = [
        {"group": name, **point.to_dict()}
        for points, name in (
            (section.curves.participants, label),
            (section.curves.controls, "Matched controls"),
        )
        for point in points
    ]
    spec = _base([label, "share still here, by days since starting"])
    spec["data"] = {"values": rows}
    # Participants always in the brand colour, whatever the labels' alphabetical order; the
    # bands' colours are their own scale, so only the lines make the legend.
    colours = {"domain": [label, "Matched controls"], "range": [BRAND, CONTROL]}
    spec["resolve"] = {"scale": {"color": "independent"}}
    spec["layer"] = [
        {
            "mark": {"type": "area", "opacity": 0.15, "interpolate": "step-after"},
            "transform": [{"filter": "isValid(datum.low)"}],
            "encoding": {
                "x": {
                    "field": "day",
                    "type": "quantitative",
                    "title": "Days since the pair started",
                },
                "y": {"field": "low", "type": "quantitative"},
                "y2": {"field": "high"},
                "color": {"field": "group", "type": "nominal", "scale": colours, "legend": None},
            },
        },
        {
            "mark": {"type": "line", "interpolate": "step-after", "strokeWidth": 2.5},
            "encoding": {
                "x": {"field": "day", "type": "quantitative"},
                "y": {
                    "field": "survival",
                    "type": "quantitative",
                    "title": "Still here",
                    "axis": {"format": "%"},
                    "scale": {"domain": [0.5, 1]},
                },
                "color": {
                    "field": "group",
                    "type": "nominal",
                    "scale": colours,
                    "title": None,
                    "legend": {
                        "orient": "bottom",
                        "direction": "vertical",
                        "symbolType": "stroke",
                        "symbolStrokeWidth": 3,
                    },
                },
                "strokeDash": {
                    "field": "group",
                    "type": "nominal",
                    "scale": {"domain": colours["domain"], "range": [[1, 0], [4, 3]]},
                    "legend": None,
                },
            },
        },
    ]
    kept_p, n_p = counts.participants.k, counts.participants.n
    kept_c, n_c = counts.controls.k, counts.controls.n
    days = section.horizon_days
    when = "at 12 months" if days >= 365 else f"after {days} days"
    text = (
        f"{label}: {kept_p} of {n_p} participants still here {when} "
        f"({_pct(kept_p / n_p if n_p else None)}), against {kept_c} of {n_c} matched controls "
        f"({_pct(kept_c / n_c if n_c else None)})."
    )
    return spec, text


# Per unit: the chart's title lines (short enough for a phone) and its axis title.
UNIT_TITLES = {
    "pp": (["Difference from matched controls", "in percentage points, 95% interval"], "Points"),
    "1-5": (["Change on a 1-5 scale", "with its 95% interval"], "Scale points (1-5)"),
    "1-7": (["Change on a 1-7 scale", "with its 95% interval"], "Scale points (1-7)"),
    "levels": (["Change in skill levels (1-5)", "with its 95% interval"], "Levels"),
}


def before_after(rows: "list[BeforeAfterRow]") -> list[tuple[Spec, str]]:
    """One chart per unit, so percentage points, scale points and levels never share an axis:
    each measure's change (or difference from controls) with its 95% interval."""
    points = [
        {
            "metric": row.metric,
            "change": _scaled(row.change.value, row),
            "low": _scaled(row.change.ci_low, row),
            "high": _scaled(row.change.ci_high, row),
            "points": row.change_kind == "pp",  # a difference in shares
            "unit": "pp" if row.change_kind == "pp" else row.unit or "",
        }
        for row in rows
        if row.change
        and row.change_kind != "pct"  # a share reached is not a change from zero
        and row.change.value is not None
        and row.change.ci_low is not None
    ]
    units = sorted({str(p["unit"]) for p in points}, key=lambda u: (u != "pp", u))
    return [_change_chart([p for p in points if p["unit"] == unit], unit) for unit in units]


def _scaled(value: float | None, row: "BeforeAfterRow") -> float | None:
    if value is None:
        return None
    return 100 * value if row.change_kind == "pp" else value


def _change_chart(points: list[dict[str, Any]], unit: str) -> tuple[Spec, str]:
    lines, axis = UNIT_TITLES.get(
        unit, ([f"Change ({unit})" if unit else "Change", "with its 95% interval"], unit)
    )
    axis = f"{axis} (dashed line: no change)" if axis else "Dashed line: no change"
    spec = _base(lines)
    spec["height"] = 48 * len(points) + 10
    spec["data"] = {"values": points}
    y = {"field": "metric", "type": "nominal", "axis": None, "scale": {"paddingOuter": 0.6}}
    spec["layer"] = [
        {
            "mark": {"type": "rule", "color": CONTROL, "strokeDash": [4, 3]},
            "encoding": {"x": {"datum": 0}},
        },
        {
            "mark": {"type": "rule", "strokeWidth": 3, "color": BRAND},
            "encoding": {
                "y": y,
                "x": {
                    "field": "low",
                    "type": "quantitative",
                    "title": axis,
                    # Zero always in view, and room beyond the interval's ends.
                    "scale": {"zero": True, "nice": True, "padding": 14},
                },
                "x2": {"field": "high"},
            },
        },
        {
            "mark": {"type": "point", "filled": True, "size": 90, "color": BRAND},
            "encoding": {"y": y, "x": {"field": "change", "type": "quantitative"}},
        },
        {
            # The measure's name above its interval, cut to the chart's width on a phone.
            "mark": {
                "type": "text",
                "align": "left",
                "baseline": "bottom",
                "dy": -8,
                "fontSize": 11,
                "limit": {"expr": "width"},
            },
            "encoding": {"y": y, "x": {"value": 0}, "text": {"field": "metric"}},
        },
    ]
    text = "; ".join(
        f"{p['metric']}: {_change(p['change'], p['points'])} (95% interval "
        f"{_change(p['low'], p['points'])} to {_change(p['high'], p['points'])})"
        for p in points
    )
    return spec, text


def _change(value: float, points: bool) -> str:
    """As the table prints it: shares' differences in percentage points (already x100)."""
    return f"{value:+.1f} points" if points else f"{value:+.2f}"


def topics(cells: list[Cell], column_title: str) -> tuple[Spec, str] | None:
    if not cells:
        return None
    rows = [
        {
            "tag": c.tag,
            "column": c.column,
            "count": c.count if c.shown else None,
            "hidden": not c.shown,
        }
        for c in cells
    ]
    spec = _base(
        f"Topics raised in sessions, by {column_title.lower()}",
        height=max(120, 22 * len({c.tag for c in cells})),
    )
    spec["data"] = {"values": rows}
    spec["layer"] = [
        {
            "mark": "rect",
            "encoding": {
                "x": {"field": "column", "type": "ordinal", "title": column_title},
                "y": {"field": "tag", "type": "nominal", "title": None},
                "color": {
                    "field": "count",
                    "type": "quantitative",
                    "title": "Mentions",
                    "scale": {"scheme": "blues"},
                },
            },
        },
        {
            "mark": {"type": "text", "fontSize": 10},
            "encoding": {
                "x": {"field": "column", "type": "ordinal"},
                "y": {"field": "tag", "type": "nominal"},
                "text": {
                    "condition": {"test": "datum.hidden", "value": "hidden"},
                    "field": "count",
                    "type": "quantitative",
                },
            },
        },
    ]
    shown = [c for c in cells if c.shown]
    top = sorted(shown, key=lambda c: -(c.count or 0))[:5]
    text = (
        "Most raised: " + "; ".join(f"{c.tag} in {c.column} ({c.count})" for c in top) + "."
        if top
        else "No topic has come up in 3 or more pairs yet."
    )
    hidden = len(cells) - len(shown)
    if hidden:
        text += (
            f" {hidden} cells are hidden: each came from fewer than 3 pairs, or would let a "
            "hidden one be worked out."
        )
    return spec, text


def goal_tracks(tracks: dict[str, int]) -> tuple[Spec, str] | None:
    labels = {
        "done": "Target reached",
        "on_track": "On track",
        "at_risk": "At risk",
        "off_track": "Off track",
        "no_goal": "No goal yet",
    }
    rows = [
        {
            "track": labels.get(k, k),
            "pairs": v,
            "order": list(labels).index(k) if k in labels else 9,
        }
        for k, v in tracks.items()
    ]
    if not rows:
        return None
    spec = _base("Pairs by goal progress", height=160)
    spec["data"] = {"values": rows}
    spec["mark"] = {"type": "bar", "color": BRAND}
    spec["encoding"] = {
        "y": {"field": "track", "type": "nominal", "sort": {"field": "order"}, "title": None},
        "x": {
            "field": "pairs",
            "type": "quantitative",
            "title": "Pairs",
            "axis": {"tickMinStep": 1},
        },
    }
    return spec, "; ".join(
        f"{r['track']}: {r['pairs']}" for r in sorted(rows, key=lambda r: int(str(r["order"])))
    )


def response_rates(waves: list[WaveResponse]) -> tuple[Spec, str] | None:
    rows = [w.to_dict() for w in waves if w.rate is not None]
    if not rows:
        return None
    spec = _base("Survey response rate per wave", height=30 * len(rows) + 30)
    spec["data"] = {"values": rows}
    spec["layer"] = [
        {
            "mark": "bar",
            "encoding": {
                "y": {"field": "wave", "type": "nominal", "sort": None, "title": None},
                "x": {
                    "field": "rate",
                    "type": "quantitative",
                    "axis": {"format": "%", "tickCount": 5},
                    "scale": {"domain": [0, 1]},
                    "title": "Answered",
                },
                "color": {"condition": {"test": "datum.rate < 0.6", "value": WARN}, "value": BRAND},
            },
        },
        {
            "mark": {"type": "rule", "strokeDash": [4, 3], "color": CONTROL},
            "encoding": {"x": {"datum": 0.6}},
        },
    ]
    return spec, "; ".join(
        f"{w['wave']}: {w['answered']} of {w['invited']} ({_pct(w['rate'])})" for w in rows
    )
