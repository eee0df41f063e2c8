"""Webhooks to Slack, Teams and signed HTTPS endpoints, against a capture server on loopback:
payload shapes, no answers or private detail, URL rules, bounded retries with backoff, and the
lead's own request succeeding whatever the receiver does."""

import hashlib
import hmac
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.capture_server import CaptureServer
from tests.conftest import World
from tests.factories import TODAY
from tests.test_matching_flow import Org, create_round, run
from upward.domain.surveys.flags import Reason
from upward.flags.services import raise_flag
from upward.surveys.models import Wave
from upward.surveys.services import close_wave
from upward.webhooks import services
from upward.webhooks.addresses import check_url
from upward.webhooks.models import Delivery, Webhook


@pytest.fixture
def org(db) -> Org:
    return Org()


ALL_EVENTS = ["pairs_published", "flag_raised", "story_published", "wave_closed"]


def hook(world: World, url: str, kind: str = "generic", events: list[str] | None = None) -> Webhook:
    return services.add_webhook(
        program=world.program,
        by=world.users["lead"],
        name=f"#{kind}",
        kind=kind,
        url=url,
        events=events or ALL_EVENTS,
    )


def stale_flag(world: World) -> None:
    raise_flag(
        key=f"stale:{world.pair.public_id}",
        program=world.program,
        cohort=world.cohort,
        pair=world.pair,
        reason=Reason.STALE,
        evidence="No session since 3 March; the mentor wrote they feel ignored.",
        today=TODAY,
    )


def test_slack_gets_block_kit_and_teams_an_adaptive_card(
    world: World, django_capture_on_commit_callbacks
) -> None:
    with CaptureServer() as slack, CaptureServer() as teams:
        hook(world, slack.url, "slack")
        hook(world, teams.url, "teams")
        with django_capture_on_commit_callbacks(execute=True):
            stale_flag(world)
    posted = slack.received[0].json()
    assert posted["text"] and posted["blocks"][0]["type"] == "header"
    assert {block["type"] for block in posted["blocks"]} <= {"header", "section", "context"}
    card = teams.received[0].json()
    assert card["type"] == "message"
    attachment = card["attachments"][0]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert attachment["content"]["type"] == "AdaptiveCard"
    assert attachment["content"]["body"][0]["type"] == "TextBlock"


def test_a_flag_goes_out_as_counts_without_the_pair_or_its_evidence(
    world: World, django_capture_on_commit_callbacks
) -> None:
    with CaptureServer() as receiver:
        hook(world, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            stale_flag(world)
    sent = receiver.received[0].body.decode()
    assert "No session for a while" in sent  # the reason's label, counted
    for private in (
        "feel ignored",
        world.pair.mentor.employee.last_name,
        world.pair.mentee.employee.last_name,
        str(world.pair.public_id),
    ):
        assert private not in sent


def test_a_generic_endpoint_gets_signed_json_it_can_verify(
    world: World, django_capture_on_commit_callbacks
) -> None:
    with CaptureServer() as receiver:
        webhook = hook(world, receiver.url)
        wave = Wave.objects.create(
            cohort=world.cohort,
            kind="pulse",
            label="Pulse 1",
            opens_on=TODAY,
            closes_on=TODAY + timedelta(days=14),
            state=Wave.State.OPEN,
            invited=10,
            answered=7,
        )
        with django_capture_on_commit_callbacks(execute=True):
            close_wave(wave)
    request = receiver.received[0]
    expected = hmac.new(
        webhook.signing_secret.encode(),
        request.headers["X-Upward-Timestamp"].encode() + b"." + request.body,
        hashlib.sha256,
    ).hexdigest()
    assert hmac.compare_digest(request.headers["X-Upward-Signature"], f"sha256={expected}")
    assert request.headers["X-Upward-Event"] == "wave_closed"
    body = request.json()
    assert body["data"] == {"wave": "Pulse 1", "answered": 7, "invited": 10}  # rates, no answers


def test_published_pairs_are_announced_once_with_names(
    org: Org,
    django_capture_on_commit_callbacks,
) -> None:
    with CaptureServer() as receiver:
        services.add_webhook(
            program=org.cohort.program,
            by=org.lead,
            name="#all",
            kind="generic",
            url=receiver.url,
            events=["pairs_published"],
        )
        match_round = create_round(org)
        run(org, match_round)
        with django_capture_on_commit_callbacks(execute=True):
            response = org.client().post(
                reverse("matching:publish", args=[match_round.public_id]), {"confirm": "yes"}
            )
        assert response.status_code == 302
    body = receiver.received[0].json()
    assert len(body["data"]["pairs"]) == 4
    assert len(receiver.received) == 1


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://hooks.slack.com/services/x", "slack"),  # not https
        ("https://127.0.0.1/hook", "generic"),
        ("https://169.254.169.254/latest/meta-data", "generic"),
        ("https://10.1.2.3/hook", "generic"),
        ("https://[::1]/hook", "generic"),
        ("https://localhost/hook", "generic"),
        ("file:///etc/passwd", "generic"),
        ("https://user:pw@example.org/hook", "generic"),
        ("https://example.org/services/x", "slack"),  # not Slack's host
        ("https://evil-logic.azure.com.example.org/x", "teams"),
    ],
)
def test_url_rules_in_production(settings, url: str, kind: str) -> None:
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    with pytest.raises(ValidationError):
        check_url(url, kind)


