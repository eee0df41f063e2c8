"""Matching benchmark: synthetic cohorts at several sizes, every engine step timed.

    .venv/bin/python bench/matching.py            # table for N = 12, 500, 2000, 4000, 5000
    .venv/bin/python bench/matching.py --json     # the same figures as one JSON object keyed by N
    .venv/bin/python bench/matching.py --sizes 500 2000
    .venv/bin/python bench/matching.py --probe 10000   # ours only (no dense solves), if RAM allows

Each size runs in its own process, so its peak memory (max RSS) is its own. Peak memory is read
twice: after our pipeline, and again after the dense reference solves (which need float64
copies of the whole matrix). The dense solvers run on the same matrices as ours: scipy's
linear_sum_assignment on the tier-encoded weights (what the engine used before) and, if the
`lap` package is installed, its lapjv on the same matrix. The exactness check solves the score
tier alone by dense scipy (infeasible pairs at +inf) wherever everyone can be matched.
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(n: int, *, dense: bool = True) -> dict[str, Any]:
    import numpy as np
    import scipy.sparse.csgraph  # noqa: F401  imported before timing, as a worker would have

    from upward.domain.matching.assignment import assign
    from upward.domain.matching.constraints import feasibility
    from upward.domain.matching.model import Rules, Weights
    from upward.domain.matching.quota import assign_with_quota
    from upward.domain.matching.reshuffle import reshuffle
    from upward.domain.matching.scoring import score_matrix
    from upward.domain.matching.shortlist import capped_shortlists, top_k
    from upward.domain.matching.stable import blocking_pairs, stable_assign
    from upward.domain.matching.synthetic import synthetic_sides

    start = time.perf_counter()
    mentees, mentors = synthetic_sides(n, n, seed=42)
    score, t_score = timed(score_matrix, mentees, mentors, Weights())
    feas, t_mask = timed(feasibility, mentees, mentors, Rules())
    optimal, t_assign = timed(assign, score, feas.mask, mentors.capacity)
    end_to_end = time.perf_counter() - start
    quota_mask = mentees.underrepresented[:, None] ^ mentors.underrepresented[None, :]
    base = sum(1 for e, m in optimal.pairs if quota_mask[e, m])
    quota, t_quota = timed(
        assign_with_quota, score, feas.mask, mentors.capacity, quota_mask, base + max(1, n // 50)
    )
    top5, t_top = timed(top_k, score, feas.mask, 5)
    capped, t_capped = timed(capped_shortlists, score, feas.mask, 5, cap=8)
    chosen = set(range(0, len(optimal.pairs), 10))
    _, t_reshuffle = timed(reshuffle, score, feas.mask, mentors.capacity, optimal.pairs, chosen)
    stable, t_stable = timed(stable_assign, score, feas.mask, mentors.capacity)
    best = optimal.total_score
    result: dict[str, Any] = {
        "n": n,
        "score_matrix_s": t_score,
        "constraint_masks_s": t_mask,
        "optimal_assignment_s": t_assign,
        "end_to_end_s": end_to_end,
        "pairs": len(optimal.pairs),
        "optimal_score": best,
        "stable_s": t_stable,
        "stable_score_vs_optimal": stable.total_score / best,
        "stable_blocking_pairs": blocking_pairs(stable.pairs, score, feas.mask, mentors.capacity),
        "optimal_blocking_pairs": blocking_pairs(optimal.pairs, score, feas.mask, mentors.capacity),
        "quota_s": t_quota,
        "quota_solves": quota.iterations,
        "quota_score_vs_optimal": quota.assignment.total_score / best,
        "quota_relative_gap_to_bound": quota.gap / max(quota.assignment.total_score, 1.0),
        "top5_shortlists_s": t_top,
        "top5_pairs": int(top5.exposure.sum()),
        "capped_shortlists_s": t_capped,
        "capped_shortlist_score_vs_bound": capped.total / capped.bound if capped.bound else 1.0,
        "capped_max_exposure": int(np.max(capped.exposure)),
        "reshuffle_10pct_s": t_reshuffle,
        "peak_rss_mb": peak_mb(),
    }
    if dense:
        result.update(dense_references(score, feas.mask, mentors.capacity, optimal, t_assign))
        result["peak_rss_with_dense_mb"] = peak_mb()
    return result


def dense_references(score, mask, capacity, optimal, t_assign) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Dense solvers on the same matrices, and the independent check of our optimum."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    from upward.domain.matching.assignment import Preferences, Tiers, edge_weights

    n = score.shape[0]
    weights = edge_weights(score, mask, Preferences(), Tiers.for_size(n))
    (rows, cols), t_raw = timed(linear_sum_assignment, weights, maximize=True)
    keep = weights[rows, cols] > 0
    dense_total = float(score[rows[keep], cols[keep]].astype(np.float64).sum())
    out: dict[str, Any] = {
        "dense_scipy_lsa_s": t_raw,
        "dense_over_ours": t_raw / t_assign,
        "dense_encoded_total_minus_ours": dense_total - optimal.total_score,
    }
    del weights
    if len(optimal.pairs) == min(score.shape):  # everyone matched: the score tier decides
        cost = np.where(mask, -score.astype(np.float64), np.inf)
        (rows, cols), t_check = timed(linear_sum_assignment, cost)
        exact = float(score[rows, cols].astype(np.float64).sum())
        out["independent_optimum_minus_ours"] = exact - optimal.total_score
        out["independent_dense_s"] = t_check
        out.update(lapjv_reference(cost, t_assign, exact))
    return out


def lapjv_reference(cost, t_assign, exact) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    try:
        import lap  # optional: only if installed
    except ImportError:
        return {}
    import numpy as np

    finite = np.where(np.isfinite(cost), cost, 1e6)  # lapjv wants finite costs
    (_, x, _), t_lap = timed(lap.lapjv, finite)
    total = float(-cost[np.arange(len(x)), x].sum())
    return {
        "lapjv_s": t_lap,
        "lapjv_over_ours": t_lap / t_assign,
        "lapjv_minus_optimum": total - exact,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[12, 500, 2000, 4000, 5000])
    parser.add_argument("--probe", type=int, nargs="*", default=[], help="ours only, no dense")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--single", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--no-dense", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.single:
        print(json.dumps(measure(args.single, dense=not args.no_dense)))
        return
    results = {}
    runs = [(n, True) for n in args.sizes] + [(n, False) for n in args.probe]
    for n, dense in runs:
        command = [sys.executable, __file__, "--single", str(n)] + ([] if dense else ["--no-dense"])
        child = subprocess.run(command, capture_output=True, text=True)
        if child.returncode != 0:  # e.g. out of memory on a probe: report and go on
            print(f"N={n}: failed ({child.stderr.strip().splitlines()[-1:]})", file=sys.stderr)
            continue
        results[str(n)] = json.loads(child.stdout)
        if not args.json:
            print_row(results[str(n)])
    if args.json:
        print(json.dumps(results, indent=2))


def print_row(r: dict[str, Any]) -> None:
    print(
        f"N={r['n']:>5}: score {r['score_matrix_s']:.3f}s  masks {r['constraint_masks_s']:.3f}s"
        f"  assign {r['optimal_assignment_s']:.3f}s  end-to-end {r['end_to_end_s']:.2f}s"
        f"  peak {r['peak_rss_mb']:.0f} MB"
    )
    if "dense_scipy_lsa_s" in r:
        line = (
            f"         dense scipy {r['dense_scipy_lsa_s']:.3f}s"
            f" (x{r['dense_over_ours']:.2f} ours); dense-encoded total - ours"
            f" {r['dense_encoded_total_minus_ours']:.2e}"
        )
        if "independent_optimum_minus_ours" in r:
            line += f"; independent optimum - ours {r['independent_optimum_minus_ours']:.1e}"
        if "lapjv_s" in r:
            line += f"; lapjv {r['lapjv_s']:.3f}s (x{r['lapjv_over_ours']:.2f} ours)"
        print(line)
    print(
        f"         quota {r['quota_s']:.2f}s in {r['quota_solves']} solves, score "
        f"{r['quota_score_vs_optimal']:.4f} of optimal, gap to bound "
        f"{r['quota_relative_gap_to_bound']:.2e}"
    )
    print(
        f"         top-5 shortlists {r['top5_shortlists_s']:.3f}s; capped (8 per mentor) "
        f"{r['capped_shortlists_s']:.3f}s at {r['capped_shortlist_score_vs_bound']:.4f} of the "
        f"uncapped bound; reshuffle 10% {r['reshuffle_10pct_s'] * 1000:.1f} ms"
    )
    print(
        f"         stable {r['stable_s']:.3f}s score {r['stable_score_vs_optimal']:.4f} of optimal,"
        f" blocking {r['stable_blocking_pairs']} (optimal has {r['optimal_blocking_pairs']})"
    )


if __name__ == "__main__":
    main()
