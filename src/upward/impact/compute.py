"""One cohort's metrics, computed in two moves: impact/loader.py reads the cohort's rows (and
the organisation's, for retention) with a fixed number of queries, then domain/metrics computes
every section from them into a JSON payload of aggregates.

Every figure is a `Metric` record (value, interval, n, method, status). Confidential survey
aggregates obey the wave's minimum group size; HRIS outcomes are aggregated for both sides of
the pair, because junior mentors' retention and promotion are half of the value.
"""

from datetime import date
from typing import Any

from upward.domain.metrics import heatmap, matched, sections
from upward.domain.metrics.matched import curve, horizon
from upward.domain.metrics.results import RESULTS_VERSION, SIDES, CohortResults, Topics
from upward.impact import loader
from upward.impact.loader import Pools
from upward.programs.models import Cohort

__all__ = ["Pools", "compute_cohort", "curve", "heatmap_section", "horizon", "skills_overall"]


def skills_overall(cohort: Cohort) -> dict[str, Any]:
    """The cohort's partner-rated level before and after (as the results page shows it)."""
    ratings = loader.load_ratings(cohort)
    return sections.skills_overall(ratings, loader.employee_tokens(ratings))


def heatmap_section(
    cohort_ids: list[int], today: date, found: list[heatmap.Mention] | None = None
) -> Topics:
    found = loader.mentions(cohort_ids) if found is None else found
    by_month, by_department = heatmap.views(found)
    return Topics(
        by_month,
        by_department,
        heatmap.emerging(found, today),
        # The mentions in shown cells only: the total of all would give the hidden ones' sum.
        sum(c.count or 0 for c in by_month),
    )


def gather_release(payload: Any, path: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    """Take every section's release units out of the payload, their paths made absolute."""
    found: list[dict[str, Any]] = []
    if isinstance(payload, dict):
        for unit in payload.pop("_release", None) or []:
            found.append({**unit, "paths": [[*path, *p] for p in unit["paths"]]})
        for key, value in payload.items():
            found += gather_release(value, (*path, key))
    elif isinstance(payload, list):
        for index, value in enumerate(payload):
            found += gather_release(value, (*path, index))
    return found


def compute_cohort(cohort: Cohort, today: date, pools: Pools | None = None) -> CohortResults:
    payload = _compute_cohort(cohort, today, pools)
    # What each confidential figure is made of, for the release ledger at read time.
    payload["_release"] = gather_release(payload)
    payload["version"] = RESULTS_VERSION
    return CohortResults.from_dict(payload)


def _compute_cohort(cohort: Cohort, today: date, pools: Pools | None) -> dict[str, Any]:
    data = loader.load_cohort(cohort)
    # The organisation's rows retention reads: the members as employees and the control pool.
    people = loader.load_retention(data, pools)
    return {
        "cohort": {
            "id": data.cohort.public_id,
            "name": data.cohort.name,
            "start": data.cohort.start.isoformat(),
            "end": data.cohort.end.isoformat(),
        },
        "today": today.isoformat(),
        "rhythm": sections.rhythm_section(data, today),
        "responses": sections.response_section(data),
        "retention": matched.retention_sections(people, today, tuple(side for side, _ in SIDES)),
        "engagement": sections.change_section(data, "engagement", "Engagement (1-5)"),
        "psych_safety": sections.psych_safety_section(data),
        "pulse_change": sections.change_section(data, "pair_safety", "Partnership pulse (1-7)"),
        "mentor_effectiveness": sections.mentor_effectiveness(data),
        "skills": sections.skills_section(data.ratings),
        "skills_overall": sections.skills_overall(data.ratings, data.employee_tokens),
        "topics": heatmap_section([cohort.pk], today, list(data.mentions)).to_dict(),
    }
