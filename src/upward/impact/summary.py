"""The summary a sponsor reads first: one line per headline figure in plain words, with the
figure, what it is compared with, the n and a verdict from the evidence tiers
(domain/verdicts.py). It reads the same released records as the rest of the page and the PDF,
so a withheld figure stays withheld here too."""

from dataclasses import dataclass, field
from typing import Any

from upward.domain.verdicts import HIDDEN, NO_DATA, Kind, Verdict, verdict

BALANCE_GUIDELINE = 0.1
SIDE_PEOPLE = {"mentor": "Junior mentors", "mentee": "Senior mentees"}


@dataclass(frozen=True)
class Line:
    label: str
    sentence: str
    verdict: Verdict
    metric: dict[str, Any] | None = None  # the record behind it, for "How this was worked out"
    kind: str = "num"  # how show_metric formats it
    warning: str = ""
    extra: list[dict[str, Any]] = field(default_factory=list)  # further records, same figure


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.0f}%"


def _points(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:+.1f} points"


def _num(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "n/a"
    return f"{value:+.2f}" if signed else f"{value:.2f}"


def _judge(metric: dict[str, Any] | None, *, compared: bool = True) -> Verdict:
    m = metric or {}
    return verdict(
        m.get("value"),
        m.get("ci_low"),
        m.get("ci_high"),
        int(m.get("n_eff") or m.get("n") or 0),
        str(m.get("status") or ("insufficient" if not metric else "")),
        compared=compared,
    )


def _blocked(v: Verdict, metric: dict[str, Any] | None) -> str:
    """The sentence when there is no figure to give: hidden and no data are not the same."""
    m = metric or {}
    note = "" if m.get("status") == "suppressed" else m.get("note") or ""
    if v.kind is Kind.HIDDEN:
        return f"{HIDDEN}. {v.meaning}"
    return f"{NO_DATA}. {note or v.meaning}".strip()


def balance_warnings(cohorts: list[dict[str, Any]], side: str) -> list[dict[str, Any]]:
    """Every covariate, in any cohort, whose standardised difference between participants and
    their matched controls is above the 0.1 guideline (Austin 2011)."""
    found = []
    for payload in cohorts:
        matching = ((payload.get("retention") or {}).get(side) or {}).get("matching") or {}
        for b in matching.get("balance") or []:
            smd = b.get("smd")
            if smd is not None and abs(smd) > BALANCE_GUIDELINE:
                found.append(
                    {
                        "cohort": (payload.get("cohort") or {}).get("name", ""),
                        "covariate": b.get("covariate", ""),
                        "smd": smd,
                    }
                )
    return found


def balance_sentence(warnings: list[dict[str, Any]]) -> str:
    if not warnings:
        return ""
    where = "; ".join(
        f"{w['covariate']} {abs(w['smd']):.2f}" + (f" in {w['cohort']}" if w["cohort"] else "")
        for w in warnings
    )
    return (
        f"The matched controls are not a close match: the standardised difference is above "
        f"the {BALANCE_GUIDELINE} guideline ({where}). Participants and controls differ on "
        "these traits as well as in taking part, so part of the difference may come from them "
        "rather than the program: read it as indicative, not as the program's effect."
    )


def _comparison(side: str, what: str, section: dict[str, Any], warning: str, kind: str) -> Line:
    people = SIDE_PEOPLE[side]
    metric = section.get("difference")
    v = _judge(metric)
    label = f"{people}: {what}"
    counts = section.get("counts") or {}
    (k_p, n_p), (k_c, n_c) = counts.get("participants", [0, 0]), counts.get("controls", [0, 0])
    if metric is None or metric.get("value") is None:
        return Line(label, _blocked(v, metric), v, metric, "pp")
    value = metric["value"]
    sentence = (
        f"{_pct(k_p / n_p if n_p else None)} of participants ({k_p} of {n_p}) against "
        f"{_pct(k_c / n_c if n_c else None)} of matched controls ({k_c} of {n_c}): "
        f"{_points(value)}, 95% interval {_points(metric.get('ci_low'))} to "
        f"{_points(metric.get('ci_high'))}."
    )
    extra = [
        {"label": name, "metric": section[key], "kind": fmt}
        for key, name, fmt in (
            ("participants", "Participants", "pct"),
            ("controls", "Matched controls", "pct"),
            ("stratified", "Stratified by cohort", "pp"),
        )
        if isinstance(section.get(key), dict)
    ]
    return Line(label, sentence, v, metric, kind, warning, extra)


UNITS = {"1-5": " on a 1-5 scale", "1-7": " on a 1-7 scale", "levels": " skill levels"}


def _kpi_line(row: dict[str, Any]) -> Line:
    metric = row.get("change")
    unit = row.get("unit", "")
    label = row["metric"]
    if unit in ("rate", "share") and row.get("before_label") == "Before":
        # A level reached (goals, response rate): no comparison group.
        counts = row.get("after_counts")
        after = row.get("after")
        if after is None:
            v = _judge(metric) if metric else verdict(None, None, None, 0, "insufficient")
            return Line(label, _blocked(v, metric), v, metric, "pct")
        status = str((metric or {}).get("status") or "ok")
        v = verdict(after, None, None, counts[1] if counts else 0, status, compared=False)
        before = row.get("before")
        sentence = f"{_pct(after)}" + (f" ({counts[0]} of {counts[1]})" if counts else "")
        if before is not None and before != after:
            sentence += f", from {_pct(before)} at first"
        return Line(label, sentence + ".", v, metric, "pct")
    v = _judge(metric, compared=True)
    if metric is None or metric.get("value") is None:
        return Line(label, _blocked(v, metric), v, metric, "signed")
    scale = UNITS.get(unit, f" {unit}" if unit else "")
    n = metric.get("n_eff") or metric.get("n")
    sentence = (
        f"from {_num(row.get('before'))} to {_num(row.get('after'))}{scale}: a change of "
        f"{_num(metric['value'], True)}"
    )
    if metric.get("ci_low") is not None and metric.get("ci_low") != metric.get("ci_high"):
        sentence += (
            f", 95% interval {_num(metric['ci_low'], True)} to {_num(metric['ci_high'], True)}"
        )
    sentence += f" (n = {n})."
    return Line(label, sentence, v, metric, "signed")


COVERED = ("retention_vs_control", "promotion_rate")


def summary_lines(
    rows: list[dict[str, Any]],
    pooled: dict[str, Any],
    cohorts: list[dict[str, Any]],
) -> list[Line]:
    """Retention and promotion for both sides of the pair, then each other chosen KPI."""
    lines = []
    for side in SIDE_PEOPLE:
        section = pooled.get(side) or {}
        warning = balance_sentence(balance_warnings(cohorts, side))
        lines.append(_comparison(side, "still here at 12 months", section, warning, "pp"))
        retention = lines[-1]
        # The same controls: the full warning once, a pointer to it the second time.
        again = (
            "The same matched controls as retention, so the same caution applies."
            if retention.warning
            else warning
        )
        lines.append(
            _comparison(
                side, "promoted within 12 months", section.get("promotion") or {}, again, "pp"
            )
        )
    lines += [_kpi_line(row) for row in rows if row.get("kpi") not in COVERED]
    return lines
