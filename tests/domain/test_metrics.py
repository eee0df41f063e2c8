"""Our statistics against independent references on fixed data (MEASUREMENT.md 3 and 5)."""

from datetime import date, timedelta

import pytest

from upward.domain.metrics import controls, heatmap
from upward.domain.metrics.change import difference_in_differences, effect_sizes, paired_change
from upward.domain.metrics.proportions import fisher_p, newcombe, rate, rate_difference, wilson
from upward.domain.metrics.record import Status, mde_dz, mde_sentence
from upward.domain.metrics.roi import Assumptions, Inputs, roi
from upward.domain.metrics.scores import enps_metric
from upward.domain.metrics.survival import Spell, logrank_p, retention, survival_at


@pytest.mark.parametrize(
    ("k", "n", "low", "high"), [(9, 10, 0.60, 0.98), (10, 10, 0.72, 1.00), (96, 100, 0.90, 0.98)]
)
def test_wilson_matches_the_worked_examples(k, n, low, high) -> None:
    from statsmodels.stats.proportion import proportion_confint

    _, lo, hi = wilson(k, n)
    assert (round(lo, 2), round(hi, 2)) == (low, high)
    ref = proportion_confint(k, n, method="wilson")
    assert lo == pytest.approx(ref[0], abs=1e-9) and hi == pytest.approx(ref[1], abs=1e-9)


def test_newcombe_matches_the_paper_and_the_worked_example() -> None:
    # Newcombe (1998), Stat Med 17:873-890, Table II example (a): 56/70 - 48/80, method 10.
    d, low, high = newcombe(56, 70, 48, 80)
    assert (round(d, 4), round(low, 4), round(high, 4)) == (0.2, 0.0524, 0.3339)
    # MEASUREMENT.md section 5: 10/10 retained vs 26/30 controls.
    d, low, high = newcombe(10, 10, 26, 30)
    assert (round(100 * d, 1), round(100 * low, 1), round(100 * high, 1)) == (13.3, -15.6, 29.7)
    assert round(fisher_p(10, 10, 26, 30), 2) == 0.56


def test_newcombe_agrees_with_statsmodels() -> None:
    from statsmodels.stats.proportion import confint_proportions_2indep

    for counts in [(9, 12, 20, 36), (5, 8, 30, 40), (40, 50, 100, 150)]:
        ref = confint_proportions_2indep(*counts, method="newcomb")
        _, low, high = newcombe(*counts)
        assert (low, high) == pytest.approx(ref, abs=1e-9)


def test_rates_follow_the_tiers() -> None:
    assert rate(3, 4, "Retention").status is Status.SUPPRESSED
    assert rate(6, 7, "Retention").status is Status.LOW_N
    small = rate_difference(7, 8, 20, 24, "Retention")
    assert small.status is Status.LOW_N and small.p_value is None  # no p-values under 10
    larger = rate_difference(12, 12, 30, 36, "Retention")
    assert larger.p_value is not None and larger.test.startswith("Fisher")


@pytest.fixture(scope="module")
def waltons():
    from lifelines.datasets import load_waltons

    return load_waltons()


def _spells(frame) -> list[Spell]:
    return [Spell(float(t), bool(e)) for t, e in zip(frame["T"], frame["E"], strict=True)]


def test_kaplan_meier_matches_lifelines(waltons) -> None:
    from lifelines import KaplanMeierFitter

    spells = _spells(waltons)
    fitter = KaplanMeierFitter().fit(waltons["T"], waltons["E"])
    for day in (10.0, 30.0, 50.0, 60.0):
        value, low, high = survival_at(spells, day)
        assert value == pytest.approx(float(fitter.predict(day)), abs=1e-9)
        band = fitter.confidence_interval_survival_function_
        row = band[band.index <= day].iloc[-1]
        assert low == pytest.approx(row.iloc[0], abs=1e-6)
        assert high == pytest.approx(row.iloc[1], abs=1e-6)


