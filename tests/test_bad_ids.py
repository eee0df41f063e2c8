"""A malformed id typed or tampered into a lead's form is a clear refusal, never a 500."""

from django.urls import reverse

from tests.conftest import World
from tests.test_matching_flow import Org, create_round, run


def test_a_malformed_pair_id_in_a_reshuffle_is_refused(world: World) -> None:
    url = reverse("matching:reshuffle", args=[world.cohort.public_id])
    response = world.client("lead").post(url, {"pairs": ["not-a-uuid"], "reason": "x"}, follow=True)
    assert response.status_code == 200 and "was not recognised" in response.content.decode()


def test_a_malformed_proposal_id_in_a_swap_is_refused(db) -> None:
    org = Org()
    match_round = create_round(org)
    run(org, match_round)
    url = reverse("matching:swap", args=[match_round.public_id])
    response = org.client().post(url, {"first": "nope", "second": "1", "reason": "x"})
    assert response.status_code in {302, 400}


def test_a_malformed_person_id_in_an_invitation_is_refused(world: World) -> None:
    url = reverse("recruitment:recruit", args=[world.cohort.public_id])
    response = world.client("lead").post(url, {"people": ["nope"], "role": "mentor"})
    assert response.status_code in {200, 302, 400}


def test_swapping_a_pair_whose_member_has_left_is_refused_in_words(db) -> None:
    org = Org()
    match_round = create_round(org)
    run(org, match_round)
    first, second = list(match_round.proposals.order_by("pk"))[:2]
    leaver = first.mentor
    leaver.state = "withdrawn"
    leaver.save(update_fields=["state"])
    response = org.client().post(
        reverse("matching:swap", args=[match_round.public_id]),
        {"first": first.public_id, "second": second.public_id, "reason": "better fit"},
        follow=True,
    )
    assert response.status_code == 200
    assert "can no longer be matched" in response.content.decode()


def test_publishing_pairs_marks_the_cohorts_impact_stale(db) -> None:
    from upward.impact.models import CohortResult

    org = Org()
    result = CohortResult.objects.create(cohort=org.cohort, stale=False)
    match_round = create_round(org)
    run(org, match_round)
    org.client().post(reverse("matching:publish", args=[match_round.public_id]), {"confirm": "yes"})
    result.refresh_from_db()
    assert org.cohort.pairs.exists()
    assert result.stale is True  # pairs are written in bulk: the signal says so
