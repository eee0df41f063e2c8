"""What the dashboards show, read from the precomputed results (a fixed number of queries).

Every confidential figure goes through the release ledger here, on its way to the page, the
PDF, the CSV/XLSX export or the API alike (surveys/release.py)."""

import json
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet

from upward.domain.metrics.results import (
    SIDES,
    CohortResults,
    PooledRetention,
    Retention,
    Topics,
    Unreadable,
)
from upward.domain.surveys.release import WITHHELD, Candidate
from upward.impact import charts
from upward.impact.health_pairs import PairCounts, PairHealth, counts_of, pairs_by_cohort
from upward.impact.models import CohortResult, ProgramResult
from upward.impact.pooled import BeforeAfterRow, RoiView, before_after, roi_section
from upward.impact.summary import Line, balance_sentence, balance_warnings, summary_lines
from upward.programs.models import Cohort, Program
from upward.surveys.release import release


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


@dataclass(frozen=True)
class SideView:
    """One side of the pairs (junior mentors, senior mentees) pooled across cohorts."""

    side: str
    label: str
    pooled: PooledRetention
    balance: str  # the balance warning, beside a figure that is shown
    chart: Chart | None


@dataclass
class ImpactView:
    program: Program
    ready: bool
    computed_at: datetime | None = None
    cohorts: list[CohortResults] = field(default_factory=list)
    pooled: dict[str, PooledRetention] = field(default_factory=dict)
    before_after: list[BeforeAfterRow] = field(default_factory=list)
    roi: RoiView | None = None
    change_charts: list[Chart] = field(default_factory=list)  # one per unit, in order
    sides: list[SideView] = field(default_factory=list)
    focus: CohortResults | None = None  # the cohort followed longest, for how controls were chosen
    summary: list[Line] = field(default_factory=list)  # the plain-words lines read first

    @property
    def focus_retention(self) -> Retention | None:
        """The focus cohort's junior mentors: how their controls were chosen, and the caveat."""
        return self.focus.retention.get("mentor") if self.focus else None


def withheld_metric(metric: dict[str, Any]) -> dict[str, Any]:
    return {
        **metric,
        "value": None,
        "ci_low": None,
        "ci_high": None,
        "p_value": None,
        "test": "",
        "status": "withheld",
        "note": WITHHELD,
    }


def _withhold(payload: dict[str, Any], path: list[Any]) -> None:
    """Hold back the figure at `path` of a stored result (the release ledger's paths)."""
    node: Any = payload
    for key in path[:-1]:
        found = isinstance(node, dict) and key in node
        found = found or (isinstance(node, list) and isinstance(key, int) and key < len(node))
        if not found:
            return
        node = node[key]
    last = path[-1]
    if isinstance(node, dict) and last in node:
        value = node[last]
        node[last] = withheld_metric(value) if isinstance(value, dict) else None


def _candidates(unit: dict[str, Any]) -> list[Candidate]:
    return [
        Candidate(
            c["measure"],
            {group: frozenset(members) for group, members in c["groups"].items()},
            frozenset(group for group, members in c["groups"].items() if members),
            together=True,
        )
        for c in unit.get("candidates", [])
    ]


def released_results(results: list[CohortResult], where: str) -> list[CohortResults]:
    """The cohorts' results as they may be shown: every confidential figure through the
    release ledger (withheld, with the reason, when it would subtract from a figure released
    before); hidden heat-map cells come without counts. Unreadable when one was stored by
    another version."""
    requests: dict[tuple[int, int], tuple[int, list[Candidate]]] = {}
    for i, result in enumerate(results):
        if not result.readable:
            raise Unreadable(f"The results of {result.cohort_id} are of another version.")
        for n, unit in enumerate(result.payload.get("_release") or []):
            requests[(i, n)] = (result.cohort_id, _candidates(unit))
    decided = release(requests, where)
    released = []
    for i, result in enumerate(results):
        units = result.payload.get("_release") or []
        blocked = [
            path
            for n, unit in enumerate(units)
            if decided[(i, n)] != [c.shown for c in requests[(i, n)][1]]
            for path in unit["paths"]
        ]
        payload = result.payload
        if blocked:
            payload = deepcopy(payload)
            for path in blocked:
                _withhold(payload, path)
        released.append(CohortResults.from_dict(payload))
    return released


