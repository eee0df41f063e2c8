"""Matching benchmark: synthetic cohorts at several sizes, every engine step timed.

    .venv/bin/python bench/matching.py            # table for N = 12, 500, 2000, 5000 a side
    .venv/bin/python bench/matching.py --json     # the same figures as one JSON object keyed by N
    .venv/bin/python bench/matching.py --sizes 500 2000

Each size runs in its own process, so its peak memory (max RSS) is its own.
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def measure(n: int) -> dict[str, float]:
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    from upward.domain.matching.assignment import Preferences, Tiers, assign, edge_weights
    from upward.domain.matching.constraints import feasibility
    from upward.domain.matching.model import Rules, Weights
    from upward.domain.matching.quota import assign_with_quota
    from upward.domain.matching.reshuffle import reshuffle
    from upward.domain.matching.scoring import score_terms, total_score
    from upward.domain.matching.shortlist import capped_shortlists, top_k
    from upward.domain.matching.stable import blocking_pairs, stable_assign
    from upward.domain.matching.synthetic import synthetic_sides

    start = time.perf_counter()
    mentees, mentors = synthetic_sides(n, n, seed=42)
    terms, t_terms = timed(score_terms, mentees, mentors)
    score, t_total = timed(total_score, terms, Weights())
    del terms  # a round keeps only the total; explanations recompute terms for shown pairs
    t_score = t_terms + t_total
    feas, t_mask = timed(feasibility, mentees, mentors, Rules())
    optimal, t_assign = timed(assign, score, feas.mask, mentors.capacity)
    end_to_end = time.perf_counter() - start
    weights = edge_weights(score, feas.mask, Preferences(), Tiers.for_size(n))
    _, t_raw = timed(linear_sum_assignment, weights, maximize=True)
    stable, t_stable = timed(stable_assign, score, feas.mask, mentors.capacity)
    quota_mask = mentees.underrepresented[:, None] ^ mentors.underrepresented[None, :]
    base = sum(1 for e, m in optimal.pairs if quota_mask[e, m])
    quota, t_quota = timed(
        assign_with_quota, score, feas.mask, mentors.capacity, quota_mask, base + max(1, n // 50)
    )
    _, t_top = timed(top_k, score, feas.mask, 5)
    capped, t_capped = timed(capped_shortlists, score, feas.mask, 5, cap=8)
    chosen = set(range(0, len(optimal.pairs), 10))
    _, t_reshuffle = timed(reshuffle, score, feas.mask, mentors.capacity, optimal.pairs, chosen)
    best = optimal.total_score
    return {
        "n": n,
        "score_matrix_s": t_score,
        "constraint_masks_s": t_mask,
        "optimal_assignment_s": t_assign,
        "raw_scipy_lsa_s": t_raw,
        "overhead_ratio": t_assign / t_raw if t_raw else float("nan"),
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
        "capped_shortlists_s": t_capped,
        "capped_shortlist_score_vs_bound": capped.total / capped.bound if capped.bound else 1.0,
        "capped_max_exposure": int(np.max(capped.exposure)),
        "reshuffle_10pct_s": t_reshuffle,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[12, 500, 2000, 5000])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--single", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.single:
        print(json.dumps(measure(args.single)))
        return
    results = {}
    for n in args.sizes:
        child = subprocess.run(
            [sys.executable, __file__, "--single", str(n)],
            check=True,
            capture_output=True,
            text=True,
        )
        results[str(n)] = json.loads(child.stdout)
        if not args.json:
            print_row(results[str(n)])
    if args.json:
        print(json.dumps(results, indent=2))


def print_row(r: dict[str, float]) -> None:
    print(
        f"N={r['n']:>5}: score {r['score_matrix_s']:.3f}s  assign {r['optimal_assignment_s']:.3f}s"
        f" (raw scipy {r['raw_scipy_lsa_s']:.3f}s, x{r['overhead_ratio']:.2f})"
        f"  end-to-end {r['end_to_end_s']:.2f}s  peak {r['peak_rss_mb']:.0f} MB"
    )
    print(
        f"         stable {r['stable_s']:.3f}s score {r['stable_score_vs_optimal']:.4f} of optimal,"
        f" blocking {r['stable_blocking_pairs']} (optimal has {r['optimal_blocking_pairs']})"
    )
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


if __name__ == "__main__":
    main()
