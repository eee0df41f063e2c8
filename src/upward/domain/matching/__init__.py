"""Reverse-mentoring matching: scores, hard constraints, explanations, shortlists, optimal and
stable assignment, diversity quotas, reshuffles and weight refinement. Pure numpy/scipy."""
