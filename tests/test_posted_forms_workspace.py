"""A stale or altered workspace page (a choice or an id that does not parse) is a 400 that says
which field was wrong, and nothing is written; the pages people fill in behave as before."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import World
from upward.workspace.models import Closure, Concern, Insight, Session, Story, Tag

# Each case: who posts, what (URL and fields), the words the refusal must contain, and a check
# that nothing changed.
Case = Callable[[World], tuple[str, str, dict[str, str], str, Callable[[], bool]]]


def _cancel(world: World) -> tuple[str, str, dict[str, str], str, Callable[[], bool]]:
    session = Session.objects.create(pair=world.pair, starts_at=timezone.now() + timedelta(days=2))
    url = reverse("workspace:cancel", args=[session.public_id])

    def unchanged() -> bool:
        session.refresh_from_db()
        return session.status == Session.Status.PLANNED

    return "mentor", url, {"confirm": "maybe"}, "Confirm:", unchanged


def _merge(world: World) -> tuple[str, str, dict[str, str], str, Callable[[], bool]]:
    Tag.objects.create(name="AI tools", curated=True)
    Tag.objects.create(name="genai")
    url = reverse("workspace:tags")
    fields = {"merge": "not-a-number", "into": "also-not"}
    return (
        "lead",
        url,
        fields,
        "Merge:",
        lambda: not Tag.objects.filter(merged_into__isnull=False).exists(),
    )


def _concern_act(world: World) -> tuple[str, str, dict[str, str], str, Callable[[], bool]]:
    concern = Concern.objects.create(
        pair=world.pair, raised_by=world.pair.mentee, topic="other", text="Sessions keep moving"
    )
    url = reverse("workspace:concern_act", args=[concern.public_id])

    def unchanged() -> bool:
        concern.refresh_from_db()
        return concern.state == Concern.State.OPEN and not concern.action

    return "lead", url, {"action": "explode", "note": "x"}, "Action:", unchanged


def _close(world: World) -> tuple[str, str, dict[str, str], str, Callable[[], bool]]:
    url = reverse("workspace:close", args=[world.pair.public_id])
    fields = {
        "decision": "graduate",
        "reflection": "Budgets",
        "next_steps": "Keep in touch",
        "step": "launch",
    }
    return "mentor", url, fields, "Step:", lambda: not Closure.objects.exists()


def _answer(world: World) -> tuple[str, str, dict[str, str], str, Callable[[], bool]]:
    url = reverse("workspace:close_answer", args=[world.pair.public_id])
    return "mentee", url, {"answer": "maybe"}, "Answer:", lambda: not Closure.objects.exists()


def _insight(world: World) -> tuple[str, str, dict[str, str], str, Callable[[], bool]]:
    insight = Insight.objects.create(
        pair=world.pair,
        raised_by=world.pair.mentee,
        title="Approvals take a week",
        description="Five sign-offs",
        share_consent=True,
    )
    url = reverse("workspace:insight_update", args=[insight.public_id])

    def unchanged() -> bool:
        insight.refresh_from_db()
        return insight.state == Insight.State.NEW and insight.hours_saved_per_week is None

    return "lead", url, {"state": "done", "hours": "lots"}, "Hours saved a week:", unchanged


def _insight_state(world: World) -> tuple[str, str, dict[str, str], str, Callable[[], bool]]:
    role, url, _, _, unchanged = _insight(world)
    return role, url, {"state": "finished", "hours": "2"}, "Status:", unchanged


def _story(world: World) -> tuple[str, str, dict[str, str], str, Callable[[], bool]]:
    url = reverse("workspace:story", args=[world.pair.public_id])
    fields = {"action": "publish", "title": "Our story", "body": "What we did"}
    return "mentor", url, fields, "Action:", lambda: not Story.objects.exists()


@pytest.mark.parametrize(
    "case",
    [_cancel, _merge, _concern_act, _close, _answer, _insight, _insight_state, _story],
    ids=lambda case: case.__name__.strip("_"),
)
def test_a_malformed_choice_is_refused_in_words_and_nothing_is_written(
    world: World, case: Case
) -> None:
    role, url, fields, words, unchanged = case(world)
    response = world.client(role).post(url, fields)
    assert response.status_code == 400
    assert words in response.content.decode()
    assert unchanged()


def test_a_refused_concern_comes_back_as_typed(world: World) -> None:
    url = reverse("workspace:concern", args=[world.pair.public_id])
    response = world.client("mentee").post(url, {"topic": "other", "text": "  "})
    assert response.status_code == 400
    assert 'value="other" id="topic-other" required checked' in response.content.decode()
    assert not Concern.objects.exists()


def test_an_unticked_cancel_is_asked_again_not_refused(world: World) -> None:
    session = Session.objects.create(pair=world.pair, starts_at=timezone.now() + timedelta(days=2))
    response = world.client("mentor").post(
        reverse("workspace:cancel", args=[session.public_id]), {}, follow=True
    )
    assert response.status_code == 200 and b"Tick the box to confirm" in response.content
    session.refresh_from_db()
    assert session.status == Session.Status.PLANNED
