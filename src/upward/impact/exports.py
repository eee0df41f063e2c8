"""Aggregates out: CSV and XLSX rows built from the precomputed results only.

They hold what passed the privacy rules, never a person's answers. Any cell that a spreadsheet
would read as a formula (=, +, -, @, tab, carriage return) is prefixed with an apostrophe.
"""

import csv
import io
from typing import Any

from upward.impact.selectors import ImpactView

HEADER = [
    "Section",
    "Cohort",
    "Measure",
    "Value",
    "95% low",
    "95% high",
    "n",
    "Method",
    "Status",
    "Note",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _metric_row(
    section: str, cohort: str, measure: str, metric: dict[str, Any] | None
) -> list[object]:
    if not metric:
        return [section, cohort, measure, None, None, None, None, "", "not computed", ""]
    return [
        section,
        cohort,
        measure,
        metric.get("value"),
        metric.get("ci_low"),
        metric.get("ci_high"),
        metric.get("n"),
        metric.get("method", ""),
        metric.get("status", ""),
        metric.get("note", ""),
    ]


def rows(view: ImpactView) -> list[list[object]]:
    found: list[list[object]] = []
    for row in view.before_after:
        found.append(_metric_row("Before and after", "All cohorts", row["metric"], row["change"]))
    for side, label in (("mentor", "Junior mentors"), ("mentee", "Senior mentees")):
        pooled = view.pooled.get(side, {})
        found.append(_metric_row("Retention vs control", "Pooled", label, pooled.get("difference")))
        found.append(
            _metric_row(
                "Retention vs control", "Stratified by cohort", label, pooled.get("stratified")
            )
        )
        promotion = pooled.get("promotion") or {}
        found.append(
            _metric_row("Promotion vs control", "Pooled", label, promotion.get("difference"))
        )
        found.append(
            _metric_row(
                "Promotion vs control", "Stratified by cohort", label, promotion.get("stratified")
            )
        )
    for payload in view.cohorts:
        name = payload["cohort"]["name"]
        for side, section in payload.get("retention", {}).items():
            found.append(_metric_row("Retention vs control", name, side, section.get("difference")))
            promotion = section.get("promotion") or {}
            found.append(
                _metric_row("Promotion vs control", name, side, promotion.get("difference"))
            )
        found.append(
            _metric_row(
                "Engagement change", name, "Engagement", payload.get("engagement", {}).get("change")
            )
        )
        found.append(
            _metric_row(
                "Psychological safety", name, "Pulse", payload.get("psych_safety", {}).get("score")
            )
        )
        found.append(
            _metric_row(
                "Mentor effectiveness",
                name,
                "Rated by mentees",
                payload.get("mentor_effectiveness", {}).get("score"),
            )
        )
        for skill in payload.get("skills", []):
            found.append(_metric_row("Skills", name, skill["competency"], skill["change"]))
        for wave in payload.get("responses", []):
            found.append(
                [
                    "Response rate",
                    name,
                    wave["wave"],
                    wave["rate"],
                    None,
                    None,
                    wave["invited"],
                    "answered / invited",
                    "ok" if wave["rate"] is not None else "suppressed",
                    "",
                ]
            )
    return [[safe_cell(cell) for cell in row] for row in found]


def to_csv(view: ImpactView) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows(view))
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def to_xlsx(view: ImpactView) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Impact"
    sheet.append(HEADER)
    for row in rows(view):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
