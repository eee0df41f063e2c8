"""Insights reaching owners, and stories published only with both consents and approval."""

from xml.etree import ElementTree

from django.test import Client
from django.urls import reverse

from tests.conftest import World
from tests.factories import EmployeeFactory, UserFactory
from upward.integrations.models import FeedLink
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


def _consented_story(world: World, title: str, body: str) -> Story:
    url = reverse("workspace:story", args=[world.pair.public_id])
    world.client("mentor").post(url, {"title": title, "body": body})
    world.client("mentor").post(url, {"action": "consent"})
    world.client("mentee").post(url, {"action": "consent"})
    return Story.objects.get()


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
        {"title": story.title, "body": story.body},
    )
    story.refresh_from_db()
    assert story.published_at and story.published_body == "Our director now briefs video first."
    feed = world.client("outsider").get(reverse("workspace:showcase_feed"))
    assert feed.headers["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(feed.content)  # noqa: S314 - our own feed, in a test
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Three reels, one new habit"]
    assert entries[0].findtext(f"{ATOM}id") == f"urn:uuid:{story.public_id}"


def test_a_leads_cut_goes_back_to_both_members_before_it_is_published(world: World) -> None:
    story = _consented_story(
        world, "Reels with Ada Quill", "Ada Quill and I made three reels. Our director loved them."
    )
    publish = reverse("workspace:story_publish", args=[story.public_id])

    world.client("lead").post(
        publish, {"title": "Reels", "body": "I made three reels. Our director loved them."}
    )

    story.refresh_from_db()
    assert story.published_at is None and not story.published_body
    assert story.mentor_consent_at is None and story.mentee_consent_at is None
    assert (story.title, story.body) == ("Reels", "I made three reels. Our director loved them.")
    page = world.client("mentee").get(reverse("workspace:story", args=[world.pair.public_id]))
    assert "I made three reels. Our director loved them." in page.content.decode()
    assert b"Ada Quill" not in world.client("outsider").get(reverse("workspace:showcase")).content

    url = reverse("workspace:story", args=[world.pair.public_id])
    world.client("mentor").post(url, {"action": "consent"})
    world.client("mentee").post(url, {"action": "consent"})
    world.client("lead").post(publish, {"title": "Reels", "body": story.body})
    story.refresh_from_db()
    assert story.published_body == "I made three reels. Our director loved them."


def test_the_lead_may_cut_words_but_never_add_or_change_any(world: World) -> None:
    story = _consented_story(world, "Reels", "We made three reels.")
    publish = reverse("workspace:story_publish", args=[story.public_id])
    for title, body in [
        ("Reels", "We made three reels. Best mentoring ever!"),  # words added
        ("Reels", "We made ten reels."),  # a word changed
        ("Reels", "We made three <b>reels</b>."),  # markup added
        ("Reels!", "We made three reels."),  # the title changed
    ]:
        refused = world.client("lead").post(publish, {"title": title, "body": body}, follow=True)
        assert "only remove words" in refused.content.decode()
    story.refresh_from_db()
    assert (story.title, story.body) == ("Reels", "We made three reels.")
    assert story.mentor_consent_at and story.mentee_consent_at and not story.published_at


def test_the_api_publishes_only_the_agreed_text(world: World) -> None:
    story = _consented_story(world, "Reels", "We made three reels.")
    url = reverse("api:publish_story", args=[story.public_id])
    lead = world.client("lead")
    changed = lead.post(url, {"redacted": "We made reels."}, content_type="application/json")
    assert changed.status_code == 409
    assert "not the text both members agreed to" in changed.json()["detail"]
    published = lead.post(url, {"redacted": ""}, content_type="application/json")
    assert published.status_code == 200 and published.json()["body"] == "We made three reels."


def test_members_see_what_was_published_under_their_names(world: World) -> None:
    story = _consented_story(world, "Reels", "We made three reels.")
    world.client("lead").post(reverse("workspace:story_publish", args=[story.public_id]))
    for role in ("mentor", "mentee"):
        page = world.client(role).get(reverse("workspace:story", args=[world.pair.public_id]))
        text = page.content.decode()
        assert "What was published" in text and "We made three reels." in text


def _published(world: World, title: str, body: str) -> Story:
    story = _consented_story(world, title, body)
    world.client("lead").post(reverse("workspace:story_publish", args=[story.public_id]))
    story.refresh_from_db()
    assert story.published_at
    return story


def test_the_feed_needs_a_sign_in_or_the_current_secret_link(world: World) -> None:
    _published(world, "Reels", "We made three reels.")
    feed = reverse("workspace:showcase_feed")
    assert Client().get(feed).status_code == 302  # to the sign-in page
    assert Client().get(feed, {"key": "guessed"}).status_code == 404
    assert not FeedLink.objects.exists()

    world.client("lead").post(reverse("integrations:feed_link_renew"))
    first = FeedLink.objects.get().secret
    showcase = world.client("lead").get(reverse("workspace:showcase")).content.decode()
    assert f"key={first}" in showcase
    for role in ("mentor", "sponsor", "outsider"):
        page = world.client(role).get(reverse("workspace:showcase")).content.decode()
        assert first not in page and "Make a new link" not in page
    assert b"We made three reels." in Client().get(feed, {"key": first}).content

    world.client("site_admin").post(reverse("integrations:feed_link_renew"))
    second = FeedLink.objects.get(revoked_at__isnull=True).secret
    assert second != first
    assert Client().get(feed, {"key": first}).status_code == 404
    assert Client().get(feed, {"key": second}).status_code == 200
    assert world.client("mentor").post(reverse("integrations:feed_link_renew")).status_code == 403


def test_the_feed_carries_what_members_wrote_as_text_never_as_html(world: World) -> None:
    _published(world, "<i>Reels</i>", 'We <script>alert("x")</script> made <b>three</b> reels.')
    feed = world.client("outsider").get(reverse("workspace:showcase_feed"))
    raw = feed.content.decode()
    assert "<script" not in raw and "<b>" not in raw and "<i>" not in raw
    assert 'type="html"' not in raw
    entry = ElementTree.fromstring(feed.content).find(f"{ATOM}entry")  # noqa: S314
    assert entry is not None
    summary = entry.find(f"{ATOM}summary")
    assert summary is not None and summary.get("type") == "text"
    assert summary.text == 'We <script>alert("x")</script> made <b>three</b> reels.'
    assert entry.findtext(f"{ATOM}title") == "<i>Reels</i>"


def test_editing_a_story_asks_both_members_to_agree_again(world: World) -> None:
    url = reverse("workspace:story", args=[world.pair.public_id])
    world.client("mentor").post(url, {"title": "T", "body": "Version one"})
    world.client("mentor").post(url, {"action": "consent"})
    world.client("mentee").post(url, {"action": "consent"})
    world.client("mentee").post(url, {"title": "T", "body": "Version two"})
    story = Story.objects.get()
    assert story.mentor_consent_at is None and story.mentee_consent_at is None
    feed = world.client("outsider").get(reverse("workspace:showcase_feed"))
    assert feed.status_code == 200 and b"Version two" not in feed.content


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


def test_an_owner_without_an_account_is_emailed_chooses_a_password_and_updates_it(
    world: World, django_capture_on_commit_callbacks
) -> None:
    import re

    from django.core import mail

    owner = EmployeeFactory(email="finance.head@example.org", account=None)
    with django_capture_on_commit_callbacks(execute=True):
        world.client("mentor").post(
            reverse("workspace:insights", args=[world.pair.public_id]),
            {
                "title": "Invoices could be read by the AI assistant",
                "description": "We tried it on ten invoices",
                "owner": owner.email,
                "share": "on",
            },
        )
    [message] = [m for m in mail.outbox if m.to == [owner.email]]
    assert "Invoices could be read by the AI assistant" in message.body
    assert world.pair.mentor.employee.last_name not in message.body  # the pair stays unnamed
    link = re.search(r"http://\S+/accounts/password/set/\S+", message.body)
    assert link is not None
    browser = Client()
    form = browser.get(link.group(0), follow=True)
    password = {
        "new_password1": "a long new passphrase 42",
        "new_password2": "a long new passphrase 42",
    }
    landed = browser.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link.group(0), password, follow=True
    )
    assert landed.status_code == 200
    assert b"Invoices could be read" in browser.get(reverse("workspace:all_insights")).content
    assert "1 insight for you to act on" in browser.get(reverse("home")).content.decode()
    insight = Insight.objects.get(owner=owner)
    browser.post(
        reverse("workspace:insight_update", args=[insight.public_id]),
        {"state": "in_progress", "hours": "", "money": "", "customers": ""},
    )
    insight.refresh_from_db()
    assert insight.state == "in_progress"
