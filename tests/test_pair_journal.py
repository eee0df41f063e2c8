"""A member's personal journal: read and written by its author alone, encrypted at rest."""

from datetime import timedelta

import pytest
from django.db import connection
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse

from tests.clock import TODAY
from tests.conftest import World
from upward.workspace.models import JournalEntry


def journal_url(world: World) -> str:
    return reverse("workspace:journal", args=[world.pair.public_id])


def write(world: World, role: str, text: str, day: str = str(TODAY)) -> HttpResponse:
    return world.client(role).post(journal_url(world), {"written_on": day, "text": text})


def test_the_pair_page_links_each_member_to_a_journal_only_they_can_read(world: World) -> None:
    pair_url = reverse("workspace:pair", args=[world.pair.public_id])
    for role in ("mentor", "mentee"):
        page = world.client(role).get(pair_url).content.decode()
        assert "My journal: only you can read this" in page and journal_url(world) in page
    assert "My journal" not in world.client("lead").get(pair_url).content.decode()


def test_a_member_writes_an_entry_with_a_date_and_edits_it_later(world: World) -> None:
    yesterday = TODAY - timedelta(days=1)
    saved = write(world, "mentor", "I froze when she asked about the budget.", str(yesterday))
    assert saved.status_code == 302
    entry = JournalEntry.objects.get()
    assert entry.author == world.pair.mentor and entry.written_on == yesterday
    page = world.client("mentor").get(journal_url(world)).content.decode()
    assert "I froze when she asked about the budget." in page
    edit_url = reverse("workspace:journal_entry", args=[entry.public_id])
    assert "I froze" in world.client("mentor").get(edit_url).content.decode()
    edited = world.client("mentor").post(
        edit_url, {"written_on": str(TODAY), "text": "Next time: ask what the budget is for."}
    )
    assert edited.status_code == 302
    entry.refresh_from_db()
    assert entry.text == "Next time: ask what the budget is for." and entry.written_on == TODAY


def test_the_partner_never_sees_or_changes_my_entries(world: World) -> None:
    write(world, "mentor", "She talks over me in meetings.")
    entry = JournalEntry.objects.get()
    partner_page = world.client("mentee").get(journal_url(world)).content.decode()
    assert "talks over me" not in partner_page and "No entries yet." in partner_page
    edit_url = reverse("workspace:journal_entry", args=[entry.public_id])
    assert world.client("mentee").get(edit_url).status_code == 404
    changed = world.client("mentee").post(edit_url, {"written_on": str(TODAY), "text": "Mine"})
    assert changed.status_code == 404
    pair_page = world.client("mentee").get(reverse("workspace:pair", args=[world.pair.public_id]))
    assert b"talks over me" not in pair_page.content
    entry.refresh_from_db()
    assert entry.text == "She talks over me in meetings."


def test_the_lead_and_the_site_admin_get_a_404_as_if_the_journal_did_not_exist(
    world: World,
) -> None:
    write(world, "mentee", "Private thoughts.")
    edit_url = reverse("workspace:journal_entry", args=[JournalEntry.objects.get().public_id])
    for role in ("lead", "site_admin", "other_member", "outsider", "sponsor", "analyst"):
        assert world.client(role).get(journal_url(world)).status_code == 404
        assert world.client(role).get(edit_url).status_code == 404
        assert write(world, role, "Written by someone else").status_code == 404
    assert JournalEntry.objects.count() == 1


def test_an_empty_entry_is_refused_and_the_form_comes_back_filled_in(world: World) -> None:
    day = str(TODAY - timedelta(days=3))
    refused = write(world, "mentor", "   ", day)
    page = refused.content.decode()
    assert refused.status_code == 400 and "Write something in the entry." in page
    assert f'value="{day}"' in page
    future = write(world, "mentor", "Tomorrow's worries", str(TODAY + timedelta(days=1)))
    assert future.status_code == 400 and "can&#x27;t be in the future" in future.content.decode()
    assert "Tomorrow&#x27;s worries" in future.content.decode()
    assert not JournalEntry.objects.exists()


def test_an_edit_that_empties_the_entry_is_refused_and_keeps_the_old_text(world: World) -> None:
    write(world, "mentor", "Original words.")
    entry = JournalEntry.objects.get()
    refused = world.client("mentor").post(
        reverse("workspace:journal_entry", args=[entry.public_id]),
        {"written_on": str(TODAY), "text": ""},
    )
    assert refused.status_code == 400 and b"Write something in the entry." in refused.content
    entry.refresh_from_db()
    assert entry.text == "Original words."


def test_entries_are_stored_encrypted(world: World) -> None:
    write(world, "mentor", "Nobody reads this in the database.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM workspace_journalentry")
        (stored,) = cursor.fetchone()
    assert stored.startswith("gAAAAA") and "Nobody" not in stored


def test_the_django_admin_does_not_list_journal_entries(world: World) -> None:
    write(world, "mentor", "Not for admins.")
    index = world.client("site_admin").get(reverse("admin:index")).content.decode()
    assert "journal" not in index.lower()
    with pytest.raises(NoReverseMatch):
        reverse("admin:workspace_journalentry_changelist")