def test_retries_back_off_and_stop(world: World, django_capture_on_commit_callbacks) -> None:
    with CaptureServer(answers=[500, 503, 200]) as receiver:
        hook(world, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            stale_flag(world)  # first attempt: 500
        delivery = Delivery.objects.get()
        assert (delivery.state, delivery.attempts, delivery.last_status) == ("pending", 1, 500)
        assert delivery.next_attempt_at > timezone.now() + timedelta(seconds=25)
        assert services.retry_due() == []  # not due yet: backoff holds
        services.retry_due(now=delivery.next_attempt_at + timedelta(seconds=1))  # 503
        delivery.refresh_from_db()
        assert (delivery.attempts, delivery.last_status) == (2, 503)
        assert delivery.next_attempt_at > timezone.now() + timedelta(seconds=100)
        services.retry_due(now=delivery.next_attempt_at + timedelta(seconds=1))
        delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("delivered", 3)
    assert len(receiver.received) == 3


def test_a_receiver_that_never_answers_is_given_up_after_bounded_attempts(
    world: World, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    monkeypatch.setattr(services, "TIMEOUT_SECONDS", 0.2)
    with CaptureServer(delay=1.0) as receiver:
        hook(world, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            stale_flag(world)
        for _ in range(10):
            delivery = Delivery.objects.get()
            services.retry_due(now=delivery.next_attempt_at + timedelta(seconds=1))
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("failed", services.MAX_ATTEMPTS)
    assert "Timeout" in delivery.last_error


def test_the_leads_request_succeeds_when_the_receiver_is_down(
    world: World, django_capture_on_commit_callbacks
) -> None:
    with CaptureServer(answers=[500]) as receiver:
        hook(world, receiver.url, events=["wave_closed"])
        wave = Wave.objects.create(
            cohort=world.cohort,
            kind="pulse",
            label="Pulse 1",
            opens_on=TODAY,
            closes_on=TODAY + timedelta(days=14),
            state=Wave.State.OPEN,
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = world.client("lead").post(
                reverse("surveys:wave_act", args=[wave.public_id]), {"action": "close"}
            )
    assert response.status_code == 302
    assert Wave.objects.get(pk=wave.pk).state == Wave.State.CLOSED
    assert Delivery.objects.get().state == "pending"


def test_the_lead_adds_a_webhook_and_bad_addresses_are_refused_on_the_page(
    world: World, settings
) -> None:
    client = world.client("lead")
    url = reverse("webhooks:list", args=[world.program.public_id])
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    refused = client.post(
        url,
        {"name": "#x", "kind": "generic", "url": "https://127.0.0.1/", "events": ["flag_raised"]},
    )
    assert refused.status_code == 400
    assert "private or local" in refused.content.decode()
    assert not Webhook.objects.exists()
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    added = client.post(
        url,
        {"name": "#x", "kind": "generic", "url": "http://127.0.0.1:9/h", "events": ["flag_raised"]},
        follow=True,
    )
    assert added.status_code == 200
    page = added.content.decode()
    assert Webhook.objects.get().signing_secret in page  # shown once, right after adding
    assert Webhook.objects.get().signing_secret not in client.get(url).content.decode()


def test_the_api_shows_the_signing_secret_once_and_never_the_full_address(world: World) -> None:
    client = world.client("lead")
    base = f"/api/v1/webhooks/programs/{world.program.public_id}"
    created = client.post(
        base,
        {
            "name": "#ops",
            "kind": "generic",
            "url": "http://127.0.0.1:9/secret-path",
            "events": ["wave_closed"],
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    assert len(created.json()["signing_secret"]) == 64
    listed = client.get(base).json()
    assert listed["count"] == 1
    assert "secret-path" not in str(listed) and "signing_secret" not in listed["items"][0]
    refused = client.post(
        base,
        {"name": "#x", "kind": "fax", "url": "http://127.0.0.1:9/", "events": []},
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused.json()["detail"]


def test_a_flag_with_no_webhook_listening_costs_one_lookup(
    world: World, django_assert_num_queries
) -> None:
    # The flag's insert (in a savepoint) and the webhook lookup; no counting of open flags.
    with django_assert_num_queries(4):
        stale_flag(world)
