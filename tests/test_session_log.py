"""The session log page: topics the pair typed itself, the shared note written by two people,
and a refused log that comes back as it was typed."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.conftest import World
from upward.workspace.models import Session, Tag


def past_session(world: World) -> Session:
    return Session.objects.create(pair=world.pair, starts_at=timezone.now() - timedelta(days=1))


def log_url(session: Session) -> str:
    return reverse("workspace:session", args=[session.public_id])


def test_a_custom_topic_shows_as_chosen_when_the_log_is_reopened(world: World) -> None:
    Tag.objects.create(name="AI tools", curated=True)
    session = past_session(world)
    world.client("mentor").post(
        log_url(session),
        {"status": "held", "minutes": "45", "tags": ["AI tools"], "new_tags": "board prep"},
    )

    page = world.client("mentee").get(log_url(session)).content.decode()

    assert 'value="board prep"' in page
    chosen = page.split('value="board prep"', 1)[1].split(">", 1)[0]
    assert "checked" in chosen


def test_a_second_save_keeps_the_custom_topics(world: World) -> None:
    Tag.objects.create(name="AI tools", curated=True)
    session = past_session(world)
    world.client("mentor").post(
        log_url(session),
        {"status": "held", "minutes": "45", "tags": ["AI tools"], "new_tags": "board prep"},
    )
    page = world.client("mentee").get(log_url(session)).content.decode()
    # The mentee saves again, sending back exactly the topics the page shows as chosen.
    shown = [
        chunk.split('"', 1)[0]
        for chunk in page.split('name="tags" value="')[1:]
        if "checked" in chunk.split(">", 1)[0]
    ]

    again = world.client("mentee").post(
        log_url(session), {"status": "held", "minutes": "50", "tags": shown, "new_tags": ""}
    )

    assert again.status_code == 302
    assert sorted(session.tags.values_list("name", flat=True)) == ["AI tools", "board prep"]


def test_a_later_save_of_the_notes_never_silently_replaces_the_partners_words(
    world: World,
) -> None:
    session = past_session(world)
    session.private_notes = "Agenda: AI tools."
    session.save()
    # Both members open the log while it says the same thing.
    opened = {
        role: world.client(role).get(log_url(session)).content.decode()
        for role in ("mentor", "mentee")
    }
    assert all('name="notes_before" value="Agenda: AI tools."' in p for p in opened.values())
    world.client("mentor").post(
        log_url(session),
        {
            "status": "held",
            "minutes": "45",
            "notes_before": "Agenda: AI tools.",
            "notes": "Agenda: AI tools.\r\nShe will try a custom GPT for board prep.",
        },
    )

    late = world.client("mentee").post(
        log_url(session),
        {
            "status": "held",
            "minutes": "45",
            "notes_before": "Agenda: AI tools.",
            "notes": "Agenda: AI tools.\r\nI owe her a demo of the budget sheet.",
        },
    )

    assert late.status_code == 409
    page = late.content.decode()
    assert "Your partner saved the notes while you were writing" in page
    assert "She will try a custom GPT for board prep." in page  # theirs
    assert "I owe her a demo of the budget sheet." in page  # mine, still in the box
    session.refresh_from_db()
    assert "custom GPT" in session.private_notes and "budget sheet" not in session.private_notes

    # Saving the merged text from the returned form is accepted.
    before = page.split('name="notes_before" value="', 1)[1].split('"', 1)[0]
    merged = world.client("mentee").post(
        log_url(session),
        {
            "status": "held",
            "minutes": "45",
            "notes_before": before.replace("&#x27;", "'"),
            "notes": "Agenda: AI tools.\nShe will try a custom GPT.\nI owe her a budget demo.",
        },
    )
    assert merged.status_code == 302
    session.refresh_from_db()
    assert session.private_notes.endswith("I owe her a budget demo.")


def test_saving_the_notes_unchanged_by_the_partner_goes_through(world: World) -> None:
    session = past_session(world)
    session.private_notes = "First line"
    session.save()

    saved = world.client("mentee").post(
        log_url(session),
        {
            "status": "held",
            "minutes": "30",
            "notes_before": "First line",
            "notes": "First line\r\nSecond line",
        },
    )

    assert saved.status_code == 302
    session.refresh_from_db()
    assert session.private_notes == "First line\r\nSecond line"


def test_marking_a_future_session_as_held_keeps_everything_typed(world: World) -> None:
    Tag.objects.create(name="AI tools", curated=True)
    future = Session.objects.create(pair=world.pair, starts_at=timezone.now() + timedelta(days=2))

    refused = world.client("mentor").post(
        log_url(future),
        {
            "status": "held",
            "minutes": "75",
            "tags": ["AI tools"],
            "new_tags": "board prep",
            "notes": "We walked through the new dashboard together.",
            "notes_before": "",
        },
    )

    assert refused.status_code == 400
    page = refused.content.decode()
    assert "hasn&#x27;t started yet" in page
    assert ">We walked through the new dashboard together.</textarea>" in page
    assert 'name="new_tags" maxlength="200" value="board prep"' in page
    assert 'name="minutes" min="1" max="480" value="75"' in page
    assert 'value="AI tools" id="tag-' in page and "checked><label" in page
    future.refresh_from_db()
    assert future.status == "planned" and future.private_notes == ""


def test_a_stale_save_keeps_a_topic_the_partner_added_meanwhile(world: World) -> None:
    session = past_session(world)
    session.tags.set([Tag.objects.create(name="AI tools")])
    opened = {"tags_seen": "1", "tags_before": ["AI tools"], "notes_before": ""}
    # The mentor adds a topic; the mentee, on a page opened before, unticks "AI tools" only.
    world.client("mentor").post(
        log_url(session),
        {
            "status": "held",
            "minutes": "45",
            "tags": ["AI tools"],
            "new_tags": "board prep",
            **opened,
        },
    )
    stale = world.client("mentee").post(
        log_url(session), {"status": "held", "minutes": "45", "tags": [], **opened}
    )
    assert stale.status_code == 302
    assert sorted(session.tags.values_list("name", flat=True)) == ["board prep"]


def test_a_note_conflict_offers_both_texts_and_the_partners_topics_ticked(world: World) -> None:
    session = past_session(world)
    opened = {"tags_seen": "1", "notes_before": "", "status": "held", "minutes": "45"}
    world.client("mentor").post(
        log_url(session), {**opened, "notes": "Tried the prompt library.", "new_tags": "prompts"}
    )
    refused = world.client("mentee").post(log_url(session), {**opened, "notes": "Felt useful."})
    page = refused.content.decode()
    assert refused.status_code == 409
    assert "Felt useful.\n\nTried the prompt library.</textarea>" in page
    ticked = page.split('value="prompts"', 1)[1].split(">", 1)[0]
    assert "checked" in ticked


def test_merging_notes_and_topics_loses_nothing() -> None:
    from upward.domain.sessions import merge_notes, merge_tags

    assert merge_notes("mine\nshared", "shared\ntheirs") == "mine\nshared\n\ntheirs"
    assert merge_notes("", "theirs") == "theirs"
    assert merge_notes("same", "same") == "same"
    assert merge_tags({"A", "B"}, before={"A"}, chosen={"a", "C"}) == {"A", "B", "C"}
    assert merge_tags({"A", "B"}, before={"A", "B"}, chosen={"B"}) == {"B"}


def test_a_session_that_has_not_started_offers_moving_before_logging(world: World) -> None:
    session = Session.objects.create(pair=world.pair, starts_at=timezone.now() + timedelta(days=3))
    page = world.client("mentor").get(log_url(session)).content.decode()
    assert page.index('id="move"') < page.index("Log it now (it has not started yet)")
    assert 'name="confirm" value="yes" required' in page
