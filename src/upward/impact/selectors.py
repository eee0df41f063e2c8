"""What the dashboards show, read from the precomputed results (a fixed number of queries).

Every confidential figure goes through the release ledger here, on its way to the page, the
PDF, the CSV/XLSX export or the API alike (surveys/release.py)."""

import json
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from upward.domain.surveys.release import WITHHELD, Candidate
from upward.impact import charts
from upward.impact.compute import SIDES
from upward.impact.health_pairs import counts_of, pairs_by_cohort
from upward.impact.models import CohortResult, ProgramResult
from upward.impact.pooled import before_after, roi_section
from upward.impact.summary import Line, balance_sentence, balance_warnings, summary_lines
from upward.programs.models import Program
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
    summary: list[Line] = field(default_factory=list)  # the plain-words lines read first
    balance: dict[str, str] = field(default_factory=dict)  # per side: the balance warning

    @property
    def sides(self) -> tuple[tuple[str, str], ...]:
        return SIDES

    @property
    def change_charts(self) -> list[Chart]:
        """The before/after charts, one per unit, in order."""
        return [c for k, c in self.charts.items() if k.startswith("before_after") and c]


def _hidden_cell(cell: dict[str, Any]) -> dict[str, Any]:
    return cell if cell.get("shown") else {**cell, "count": None, "pairs": None, "share": None}


def public_topics(topics: dict[str, Any]) -> dict[str, Any]:
    """The heat map as every format shows it: a hidden cell carries no count (whatever an
    older cached payload still holds)."""
    if not topics:
        return topics
    return {
        **topics,
        **{
            view: [_hidden_cell(c) for c in topics.get(view) or []]
            for view in ("by_month", "by_department")
        },
    }


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


# Confidential figures of a payload computed before the release ledger (it has no "_release"):
# withheld until the next refresh recomputes them with what they are made of.
LEGACY_CONFIDENTIAL = (
    ["engagement", "change"],
    ["engagement", "before"],
    ["engagement", "after"],
    ["pulse_change", "change"],
    ["pulse_change", "before"],
    ["pulse_change", "after"],
    ["psych_safety", "score"],
    ["psych_safety", "favourable"],
    ["psych_safety", "band"],
    ["mentor_effectiveness", "score"],
    ["mentor_effectiveness", "enps"],
    ["skills_overall", "change"],
    ["skills_overall", "before"],
    ["skills_overall", "after"],
)


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


def released_payloads(results: list[CohortResult], where: str) -> list[dict[str, Any]]:
    """The cohorts' payloads as they may be shown: every confidential figure through the
    release ledger (withheld, with the reason, when it would subtract from a figure released
    before), the ledger's working data stripped, hidden heat-map cells without counts."""
    requests: dict[tuple[int, int], tuple[int, list[Candidate]]] = {}
    for i, result in enumerate(results):
        for n, unit in enumerate(result.payload.get("_release") or []):
            requests[(i, n)] = (result.cohort_id, _candidates(unit))
    decided = release(requests, where)
    payloads = []
    for i, result in enumerate(results):
        payload = {k: v for k, v in result.payload.items() if k != "_release"}
        units = result.payload.get("_release")
        blocked: list[list[Any]]
        if units is None:
            blocked = [list(path) for path in LEGACY_CONFIDENTIAL]
            for n, skill in enumerate(payload.get("skills") or []):
                blocked += [["skills", n, key] for key in skill if key != "competency"]
        else:
            blocked = [
                path
                for n, unit in enumerate(units)
                if decided[(i, n)] != [c.shown for c in requests[(i, n)][1]]
                for path in unit["paths"]
            ]
        if blocked:
            payload = deepcopy(payload)
            for path in blocked:
                _withhold(payload, path)
        payload["topics"] = public_topics(payload.get("topics") or {})
        payloads.append(payload)
    return payloads


def _shown(section: dict[str, Any]) -> bool:
    return any(
        (part.get("difference") or {}).get("value") is not None
        for part in (section, section.get("promotion") or {})
    )


def impact_view(program: Program) -> ImpactView:
    result = ProgramResult.objects.filter(program=program).first()
    cohorts = list(
        CohortResult.objects.filter(cohort__program=program)
        .select_related("cohort")
        .order_by("cohort__start_date")
    )
    if result is None or not cohorts:
        return ImpactView(program, ready=False)
    payloads = released_payloads(cohorts, where="impact results")
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
        summary=summary_lines(rows, pooled, payloads),
        balance={
            # Only beside a figure that is shown: the balance of a hidden side says nothing.
            side: balance_sentence(balance_warnings(payloads, side))
            if _shown(pooled.get(side) or {})
            else ""
            for side, _ in SIDES
        },
    )
    view.charts = {
        # One chart per unit: the first (differences in shares, when there are any) keeps the
        # name "before_after".
        **{
            ("before_after" if i == 0 else f"before_after_{i}"): chart(made, f"change-{i}")
            for i, made in enumerate(charts.before_after(rows))
        },
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


def health_view(program: Program, today: date) -> list[dict[str, Any]]:
    found = []
    pairs = pairs_by_cohort(program, today)
    results = list(
        CohortResult.objects.filter(cohort__program=program)
        .select_related("cohort")
        .order_by("cohort__start_date")
    )
    for result, payload in zip(
        results, released_payloads(results, where="program health"), strict=True
    ):
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
                "pairs": pairs.get(result.cohort_id, []),
                "counts": counts_of(pairs.get(result.cohort_id, [])),
            }
        )
    return found


def topics_view(program: Program) -> dict[str, Any]:
    result = ProgramResult.objects.filter(program=program).first()
    topics = public_topics((result.payload.get("topics") if result else None) or {})
    return {
        "ready": result is not None,
        "topics": topics,
        "by_month": chart(charts.topics(topics.get("by_month", []), "Month"), "topics-month"),
        "by_department": chart(
            charts.topics(topics.get("by_department", []), "Department"), "topics-department"
        ),
    }