def test_logrank_matches_lifelines(waltons) -> None:
    from lifelines.statistics import logrank_test

    treated = waltons[waltons["group"] == "miR-137"]
    control = waltons[waltons["group"] == "control"]
    ours = logrank_p(_spells(treated), _spells(control))
    ref = logrank_test(treated["T"], control["T"], treated["E"], control["E"]).p_value
    assert ours == pytest.approx(ref, rel=1e-9)


def test_no_events_shows_the_wilson_share_not_a_one_to_one_interval() -> None:
    spells = [Spell(400, False)] * 8
    metric = retention(spells, 365, "Retention")
    assert metric.status is Status.NO_EVENTS
    assert (round(metric.ci_low, 2), metric.ci_high) == (0.68, 1.0)
    assert logrank_p(spells, spells) is None


@pytest.mark.parametrize(("n", "mde"), [(8, 1.16), (10, 1.00), (12, 0.89), (30, 0.53), (100, 0.28)])
def test_minimum_detectable_effects_match_measurement(n, mde) -> None:
    assert round(mde_dz(n), 2) == mde
    assert f"n = {n} pairs" in mde_sentence(n)


def test_paired_change_by_tier_and_edge_cases() -> None:
    assert paired_change([1, 2, 3], [2, 3, 4], "x").status is Status.SUPPRESSED
    flat = paired_change([3] * 6, [3.5] * 6, "Engagement")
    assert flat.value == 0.5 and "everyone changed by +0.5" in flat.note
    eight = paired_change([3, 3, 4, 2, 3, 4, 3, 2], [4, 3, 5, 3, 3, 5, 4, 3], "Engagement")
    assert eight.status is Status.LOW_N and eight.p_value is None
    assert eight.ci_low < eight.value < eight.ci_high
    twelve = paired_change([3] * 12, [3, 4, 4, 5, 3, 4, 4, 5, 3, 4, 4, 2], "Engagement")
    assert twelve.test.startswith("exact sign-flip permutation test (all 2^12")
    assert 0 < twelve.p_value < 0.05
    assert "can only detect" in twelve.note


def test_effect_sizes_by_hand() -> None:
    d_z, g_z = effect_sizes([1.0, 2.0, 3.0])  # mean 2, sd 1
    assert d_z == pytest.approx(2.0) and g_z == pytest.approx(2.0 * (1 - 3 / 7))


def test_difference_in_differences_by_hand() -> None:
    participants = [(3.0, 4.0), (3.0, 3.5), (2.0, 3.0), (4.0, 4.5), (3.0, 4.0)]
    controls_ = [(3.0, 3.0), (3.0, 3.5), (2.0, 2.0), (4.0, 4.0), (3.0, 3.5)]
    metric = difference_in_differences(participants, controls_, "Engagement")
    assert metric.value == pytest.approx(0.8 - 0.2)
    assert metric.ci_low < 0.6 < metric.ci_high


def test_enps_interval_by_hand() -> None:
    scores = [10] * 15 + [8] * 5 + [3] * 10  # 30 answers: P 0.5, D 1/3
    metric = enps_metric(scores)
    assert metric.value == pytest.approx(100 * (15 - 10) / 30)
    var = 0.5 + 1 / 3 - (0.5 - 1 / 3) ** 2
    assert metric.ci_high - metric.value == pytest.approx(196 * (var / 30) ** 0.5)
    assert enps_metric([9, 10, 2]).status is Status.SUPPRESSED


def test_roi_worked_example() -> None:
    inputs = Inputs(
        pairs=10,
        meeting_hours=90,
        trained_juniors=10,
        trained_seniors=10,
        participants=10,
        retention_difference=newcombe(10, 10, 26, 30)[1:2]
        + newcombe(10, 10, 26, 30)[0:1]
        + newcombe(10, 10, 26, 30)[2:3],
    )
    result = roi(inputs, Assumptions())
    assert round(result.cost, -3) == 39_000
    assert round(result.break_even_exits, 2) == 2.65
    assert [round(x, 2) for x in result.avoided_exits] == [-1.56, 1.33, 2.97]
    assert [round(x) for x in result.roi_percent] == [-159, -50, 12]
    assert "includes both a loss and a gain" in result.sentence
    half = roi(inputs, Assumptions(replacement_share=0.5))
    assert round(half.roi_percent[1]) == 20
    assert round(roi(inputs, Assumptions(replacement_share=1.0)).roi_percent[1]) == 139


