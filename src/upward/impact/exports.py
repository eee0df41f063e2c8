"""Aggregates out: CSV and XLSX rows built from the precomputed results only.

They hold what passed the privacy rules, never a person's answers. Every figure is written in
the unit a reader uses (percentage points, %, points on a scale) and rounded to what the
data can support; the XLSX adds number formats, a frozen header and a sheet that explains each
column. Any cell that a spreadsheet would read as a formula (=, +, -, @, tab, carriage return)
is prefixed with an apostrophe.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.text import slugify

from upward.domain.metrics.record import Metric, Status
from upward.domain.metrics.results import CohortResults
from upward.impact.selectors import ImpactView

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Unit:
    label: str  # what the Unit column says
    factor: float  # the stored figure times this is what the reader sees
    places: int  # decimals the figure can support
    excel: str  # the XLSX number format

    def show(self, value: float | None) -> float | None:
        return None if value is None else round(value * self.factor, self.places)


POINTS = Unit("percentage points", 100, 1, "+0.0;-0.0;0.0")
PERCENT = Unit("%", 100, 0, "0")


def scale_change(scale: str) -> Unit:
    return Unit(f"change in points on a {scale} scale", 1, 1, "+0.0;-0.0;0.0")


def scale_mean(scale: str) -> Unit:
    return Unit(f"mean on a {scale} scale", 1, 1, "0.0")


LEVELS = Unit("change in skill levels (1-5)", 1, 1, "+0.0;-0.0;0.0")
UNIT_OF_KIND = {"pp": POINTS, "pct": PERCENT}
UNIT_OF_TABLE = {"1-5": scale_change("1-5"), "1-7": scale_change("1-7"), "levels": LEVELS}
SIDE_NAMES = {"mentor": "Junior mentors", "mentee": "Senior mentees"}
STATUS_WORDS = {
    "ok": "shown",
    "low_n": "small group: read the interval, not the figure",
    "insufficient": "no data yet",
    "suppressed": "hidden to protect people (fewer than 5)",
    "no_events": "no exits yet",
    "withheld": "withheld: it would reveal a smaller group",
    "not computed": "not computed",
}
COLUMNS = [
    ("Section", "What the figure is about.", 24),
    ("Cohort", "The cohort it comes from, or all cohorts together.", 16),
    ("Measure", "The figure itself, and whose it is.", 40),
    ("Value", "The figure, in the unit of the Unit column.", 10),
    ("95% low", "The lower end of the 95% interval: the figure is plausibly anywhere between.", 10),
    ("95% high", "The upper end of the 95% interval.", 10),
    ("Unit", "How to read Value and the interval.", 26),
    ("n", "How many people (or pairs) the figure is built on.", 6),
    ("Method", "How it was worked out, for a statistician to check.", 60),
    ("Status", "Whether the figure is shown, hidden to protect people, or not yet known.", 30),
    ("Note", "Counts behind the figure and what it can and cannot show.", 60),
]
HEADER = [name for name, _, _ in COLUMNS]


@dataclass(frozen=True)
class Row:
    section: str
    cohort: str
    measure: str
    metric: Metric | None
    unit: Unit

    def cells(self) -> list[object]:
        metric = self.metric
        if metric is None:
            empty = [None, None, None, self.unit.label, None, "", STATUS_WORDS["not computed"], ""]
            return [self.section, self.cohort, self.measure, *empty]
        status, note = str(metric.status), metric.note
        if metric.status is Status.SUPPRESSED and not metric.n:
            status, note = "insufficient", ""  # nobody to protect: simply nothing yet
        return [
            self.section,
            self.cohort,
            self.measure,
            self.unit.show(metric.value),
            self.unit.show(metric.ci_low),
            self.unit.show(metric.ci_high),
            self.unit.label,
            metric.n,
            metric.method,
            STATUS_WORDS.get(status, status),
            note,
        ]


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _before_after(view: ImpactView) -> list[Row]:
    found = []
    for row in view.before_after:
        unit = UNIT_OF_KIND.get(row.change_kind) or UNIT_OF_TABLE.get(row.unit, LEVELS)
        found.append(Row("Before and after", "All cohorts", row.metric, row.change, unit))
    return found


def _pooled(view: ImpactView) -> list[Row]:
    found = []
    for side, label in SIDE_NAMES.items():
        pooled = view.pooled[side]
        for section, source in (("Retention", pooled), ("Promotion", pooled.promotion)):
            found += [
                Row(f"{section} vs control", "Pooled", label, source.difference, POINTS),
                Row(
                    f"{section} vs control",
                    "Stratified by cohort",
                    label,
                    source.stratified,
                    POINTS,
                ),
            ]
    return found


def _cohort(results: CohortResults) -> list[Row]:
    name = results.cohort.name
    found = []
    for side, section in results.retention.items():
        who = SIDE_NAMES.get(side, side)
        found.append(Row("Retention vs control", name, who, section.difference, POINTS))
        found.append(Row("Promotion vs control", name, who, section.promotion.difference, POINTS))
    found += [
        Row(
            "Engagement change",
            name,
            "Engagement",
            results.engagement.change,
            scale_change("1-5"),
        ),
        Row(
            "Psychological safety",
            name,
            "Partnership pulse",
            results.psych_safety.score,
            scale_mean("1-7"),
        ),
        Row(
            "Mentor effectiveness",
            name,
            "Rated by mentees",
            results.mentor_effectiveness.score,
            scale_mean("1-5"),
        ),
    ]
    found += [
        Row("Skills", name, skill.competency, skill.change, LEVELS) for skill in results.skills
    ]
    for wave in results.responses:
        rate = Metric(
            wave.rate,
            None,
            None,
            wave.invited,
            wave.invited,
            "answered / invited",
            Status.OK if wave.rate is not None else Status.SUPPRESSED,
        )
        found.append(Row("Response rate", name, wave.wave, rate, PERCENT))
    return found


def figures(view: ImpactView) -> list[Row]:
    found = _before_after(view) + _pooled(view)
    for results in view.cohorts:
        found += _cohort(results)
    return found


def rows(view: ImpactView) -> list[list[object]]:
    return [[safe_cell(cell) for cell in row.cells()] for row in figures(view)]


def filename(view: ImpactView, today: date, extension: str) -> str:
    """`upward-impact-digital-fluency-2026-11-30.xlsx`: which program, as of which day."""
    name = slugify(view.program.name)[:60] or "program"
    return f"upward-impact-{name}-{today.isoformat()}.{extension}"


def to_csv(view: ImpactView) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows(view))
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def to_xlsx(view: ImpactView, today: date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Impact"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for found in figures(view):
        sheet.append([safe_cell(cell) for cell in found.cells()])
        for column in (4, 5, 6):
            sheet.cell(row=sheet.max_row, column=column).number_format = found.unit.excel
    for index, (_, _, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column in (3, 9, 11))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _explain(book, view, today)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _explain(book: Any, view: ImpactView, today: date) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet("About these columns")
    sheet.append([f"Impact of {view.program.name}, as of {today:%d %B %Y}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(
        [
            "Figures are rounded to what the data can support. People's answers are never "
            "here, only figures built on at least 5 people."
        ]
    )
    sheet.append([])
    sheet.append(["Column", "What it holds"])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for name, meaning, _ in COLUMNS:
        sheet.append([name, meaning])
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 90
    for row in sheet.iter_rows(min_row=5):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
