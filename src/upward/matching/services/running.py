"""Running a round in the task queue: load the rows, call the engine in domain/, store what it
decided (shortlists, proposals, who is left unmatched and why), with progress the lead sees."""

from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction

from upward.accounts.models import User
from upward.domain.matching.assignment import Assignment, Pairs, Preferences, assign
from upward.domain.matching.constraints import feasibility, infeasible_reasons
from upward.domain.matching.explain import explain
from upward.domain.matching.model import Rules, Weights
from upward.domain.matching.quota import assign_with_quota
from upward.domain.matching.reshuffle import reshuffle
from upward.domain.matching.scoring import score_terms, total_score
from upward.domain.matching.shortlist import capped_shortlists, top_k
from upward.domain.matching.stable import blocking_pairs, stable_assign
from upward.matching import emails
from upward.matching.inputs import (
    TOPICS,
    RoundInputs,
    load_inputs,
    rules_of,
    weights_of,
)
from upward.matching.models import (
    MatchRound,
    Proposal,
    ShortlistEntry,
    Unmatched,
)
from upward.matching.selectors import unanswered_counts_as_yes
from upward.matching.services.history import record_event


def _set_progress(match_round: MatchRound, step: str, percent: int) -> None:
    match_round.progress = {"step": step, "percent": percent}
    MatchRound.objects.filter(pk=match_round.pk).update(progress=match_round.progress)


def round_start(match_round: MatchRound, actor: User) -> None:
    """Queue a run: rounds can be large, so the work happens in the task queue."""
    if not match_round.is_editable:
        raise ValidationError("A published round cannot be run again.")
    match_round.state = MatchRound.State.RUNNING
    match_round.save(update_fields=["state"])
    _set_progress(match_round, "Waiting for a worker", 0)
    record_event(match_round, actor, "run_requested")
    from upward.matching.tasks import run_round

    transaction.on_commit(lambda: run_round.enqueue(str(match_round.public_id)))


def round_run(match_round: MatchRound) -> None:
    """Shortlists (mentee-choice rounds without choices yet) or a full proposal."""
    try:
        _run(match_round)
    except ValidationError as problem:
        _finish(match_round, MatchRound.State.FAILED, {"problem": " ".join(problem.messages)})


def _run(match_round: MatchRound) -> None:
    _set_progress(match_round, "Loading people and profiles", 10)
    inputs = load_inputs(match_round)
    if not len(inputs.mentees) or not len(inputs.mentors):
        side = "mentees" if not len(inputs.mentees) else "mentors"
        _finish(
            match_round,
            MatchRound.State.FAILED,
            {"problem": f"There are no {side} left to match in this cohort."},
        )
        return
    _set_progress(match_round, "Scoring every possible pair", 35)
    weights = weights_of(match_round)
    terms = score_terms(inputs.mentees, inputs.mentors)
    score = total_score(terms, weights)
    exclusions = frozenset(
        (str(e.mentee.public_id), str(e.mentor.public_id))
        for e in match_round.exclusions.select_related("mentee", "mentor")
    )
    rules = rules_of(match_round, exclusions)
    feas = feasibility(inputs.mentees, inputs.mentors, rules)
    _set_progress(match_round, "Finding the best assignment", 60)
    with transaction.atomic():
        wants_shortlists = (
            match_round.mode == MatchRound.Mode.MENTEE_CHOOSES and not match_round.choices.exists()
        )
        if wants_shortlists:
            _store_shortlists(match_round, inputs, terms, score, feas.mask, weights)
            emails.queue_shortlist_emails(match_round)
            state = MatchRound.State.CHOOSING
        else:
            _store_proposal(match_round, inputs, terms, score, feas, rules, weights)
            state = MatchRound.State.PROPOSED
        _finish(match_round, state, match_round.summary)


def _finish(match_round: MatchRound, state: str, summary: dict[str, Any]) -> None:
    match_round.state, match_round.summary = state, summary
    match_round.progress = {"step": "Done", "percent": 100}
    match_round.save(update_fields=["state", "summary", "progress"])