def test_heat_map_hides_cells_under_three_pairs_and_finds_emerging_topics() -> None:
    today = date(2026, 11, 1)
    mentions = [
        heatmap.Mention("AI tools", today - timedelta(days=d), f"p{d % 4}") for d in range(10)
    ]
    mentions += [heatmap.Mention("TikTok", today - timedelta(days=3), "p1")] * 4
    mentions += [
        heatmap.Mention("Email", today - timedelta(days=100 + d), f"p{d}") for d in range(12)
    ]
    shown = {(c.tag, c.column): c.shown for c in heatmap.cells(mentions)}
    assert shown[("AI tools", "2026-10")] and not shown[("TikTok", "2026-10")]
    emerging = heatmap.emerging(mentions, today)
    assert [e.tag for e in emerging] == ["AI tools"]  # TikTok is one pair only


def _people() -> list[controls.Person]:
    people = []
    for i in range(40):
        people.append(
            controls.Person(
                id=f"c{i}",
                department="Sales" if i % 2 else "IT",
                division="Commercial" if i % 2 else "Tech",
                level=2 + i % 2,
                hire_date=date(2020, 1, 1) + timedelta(days=30 * i),
                exit_date=date(2024, 1, 1) if i == 3 else None,
            )
        )
    return people


def test_exact_matching_takes_active_lookalikes_and_reports_the_unmatched() -> None:
    pool = _people()
    treated = [
        controls.Treated(
            controls.Person("t1", "Sales", "Commercial", 3, date(2021, 6, 1)), date(2025, 1, 1)
        ),
        controls.Treated(
            controls.Person("t2", "HR", "People", 9, date(2021, 6, 1)), date(2025, 1, 1)
        ),
    ]
    matches = controls.exact_match(treated, pool, k=4)
    assert matches.unmatched == ["t2"]
    chosen = {p.id: p for p in pool if p.id in matches.controls["t1"]}
    assert 1 <= len(chosen) <= 4
    assert all(p.department == "Sales" and p.level == 3 for p in chosen.values())
    assert all(controls.active_on(p, date(2025, 1, 1)) for p in chosen.values())
    assert all(matches.index_dates[c] == date(2025, 1, 1) for c in chosen)
    assert matches.coarsened["t1"].startswith(("exact", "coarsened"))
    assert controls.exact_match(treated, pool, k=4).controls == matches.controls  # seeded


def test_propensity_matching_balances_the_groups() -> None:
    import random

    rng = random.Random(3)
    pool = [
        controls.Person(
            f"c{i}",
            rng.choice(["Sales", "IT", "Ops"]),
            "Div",
            rng.randint(1, 4),
            date(2015, 1, 1) + timedelta(days=rng.randint(0, 3000)),
        )
        for i in range(600)
    ]
    treated = [
        controls.Treated(
            controls.Person(
                f"t{i}",
                rng.choice(["Sales", "IT"]),
                "Div",
                rng.randint(1, 3),
                date(2017, 1, 1) + timedelta(days=rng.randint(0, 2000)),
            ),
            date(2025, 3, 1),
        )
        for i in range(40)
    ]
    matches = controls.match(treated, pool)
    assert matches.method.startswith("Propensity")
    assert len(matches.controls) + len(matches.unmatched) == 40
    assert all(abs(row.smd) < 0.25 for row in matches.balance)


