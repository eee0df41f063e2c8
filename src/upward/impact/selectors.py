"""What the dashboards show, read from the precomputed results (a fixed number of queries)."""

import json
from dataclasses import dataclass, field
from typing import Any

from upward.impact import charts
from upward.impact.compute import SIDES
from upward.impact.models import CohortResult, ProgramResult
from upward.impact.pooled import before_after, roi_section
from upward.programs.models import Program


@dataclass(frozen=True)
class Chart:
    id: str
    spec: dict[str, Any]
    text: str

    @property
    def script_id(self) -> str:
        return f"{self.id}-spec"

    @property
    def spec_json(self) -> str:
        return json.dumps(self.spec)


def chart(made: tuple[dict[str, Any], str] | None, name: str) -> Chart | None:
    if made is None:
        return None
    return Chart(f"chart-{name}", made[0], made[1])


@dataclass
class ImpactView:
    program: Program
    ready: bool
    computed_at: Any = None
    cohorts: list[dict[str, Any]] = field(default_factory=list)
    pooled: dict[str, Any] = field(default_factory=dict)
    before_after: list[dict[str, Any]] = field(default_factory=list)
    roi: dict[str, Any] | None = None
    charts: dict[str, Chart | None] = field(default_factory=dict)
    focus: dict[str, Any] | None = None  # the cohort followed longest, for how controls were chosen

    @property
    def sides(self) -> tuple[tuple[str, str], ...]:
        return SIDES


def impact_view(program: Program) -> ImpactView:
    result = ProgramResult.objects.filter(program=program).first()
    cohorts = list(
        CohortResult.objects.filter(cohort__program=program)
        .select_related("cohort")
        .order_by("cohort__start_date")
    )
    if result is None or not cohorts:
        return ImpactView(program, ready=False)
    payloads = [c.payload for c in cohorts]
    followed = [p for p in payloads if p.get("retention", {}).get("mentor")]
    focus = (
        max(followed, key=lambda p: p["retention"]["mentor"]["horizon_days"]) if followed else None
    )
    pooled = result.payload.get("pooled", {})
    rows = before_after(program, payloads, pooled)
    hours = sum((p.get("rhythm") or {}).get("hours_held", 0) for p in payloads)
    pairs = sum((p.get("rhythm") or {}).get("pairs", 0) for p in payloads)
    view = ImpactView(
        program,
        ready=True,
        computed_at=result.computed_at,
        cohorts=payloads,
        pooled=pooled,
        before_after=rows,
        roi=roi_section(program, pooled, hours, pairs, (pairs, pairs)),
        focus=focus,
    )
    view.charts = {
        "before_after": chart(charts.before_after(rows), "before-after"),
        # The chart and its caption read the pooled record the table and the cards read.
        **{
            f"retention_{side}": chart(
                charts.retention(pooled[side], f"{label}, pooled across cohorts"),
                f"retention-{side}",
            )
            if pooled.get(side, {}).get("curves")
            else None
            for side, label in SIDES
        },
    }
    return view


def health_view(program: Program) -> list[dict[str, Any]]:
    found = []
    for result in (
        CohortResult.objects.filter(cohort__program=program)
        .select_related("cohort")
        .order_by("cohort__start_date")
    ):
        payload = result.payload
        name = result.cohort.name
        found.append(
            {
                "cohort": result.cohort,
                "payload": payload,
                "tracks": chart(
                    charts.goal_tracks(payload.get("rhythm", {}).get("tracks", {})),
                    f"tracks-{result.cohort_id}",
                ),
                "responses": chart(
                    charts.response_rates(payload.get("responses", [])),
                    f"responses-{result.cohort_id}",
                ),
                "name": name,
            }
        )
    return found


def topics_view(program: Program) -> dict[str, Any]:
    result = ProgramResult.objects.filter(program=program).first()
    topics = (result.payload.get("topics") if result else None) or {}
    return {
        "ready": result is not None,
        "topics": topics,
        "by_month": chart(charts.topics(topics.get("by_month", []), "Month"), "topics-month"),
        "by_department": chart(
            charts.topics(topics.get("by_department", []), "Department"), "topics-department"
        ),
    }