def _store_shortlists(
    match_round: MatchRound,
    inputs: RoundInputs,
    terms: np.ndarray,
    score: np.ndarray,
    mask: np.ndarray,
    weights: Weights,
) -> None:
    k = match_round.shortlist_size
    if match_round.exposure_cap:
        lists = capped_shortlists(
            score,
            mask,
            k,
            match_round.exposure_cap,
            rotation=match_round.cohort.match_rounds.count(),
        )
    else:
        lists = top_k(score, mask, k)
    match_round.shortlist.all().delete()
    entries = []
    for j, mentors in enumerate(lists.mentors):
        for position, i in enumerate(mentors, start=1):
            why = explain(
                j, i, inputs.mentees, inputs.mentors, terms, weights, inputs.competencies, TOPICS
            )
            entries.append(
                ShortlistEntry(
                    round=match_round,
                    mentee=inputs.mentee_rows[j],
                    mentor=inputs.mentor_rows[i],
                    position=position,
                    score=round(why.score, 4),
                    reasons=list(why.reasons),
                )
            )
    ShortlistEntry.objects.bulk_create(entries)
    empty = [inputs.mentee_rows[j] for j, mentors in enumerate(lists.mentors) if not mentors]
    match_round.summary = {
        "shortlisted_mentees": len(lists.mentors) - len(empty),
        "mentees_without_options": len(empty),
        "shortlist_score_vs_uncapped": round(lists.total / lists.bound, 4) if lists.bound else 1.0,
    }


def _preferences(match_round: MatchRound, inputs: RoundInputs) -> Preferences:
    mentee_at = {p.pk: j for j, p in enumerate(inputs.mentee_rows)}
    mentor_at = {p.pk: i for i, p in enumerate(inputs.mentor_rows)}
    shape = (len(inputs.mentees), len(inputs.mentors))
    ranks, declined = np.zeros(shape, dtype=int), np.zeros(shape, dtype=bool)
    for mentee, mentor, rank in match_round.choices.values_list("mentee_id", "mentor_id", "rank"):
        if mentee in mentee_at and mentor in mentor_at:
            ranks[mentee_at[mentee], mentor_at[mentor]] = rank
    for mentee, mentor in not_accepted(match_round):
        if mentee in mentee_at and mentor in mentor_at:
            declined[mentee_at[mentee], mentor_at[mentor]] = True
    return Preferences(
        choice_rank=ranks if ranks.any() else None,
        declined=declined,
        mentee_priority=inputs.mentees.priority,
        mentor_priority=inputs.mentors.priority,
    )


def not_accepted(match_round: MatchRound) -> set[tuple[int, int]]:
    """(mentee, mentor) requests that may not become a pair: refused, or not yet answered."""
    requested = set(match_round.choices.values_list("mentee_id", "mentor_id"))
    answers = dict(
        ((mentee, mentor), accepted)
        for mentee, mentor, accepted in match_round.responses.values_list(
            "mentee_id", "mentor_id", "accepted"
        )
    )
    silence_is_yes = unanswered_counts_as_yes(match_round)
    refused = {pair for pair, accepted in answers.items() if not accepted}
    silent = {pair for pair in requested if pair not in answers}
    return refused | (set() if silence_is_yes else silent)


def _locked(match_round: MatchRound, inputs: RoundInputs) -> Pairs:
    mentee_at = {p.pk: j for j, p in enumerate(inputs.mentee_rows)}
    mentor_at = {p.pk: i for i, p in enumerate(inputs.mentor_rows)}
    locked = match_round.proposals.filter(locked=True).values_list("mentee_id", "mentor_id")
    missing = [pair for pair in locked if pair[0] not in mentee_at or pair[1] not in mentor_at]
    if missing:
        raise ValidationError(
            "A locked pair includes someone who has left or withdrawn: "
            "unlock it before running again."
        )
    return tuple((mentee_at[e], mentor_at[m]) for e, m in locked)


def _solve(
    match_round: MatchRound,
    inputs: RoundInputs,
    score: np.ndarray,
    feas_mask: np.ndarray,
    prefs: Preferences,
) -> tuple[Assignment, dict[str, Any]]:
    capacity = inputs.mentors.capacity
    locked = _locked(match_round, inputs)
    extra: dict[str, Any] = {}
    if match_round.kind == MatchRound.Kind.RESHUFFLE:
        return _solve_reshuffle(match_round, inputs, score, feas_mask, prefs), extra
    if match_round.algorithm == MatchRound.Algorithm.STABLE:
        allowed = feas_mask if prefs.declined is None else feas_mask & ~prefs.declined
        result = stable_assign(score, allowed, capacity)
    elif match_round.diversity_quota:
        quota_mask = (
            inputs.mentees.underrepresented[:, None] | inputs.mentors.underrepresented[None, :]
        )
        outcome = assign_with_quota(
            score,
            feas_mask,
            capacity,
            quota_mask,
            match_round.diversity_quota,
            prefs=prefs,
            locked=locked,
        )
        result = outcome.assignment
        # Counts only, never which pairs: the attribute behind them is private.
        extra = {
            "quota_required": outcome.required,
            "quota_met": outcome.feasible,
            "quota_gap_to_bound": round(outcome.gap, 6),
        }
    else:
        result = assign(score, feas_mask, capacity, prefs=prefs, locked=locked)
    extra["blocking_pairs"] = blocking_pairs(result.pairs, score, feas_mask, capacity)
    return result, extra