def test_mantel_haenszel_difference_by_hand() -> None:
    from upward.domain.metrics.proportions import mantel_haenszel_difference, stratified_difference

    # One stratum: the plain difference.
    d, _, _ = mantel_haenszel_difference([(9, 10, 26, 30)])
    assert d == pytest.approx(9 / 10 - 26 / 30)
    # Two strata: weights n1 n2 / N = 7.5 and 16; differences 0.1 and 0.05.
    strata = [(9, 10, 24, 30), (19, 20, 36, 40)]
    d, low, high = mantel_haenszel_difference(strata)
    w1, w2 = 10 * 30 / 40, 20 * 40 / 60
    assert d == pytest.approx((w1 * (0.9 - 0.8) + w2 * (0.95 - 0.9)) / (w1 + w2))
    assert low < d < high
    metric = stratified_difference(strata, "Retained at 12 months")
    assert metric.p_value is not None and metric.test == "Cochran-Mantel-Haenszel test"
    assert stratified_difference([(3, 4, 20, 30)], "x").status is Status.SUPPRESSED


@pytest.mark.parametrize("n", [2, 5, 12, 20])
def test_exact_sign_flip_enumerates_every_pattern_like_scipy(n) -> None:
    import numpy as np
    from scipy.stats import permutation_test

    from upward.domain.metrics.change import exact_sign_flip_p

    rng = np.random.default_rng(n)
    deltas = list(rng.choice([-1.0, -0.5, 0.0, 0.5, 1.0, 1.5], size=n))  # ties and zeros
    reference = permutation_test(
        (np.asarray(deltas),),
        np.mean,
        permutation_type="samples",
        n_resamples=np.inf,
        alternative="two-sided",
    ).pvalue
    assert exact_sign_flip_p(deltas) == pytest.approx(float(reference), abs=1e-12)


def test_sign_flip_is_exact_up_to_20_and_monte_carlo_beyond() -> None:
    twenty = paired_change([3.0] * 20, [3.0 + (i % 5) * 0.5 - 0.5 for i in range(20)], "x")
    assert twenty.test.startswith("exact sign-flip permutation test (all 2^20 = 1,048,576")
    twenty_one = paired_change([3.0] * 21, [3.0 + (i % 5) * 0.5 - 0.5 for i in range(21)], "x")
    assert twenty_one.test.startswith("Monte Carlo sign-flip")
    # The smallest exact p with 10 people all moving the same way: 2 patterns of 1,024.
    ten = paired_change([3.0] * 10, [4.0, 4.5, 4.0, 5.0, 3.5, 4.0, 4.5, 4.0, 5.0, 3.5], "x")
    assert ten.p_value == pytest.approx(2 / 1024, abs=1e-15)


def test_retention_is_computed_from_the_loaded_rows_alone() -> None:
    from upward.domain.metrics import matched
    from upward.domain.metrics.dataset import EmployeeRow, RetentionData

    def row(pk: int, level: int | None, exit_date=None, exit_type="", promotions=()):
        hired = date(2020, 1, 1)
        return EmployeeRow(pk, level, hired, exit_date, exit_type, "Sales", "", promotions)

    start = date(2024, 1, 1)
    members = {1: row(1, 3, date(2024, 6, 1), "voluntary"), 2: row(2, 3)}
    pool = (
        row(10, 3, promotions=(date(2024, 5, 1),)),
        row(11, 3, date(2023, 6, 1)),  # left before the window: never a control
        row(12, 5),  # another side's level: not this side's pool
        row(13, 3, date(2024, 3, 1), "involuntary"),
        row(14, None),
    )
    data = RetentionData({"mentor": {1: start, 2: start}, "mentee": {}}, members, pool)
    assert [r.id for r in matched.candidates(data.sides["mentor"], members, pool)] == [10, 13]
    assert matched.pool_window(data.sides, members) == (frozenset({3}), start, start)
    section = matched.retention_sections(data, date(2025, 6, 1), ("mentor", "mentee"))
    assert list(section) == ["mentor"]  # a side without members has no section
    mentor = section["mentor"]
    # The first member takes both lookalikes (1:4), the second is reported unmatched.
    assert (mentor["matching"]["matched"], mentor["matching"]["unmatched"]) == (1, 1)
    assert mentor["matching"]["controls"] == 2 and mentor["horizon_days"] == 365
    # The matched member left voluntarily; of the controls one was let go (censored).
    assert mentor["counts"] == {"participants": [0, 1], "controls": [1, 1]}
    assert mentor["promotion"]["counts"]["controls"] == [1, 2]