def _results_of(program: Program) -> QuerySet[CohortResult]:
    return (
        CohortResult.objects.filter(cohort__program=program)
        .select_related("cohort")
        .order_by("cohort__start_date")
    )


def _focus(cohorts: list[CohortResults]) -> CohortResults | None:
    followed = [c for c in cohorts if "mentor" in c.retention]
    return max(followed, key=lambda c: c.retention["mentor"].horizon_days) if followed else None


def impact_view(program: Program) -> ImpactView:
    """Not ready while there are no results, or while some were stored by another version
    (the page asks the queue to recompute them)."""
    result = ProgramResult.objects.filter(program=program).first()
    stored = list(_results_of(program))
    if result is None or not stored or not result.readable:
        return ImpactView(program, ready=False)
    try:
        cohorts = released_results(stored, where="impact results")
    except Unreadable:
        return ImpactView(program, ready=False)
    pooled = result.results().pooled
    rows = before_after(program, cohorts, pooled)
    hours = sum(c.rhythm.hours_held for c in cohorts)
    pairs = sum(c.rhythm.pairs for c in cohorts)
    return ImpactView(
        program,
        ready=True,
        computed_at=result.computed_at,
        cohorts=cohorts,
        pooled=pooled,
        before_after=rows,
        roi=roi_section(program, pooled, hours, pairs, (pairs, pairs)),
        # One chart per unit: the first (differences in shares, when there are any) keeps the
        # name "before_after".
        change_charts=[
            Chart(f"chart-change-{i}", spec, text)
            for i, (spec, text) in enumerate(charts.before_after(rows))
        ],
        sides=[_side(side, label, pooled[side], cohorts) for side, label in SIDES],
        focus=_focus(cohorts),
        summary=summary_lines(rows, pooled, cohorts),
    )


def _side(side: str, label: str, pooled: PooledRetention, cohorts: list[CohortResults]) -> SideView:
    # The chart and its caption read the pooled record the table and the cards read.
    made = charts.retention(pooled, f"{label}, pooled across cohorts")
    return SideView(
        side,
        label,
        pooled,
        # Only beside a figure that is shown: the balance of a hidden side says nothing.
        balance_sentence(balance_warnings(cohorts, side)) if pooled.shown else "",
        chart(made, f"retention-{side}"),
    )


@dataclass(frozen=True)
class CohortHealth:
    """One cohort on the program health page: its results and its pairs, read live."""

    cohort: Cohort
    results: CohortResults
    tracks: Chart | None
    responses: Chart | None
    pairs: list[PairHealth]
    counts: PairCounts

    @property
    def name(self) -> str:
        return self.cohort.name


def health_view(program: Program, today: date) -> list[CohortHealth]:
    """Empty while the results are being computed (or were stored by another version)."""
    pairs = pairs_by_cohort(program, today)
    stored = list(_results_of(program))
    try:
        released = released_results(stored, where="program health")
    except Unreadable:
        return []
    return [
        CohortHealth(
            cohort=result.cohort,
            results=results,
            tracks=chart(charts.goal_tracks(results.rhythm.tracks), f"tracks-{result.cohort_id}"),
            responses=chart(
                charts.response_rates(results.responses), f"responses-{result.cohort_id}"
            ),
            pairs=pairs.get(result.cohort_id, []),
            counts=counts_of(pairs.get(result.cohort_id, [])),
        )
        for result, results in zip(stored, released, strict=True)
    ]


@dataclass(frozen=True)
class TopicsView:
    ready: bool
    topics: Topics
    by_month: Chart | None
    by_department: Chart | None


def program_topics(result: ProgramResult | None) -> Topics:
    """The program's heat map. Its cells have kept their shape across versions, and a hidden
    cell loses its count on the way in whatever the stored result holds, so an older result's
    heat map is shown while the rest of it is recomputed."""
    if result is None or not isinstance(result.payload, dict):
        return Topics()
    return Topics.from_dict(result.payload.get("topics"))


def topics_view(program: Program) -> TopicsView:
    result = ProgramResult.objects.filter(program=program).first()
    topics = program_topics(result)
    return TopicsView(
        ready=result is not None,
        topics=topics,
        by_month=chart(charts.topics(topics.by_month, "Month"), "topics-month"),
        by_department=chart(charts.topics(topics.by_department, "Department"), "topics-department"),
    )