def _solve_reshuffle(
    match_round: MatchRound,
    inputs: RoundInputs,
    score: np.ndarray,
    feas_mask: np.ndarray,
    prefs: Preferences,
) -> Assignment:
    mentee_at = {p.pk: j for j, p in enumerate(inputs.mentee_rows)}
    mentor_at = {p.pk: i for i, p in enumerate(inputs.mentor_rows)}
    current = [
        (mentee_at[p.mentee_id], mentor_at[p.mentor_id])
        for p in inputs.current_pairs
        if p.mentee_id in mentee_at and p.mentor_id in mentor_at
    ]
    chosen_ids = set(match_round.pairs_to_reshuffle.values_list("pk", flat=True))
    by_pair = {
        (mentee_at[p.mentee_id], mentor_at[p.mentor_id]): p.pk
        for p in inputs.current_pairs
        if p.mentee_id in mentee_at
    }
    chosen = {index for index, pair in enumerate(current) if by_pair.get(pair) in chosen_ids}
    _, new = reshuffle(
        score, feas_mask, inputs.mentors.capacity, tuple(current), chosen, prefs=prefs
    )
    freed = {current[index][0] for index in chosen}
    new_pairs = tuple(sorted(new))
    unmatched = tuple(sorted(freed - {e for e, _ in new}))
    return Assignment(
        pairs=new_pairs,
        total_score=float(sum(score[e, m] for e, m in new)),
        unmatched_mentees=unmatched,
        unmatched_mentors=(),
    )


def _store_proposal(
    match_round: MatchRound,
    inputs: RoundInputs,
    terms: np.ndarray,
    score: np.ndarray,
    feas: Any,
    rules: Rules,
    weights: Weights,
) -> None:
    prefs = _preferences(match_round, inputs)
    result, extra = _solve(match_round, inputs, score, feas.mask, prefs)
    locked = {(e, m) for e, m in _locked(match_round, inputs)}
    match_round.proposals.all().delete()
    match_round.unmatched.all().delete()
    ranks = prefs.choice_rank
    proposals = []
    for e, m in result.pairs:
        why = explain(
            e, m, inputs.mentees, inputs.mentors, terms, weights, inputs.competencies, TOPICS
        )
        proposals.append(
            Proposal(
                round=match_round,
                mentee=inputs.mentee_rows[e],
                mentor=inputs.mentor_rows[m],
                score=round(why.score, 4),
                parts={k: round(v, 4) for k, v in why.parts.items()},
                reasons=list(why.reasons),
                locked=(e, m) in locked,
                choice_rank=int(ranks[e, m]) if ranks is not None and ranks[e, m] else None,
            )
        )
    Proposal.objects.bulk_create(proposals)
    Unmatched.objects.bulk_create(_unmatched_rows(match_round, inputs, result, feas, rules))
    match_round.summary = {
        "pairs": len(result.pairs),
        "total_score": round(result.total_score, 4),
        "unmatched_mentees": len(result.unmatched_mentees),
        # A reshuffle leaves mentors it did not use in their existing pairs: none is unmatched.
        "unmatched_mentors": 0
        if match_round.kind == MatchRound.Kind.RESHUFFLE
        else len(result.unmatched_mentors),
        **extra,
    }


def _unmatched_rows(
    match_round: MatchRound, inputs: RoundInputs, result: Assignment, feas: Any, rules: Rules
) -> list[Unmatched]:
    mentee_reasons = infeasible_reasons(feas, rules, axis=0)
    mentor_reasons = infeasible_reasons(feas, rules, axis=1)
    fallback = (
        "no free mentor other than their previous partner fits the rules; reshuffle more "
        "pairs together or add a mentor to the cohort"
        if match_round.kind == MatchRound.Kind.RESHUFFLE
        else "every mentor who could take them went to a pair that fits better overall"
    )
    rows = [
        Unmatched(
            round=match_round,
            participant=inputs.mentee_rows[j],
            reason=mentee_reasons.get(j, fallback),
        )
        for j in result.unmatched_mentees
    ]
    if match_round.kind == MatchRound.Kind.INITIAL:
        rows += [
            Unmatched(
                round=match_round,
                participant=inputs.mentor_rows[i],
                reason=mentor_reasons.get(
                    i, "more mentors than mentees could be paired; others fit better"
                ),
            )
            for i in result.unmatched_mentors
        ]
    return rows


# Lead edits on a proposal.
