"""How a pair decides its ending: the rules, without a database."""

from datetime import date

from upward.domain.closure import DecisionFacts, ends_the_pair, lead_summary, may_answer


def test_only_the_partner_may_answer_an_open_proposal() -> None:
    assert may_answer(proposer_id=1, answerer_id=2, state="proposed") is None
    assert "your partner" in (may_answer(proposer_id=1, answerer_id=1, state="proposed") or "")
    assert "already been answered" in (
        may_answer(proposer_id=1, answerer_id=2, state="confirmed") or ""
    )


def test_continuing_is_not_an_ending() -> None:
    assert ends_the_pair("graduate") and ends_the_pair("reshuffle")
    assert not ends_the_pair("continue")


def test_the_leads_summary_gives_the_decision_and_its_dates_only() -> None:
    proposed, answered = date(2026, 11, 2), date(2026, 11, 5)
    waiting = DecisionFacts("graduate", "proposed", proposed, None)
    assert lead_summary(waiting) == "Graduate proposed on 02 Nov 2026, waiting for the partner"
    continued = DecisionFacts("continue", "confirmed", proposed, answered)
    assert lead_summary(continued) == "Continued on 05 Nov 2026 (proposed on 02 Nov 2026)"
    declined = DecisionFacts("reshuffle", "declined", proposed, answered)
    assert lead_summary(declined) == "Reshuffle proposed on 02 Nov 2026, declined on 05 Nov 2026"
