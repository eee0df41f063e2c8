"""Matching in Chromium: a mentee ranks their shortlist, the mentor accepts, the lead closes
choosing and publishes; then the lead reshuffles a stalled pair."""

from playwright.sync_api import Page, expect

from e2e.conftest import check_accessibility, sign_in
from upward.matching.models import MatchRound
from upward.programs.models import Cohort, Pair


def test_mentee_ranks_mentor_accepts_lead_publishes(page: Page, live_server, demo) -> None:
    match_round = MatchRound.objects.get(state=MatchRound.State.CHOOSING)
    sign_in(page, live_server.url, "next-mentee")
    page.get_by_role("link", name="Rank your shortlist").click()
    expect(page.get_by_role("heading", name="Choose your mentor")).to_be_visible()
    check_accessibility(page, "mentee-shortlist")
    first = page.locator("select").first
    first.select_option(label="Choice 1")
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("your choices are saved")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, "next-mentor")
    page.get_by_role("link", name="See who asked for you").click()
    expect(page.get_by_role("heading", name="Who would like you as their mentor")).to_be_visible()
    check_accessibility(page, "mentor-requests")
    page.get_by_role("button", name="Accept").first.click()
    expect(page.get_by_text("You accepted.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, "lead")
    page.goto(f"{live_server.url}/matching/{match_round.public_id}/")
    check_accessibility(page, "lead-round-choosing")
    # Most mentees of the demo have not chosen yet: the page says so and asks to confirm.
    expect(page.get_by_text("mentees have not ranked their shortlist yet")).to_be_visible()
    page.get_by_label("Close choosing anyway").check()
    page.get_by_role("button", name="Close choosing and match").click()
    expect(page.get_by_role("heading", name="Proposed pairs")).to_be_visible()
    expect(page.get_by_text("mentee's choice #1").first).to_be_visible()
    check_accessibility(page, "lead-round-proposed")
    page.get_by_label("Yes: each member learns who their partner is now").check()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published: the pairs can see each other now.")).to_be_visible()
    assert Pair.objects.filter(cohort=match_round.cohort, state="active").count() >= 10


def test_lead_reshuffles_a_stalled_pair(page: Page, live_server, demo) -> None:
    cohort = Cohort.objects.get(name="Cohort 2")
    paused = Pair.objects.get(cohort=cohort, state="paused")
    partner = Pair.objects.filter(cohort=cohort, state="active").order_by("pk").first()
    sign_in(page, live_server.url, "lead")
    page.goto(f"{live_server.url}/cohorts/{cohort.public_id}/")
    page.get_by_role("link", name="Matching and reshuffles").click()
    expect(page.get_by_role("heading", name="What past pairs suggest")).to_be_visible()
    check_accessibility(page, "lead-matching-cohort")
    # Two pairs, so each mentee can be re-matched with the other's mentor.
    page.locator(f"#pair-{paused.public_id}").check()
    page.locator(f"#pair-{partner.public_id}").check()
    page.get_by_label("Why").fill("Paused after a missed month")
    page.get_by_role("button", name="Start a reshuffle round").click()
    page.get_by_role("button", name="Run matching").click()
    expect(page.get_by_role("heading", name="Proposed pairs")).to_be_visible()
    page.get_by_label("Yes: each member learns who their partner is now").check()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published: the pairs can see each other now.")).to_be_visible()
    paused.refresh_from_db()
    partner.refresh_from_db()
    assert paused.state == partner.state == Pair.State.DISSOLVED
    shuffle = MatchRound.objects.get(kind=MatchRound.Kind.RESHUFFLE)
    for old in (paused, partner):  # re-matched with someone new, or told why not
        new = Pair.objects.filter(cohort=cohort, mentee=old.mentee, state="active").first()
        if new is not None:
            assert new.mentor != old.mentor
        else:
            assert shuffle.unmatched.filter(participant=old.mentee).exists()
