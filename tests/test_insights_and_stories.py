"""Insights reaching owners, and stories published only with both consents and approval."""

from xml.etree import ElementTree

from django.test import Client
from django.urls import reverse

from tests.conftest import World
from tests.factories import EmployeeFactory, UserFactory
from upward.workspace.models import Insight, Story

ATOM = "{http://www.w3.org/2005/Atom}"


def test_an_insight_goes_to_an_owner_only_with_consent(world: World) -> None:
    owner = EmployeeFactory(email="ops.lead@example.org", account=UserFactory())
    url = reverse("workspace:insights", args=[world.pair.public_id])
    no_consent = world.client("mentee").post(
        url,
        {
            "title": "Expense approvals take a week",
            "description": "Five sign-offs for 50 euros",
            "owner": "ops.lead@example.org",
        },
    )
    assert no_consent.status_code == 400 and b"only if you agree" in no_consent.content
    world.client("mentee").post(
        url,
        {
            "title": "Expense approvals take a week",
            "description": "Five sign-offs for 50 euros",
            "owner": "ops.lead@example.org",
            "share": "on",
            "tags": "process improvement",
        },
    )
    insight = Insight.objects.get()
    assert insight.owner == owner and insight.state == "escalated"
    owner_client = Client()
    owner_client.force_login(owner.account)
    assert b"Expense approvals" in owner_client.get(reverse("workspace:all_insights")).content
    owner_client.post(
        reverse("workspace:insight_update", args=[insight.public_id]),
        {"state": "done", "hours": "6", "money": "12000", "customers": ""},
    )
    insight.refresh_from_db()
    assert (insight.state, insight.hours_saved_per_week) == ("done", 6)
    lead_page = world.client("lead").get(reverse("workspace:all_insights")).content.decode()
    assert "hours saved a week" in lead_page and ">6<" in lead_page


def test_an_insight_that_was_not_shared_stays_in_the_pair(world: World) -> None:
    world.client("mentor").post(
        reverse("workspace:insights", args=[world.pair.public_id]),
        {"title": "Private idea", "description": "Not ready"},
    )
    assert (
        b"Private idea" not in world.client("lead").get(reverse("workspace:all_insights")).content
    )


def test_negative_impact_is_refused(world: World) -> None:
    insight = Insight.objects.create(
        pair=world.pair, raised_by=world.pair.mentor, title="T", description="D", share_consent=True
    )
    response = world.client("lead").post(
        reverse("workspace:insight_update", args=[insight.public_id]),
        {"state": "done", "hours": "-2"},
        follow=True,
    )
    assert b"can&#x27;t be negative" in response.content


def test_a_story_needs_both_consents_then_the_lead_publishes_it_to_the_feed(world) -> None:
    url = reverse("workspace:story", args=[world.pair.public_id])
    world.client("mentor").post(
        url, {"title": "Three reels, one new habit", "body": "Our director now briefs video first."}
    )
    story = Story.objects.get()
    world.client("mentor").post(url, {"action": "consent"})
    refused = world.client("lead").post(
        reverse("workspace:story_publish", args=[story.public_id]), follow=True
    )
    assert b"Both members must agree" in refused.content
    world.client("mentee").post(url, {"action": "consent"})
    world.client("lead").post(
        reverse("workspace:story_publish", args=[story.public_id]),
        {"redacted": "Our director now briefs video first. [name removed]"},
    )
    story.refresh_from_db()
    assert story.published_at and "[name removed]" in story.published_body
    feed = Client().get(reverse("workspace:showcase_feed"))
    assert feed.headers["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(feed.content)  # noqa: S314 - our own feed, in a test
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Three reels, one new habit"]
    assert entries[0].findtext(f"{ATOM}id") == f"urn:uuid:{story.public_id}"


def test_editing_a_story_asks_both_members_to_agree_again(world: World) -> None:
    url = reverse("workspace:story", args=[world.pair.public_id])
    world.client("mentor").post(url, {"title": "T", "body": "Version one"})
    world.client("mentor").post(url, {"action": "consent"})
    world.client("mentee").post(url, {"action": "consent"})
    world.client("mentee").post(url, {"title": "T", "body": "Version two"})
    story = Story.objects.get()
    assert story.mentor_consent_at is None and story.mentee_consent_at is None
    assert b"Version two" not in Client().get(reverse("workspace:showcase_feed")).content


def test_an_insight_refused_for_an_unknown_owner_comes_back_as_typed(world: World) -> None:
    url = reverse("workspace:insights", args=[world.pair.public_id])

    refused = world.client("mentee").post(
        url,
        {
            "title": "Expense approvals take a week",
            "description": "Five sign-offs for 50 euros.\nEveryone waits on the last one.",
            "tags": "process, finance",
            "share": "on",
            "owner": "nobody@example.org",
        },
    )

    assert refused.status_code == 400
    page = refused.content.decode()
    assert "No active colleague has that email address." in page
    assert 'value="Expense approvals take a week"' in page
    assert ">Five sign-offs for 50 euros.\nEveryone waits on the last one.</textarea>" in page
    assert 'value="process, finance"' in page
    assert 'value="nobody@example.org"' in page
    assert 'name="share" checked' in page
    assert not Insight.objects.exists()
