"""Vega-Lite specs for the dashboards and the PDF. Each chart comes with its text alternative;
the browser renders the spec with the bundle vl-convert ships, the PDF gets the same spec as SVG.
"""

from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
BRAND, CONTROL, WARN = "#1d4ed8", "#6b7280", "#b45309"
Spec = dict[str, Any]


def _base(title: str, width: int = 520, height: int = 220) -> Spec:
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": width,
        "height": height,
        "config": {"font": "DejaVu Sans, system-ui, sans-serif", "view": {"stroke": None}},
    }


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.0f}%"


def retention(section: dict[str, Any], label: str) -> tuple[Spec, str] | None:
    """Both curves, or nothing when either arm has fewer than 5 people: a curve of 2 seniors
    would show who left."""
    if min(section["counts"]["participants"][1], section["counts"]["controls"][1]) < 5:
        return None
    rows = [
        {"group": name, **point}
        for key, name in (("participants", label), ("controls", "Matched controls"))
        for point in section["curves"][key]
    ]
    spec = _base(f"{label}: share still here, by days since starting")
    spec["data"] = {"values": rows}
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
                "color": {
                    "field": "group",
                    "type": "nominal",
                    "scale": {"range": [BRAND, CONTROL]},
                },
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
                "color": {"field": "group", "type": "nominal", "title": None},
                "strokeDash": {"field": "group", "type": "nominal", "legend": None},
            },
        },
    ]
    kept_p, n_p = section["counts"]["participants"]
    kept_c, n_c = section["counts"]["controls"]
    days = section["horizon_days"]
    when = "at 12 months" if days >= 365 else f"after {days} days"
    text = (
        f"{label}: {kept_p} of {n_p} participants still here {when} "
        f"({_pct(kept_p / n_p if n_p else None)}), against {kept_c} of {n_c} matched controls "
        f"({_pct(kept_c / n_c if n_c else None)})."
    )
    return spec, text


def before_after(rows: list[dict[str, Any]]) -> tuple[Spec, str] | None:
    points = [
        {
            "metric": row["metric"],
            "change": row["change"]["value"],
            "low": row["change"]["ci_low"],
            "high": row["change"]["ci_high"],
            "points": row.get("change_kind") == "pp",  # a difference in shares
        }
        for row in rows
        if row.get("change")
        and row.get("change_kind") != "pct"  # a share reached is not a change from zero
        and row["change"].get("value") is not None
        and row["change"].get("ci_low") is not None
    ]
    if not points:
        return None
    spec = _base(
        "Change with its 95% interval (zero means no change)", height=40 * len(points) + 40
    )
    spec["data"] = {"values": points}
    spec["layer"] = [
        {
            "mark": {"type": "rule", "color": CONTROL, "strokeDash": [4, 3]},
            "encoding": {"x": {"datum": 0}},
        },
        {
            "mark": {"type": "rule", "strokeWidth": 3, "color": BRAND},
            "encoding": {
                "y": {
                    "field": "metric",
                    "type": "nominal",
                    "title": None,
                    "axis": {"labelLimit": 260},
                },
                "x": {"field": "low", "type": "quantitative", "title": "Change"},
                "x2": {"field": "high"},
            },
        },
        {
            "mark": {"type": "point", "filled": True, "size": 90, "color": BRAND},
            "encoding": {
                "y": {"field": "metric", "type": "nominal"},
                "x": {"field": "change", "type": "quantitative"},
            },
        },
    ]
    text = "; ".join(
        f"{p['metric']}: {_change(p['change'], p['points'])} (95% interval "
        f"{_change(p['low'], p['points'])} to {_change(p['high'], p['points'])})"
        for p in points
    )
    return spec, text


def _change(value: float, points: bool) -> str:
    """As the table prints it: shares' differences in percentage points."""
    return f"{100 * value:+.1f} points" if points else f"{value:+.2f}"


def topics(cells: list[dict[str, Any]], column_title: str) -> tuple[Spec, str] | None:
    if not cells:
        return None
    rows = [
        {
            "tag": c["tag"],
            "column": c["column"],
            "count": c["count"] if c["shown"] else None,
            "hidden": not c["shown"],
        }
        for c in cells
    ]
    spec = _base(
        f"Topics raised in sessions, by {column_title.lower()}",
        height=max(120, 22 * len({c["tag"] for c in cells})),
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
    shown = [c for c in cells if c["shown"]]
    top = sorted(shown, key=lambda c: -c["count"])[:5]
    text = (
        "Most raised: "
        + "; ".join(f"{c['tag']} in {c['column']} ({c['count']})" for c in top)
        + "."
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


def response_rates(waves: list[dict[str, Any]]) -> tuple[Spec, str] | None:
    rows = [w for w in waves if w["rate"] is not None]
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
                    "axis": {"format": "%"},
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
