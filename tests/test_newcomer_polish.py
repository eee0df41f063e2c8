"""Small things a newcomer walking a whole program met (e2e/test_lifecycle.py): flash messages
announced as a list, the site admin's way into setup, a shortlist that speaks to the mentee,
counts that agree with their nouns, tags in sentence case, the designer, and "Log it"."""

import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import World
from tests.factories import (
    TODAY,
    CohortFactory,
    EmployeeFactory,
    ParticipantFactory,
    UserFactory,
)
from tests.test_matching_flow import Org, create_round, run
from upward.governance.selectors import launch_checklist
from upward.matching.selectors import ChoosingProgress
from upward.programs.models import Program
from upward.web.setup import checklist
from upward.workspace.models import Session

CSS = Path(__file__).resolve().parent.parent / "static" / "upward" / "upward.css"


class Tree(HTMLParser):
    """Each element's tag, attributes and the tags of its ancestors."""

    VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr", "col", "area"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.elements: list[tuple[str, dict[str, str | None], list[tuple[str, dict]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = (tag, dict(attrs))
        self.elements.append((tag, dict(attrs), list(self.stack)))
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break


def parse(page: str) -> Tree:
    tree = Tree()
    tree.feed(page)
    return tree


def section(page: str, element_id: str) -> str:
    found = re.search(rf'<section id="{element_id}".*?</section>', page, re.S)
    assert found, f"no section #{element_id}"
    return found.group(0)


# 1. Flash messages ----------------------------------------------------------------------------


def test_a_flash_message_stays_a_list_inside_a_live_region(world: World) -> None:
    page = world.client("site_admin").post(reverse("setup:framework"), follow=True).content.decode()
    tree = parse(page)
    messages = [(attrs, above) for tag, attrs, above in tree.elements if tag == "li"]
    messages = [(a, above) for a, above in messages if "message" in (a.get("class") or "")]
    assert messages, "the page shows no flash message"
    for _, above in messages:
        parent_tag, parent_attrs = above[-1]
        assert parent_tag == "ul" and "role" not in parent_attrs  # still a list to axe
        assert any(attrs.get("role") == "status" for _, attrs in above)  # still announced


# 2. The site admin's home ---------------------------------------------------------------------


@pytest.mark.django_db
def test_an_empty_install_points_its_admin_to_the_setup_checklist_and_roles() -> None:
    assert not Program.objects.exists()
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(reverse("home")).content.decode()
    card = section(page, "admin-setup")
    assert "Start with the setup checklist" in card
    assert f'href="{reverse("setup:home")}"' in card
    assert f'href="{reverse("setup:roles")}"' in card


def test_with_programs_the_admin_still_finds_setup_from_home(world: World) -> None:
    card = section(world.client("site_admin").get(reverse("home")).content.decode(), "admin-setup")
    assert f'href="{reverse("setup:home")}"' in card and "Start with" not in card


# 3. The shortlist speaks to the mentee --------------------------------------------------------


@pytest.fixture
def org(db) -> Org:
    return Org()


def test_the_mentees_shortlist_says_you_and_the_leads_round_says_the_mentee(org: Org) -> None:
    choosing = create_round(org, mode="mentee_chooses")
    run(org, choosing)
    mentee = org.mentees[1]
    stored = " ".join(r for e in choosing.shortlist.filter(mentee=mentee) for r in e.reasons)
    assert "skills the mentee wants" in stored  # as the lead reads it
    shown = (
        org.client(org.account(mentee))
        .get(reverse("matching:shortlist", args=[choosing.public_id]))
        .content.decode()
    )
    assert "skills you want" in shown and "the mentee" not in shown

    assigned = create_round(org)
    run(org, assigned)
    lead_page = org.client().get(reverse("matching:round", args=[assigned.public_id]))
    assert "skills the mentee wants" in lead_page.content.decode()


# 4. Counts agree with their nouns -------------------------------------------------------------


@pytest.mark.django_db
def test_the_launch_checklist_counts_one_of_each_in_the_singular() -> None:
    cohort = CohortFactory(target_pairs=1)
    ParticipantFactory(cohort=cohort, role="mentor")
    ParticipantFactory(cohort=cohort, role="mentee", intake_completed_at=None)
    items = {item.label: item.detail for item in launch_checklist(cohort.program, TODAY)}
    assert items["Participants recruited"] == "1 mentor and 1 mentee opted in, for 1 pair"
    assert items["Intake complete"] == "1 of 2 intakes done"
    assert items["Survey plan in place"] == (
        "0 of 1 cohort have their baseline, pulses and close planned"
    )


def test_the_lead_closing_choosing_early_reads_singulars() -> None:
    warning = ChoosingProgress(mentees=1, not_chosen=1, unanswered=1, silence_is_yes=False)
    text = warning.warning()
    assert "1 of 1 mentee has not ranked" in text
    assert "1 request to a mentor is still unanswered (it counts as a no)" in text
    many = ChoosingProgress(mentees=4, not_chosen=3, unanswered=2, silence_is_yes=True).warning()
    assert "3 of 4 mentees have not ranked" in many and "2 requests to mentors are" in many


@pytest.mark.django_db
def test_the_setup_checklist_counts_one_person() -> None:
    EmployeeFactory()
    people = next(item for item in checklist() if item.key == "people")
    assert people.text == "1 person is in Upward."


def test_a_cohort_of_one_pair_says_pair(world: World) -> None:
    world.cohort.target_pairs = 1
    world.cohort.save(update_fields=["target_pairs"])
    page = world.client("lead").get(reverse("workspace:cohort", args=[world.cohort.public_id]))
    assert "target 1 pair<" in page.content.decode()


# 5. Tags read as sentences --------------------------------------------------------------------


def test_tags_are_not_forced_into_title_case(world: World) -> None:
    tag_rule = re.search(r"^\.tag \{[^}]*\}", CSS.read_text(), re.M)
    assert tag_rule and "text-transform" not in tag_rule.group(0)
    page = world.client("lead").get(reverse("workspace:cohort", args=[world.cohort.public_id]))
    assert 'class="tag tag-running">Running</span>' in page.content.decode()


# 6. The program designer ----------------------------------------------------------------------


def test_the_designers_default_role_description_has_no_hard_line_breaks(world: World) -> None:
    page = world.client("lead").get(reverse("governance:program_create")).content.decode()
    text = re.search(r'<textarea name="role_description"[^>]*>(.*?)</textarea>', page, re.S)
    assert text
    assert "expertise that a senior leader does not have" in text.group(1)
    assert "program lead have your back." in text.group(1)
    assert "\n- Agree one measurable goal" in text.group(1)  # list items keep their lines


def test_a_program_left_with_the_default_role_description_stores_one_line_per_paragraph(
    world: World,
) -> None:
    from tests.test_program_setup import design_data, sponsor_user

    sponsor = sponsor_user()
    data = design_data(name="Unwrapped", sponsor=sponsor.employee.pk)
    response = world.client("lead").post(reverse("governance:program_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = Program.objects.get(name="Unwrapped").role_description
    assert "expertise that a senior leader does not have" in stored


def test_the_custom_cadence_fields_say_they_are_only_for_a_custom_program(
    world: World,
) -> None:
    page = world.client("lead").get(reverse("governance:program_create")).content.decode()
    groups = re.findall(r"<div data-custom-only>(.*?</div>)\s*</div>", page, re.S)
    assert [re.search(r'name="(\w+)"', group).group(1) for group in groups] == [
        "cadence_days",
        "session_minutes",
    ]
    assert all("(only for a custom program)</label>" in group for group in groups)
    assert "upward/program-form.js" in page  # hides them for a preset type


def test_the_person_search_sits_above_the_picker_it_fills(world: World) -> None:
    sponsor = EmployeeFactory(level=9, first_name="Priya", last_name="Shah", title="Chief")
    response = world.client("site_admin").post(
        reverse("governance:program_create"),
        {"find": "sponsor", "sponsor_search": "Priya", "sponsor": sponsor.pk},
    )
    page = response.content.decode()
    for name in ("sponsor", "lead"):
        assert page.index(f'id="id_{name}_search"') < page.index(f'<select name="{name}"')
    chosen = re.search(r'<p class="chosen-person" id="id_sponsor_chosen"[^>]*>(.*?)</p>', page)
    assert chosen and "Priya Shah — Chief" in chosen.group(1)
    assert "hidden" not in chosen.group(0)


# 7. The pair page: "Log it" once a session has started ----------------------------------------


def test_log_it_shows_only_for_sessions_that_have_started(world: World) -> None:
    now = timezone.now()
    started, ahead = now - timedelta(hours=2), now + timedelta(days=21)
    for starts_at in (started, ahead):
        Session.objects.create(pair=world.pair, starts_at=starts_at)
    page = world.client("mentor").get(reverse("workspace:pair", args=[world.pair.public_id]))
    links = re.findall(
        r'>(Log it|Open)<span class="visually-hidden"> the session of ([^<]+)<',
        page.content.decode(),
    )
    zone = ZoneInfo(world.pair.mentor.employee.time_zone)  # the page shows the viewer's zone
    day = [f"{moment.astimezone(zone):%-d %b}" for moment in (started, ahead)]
    assert links == [("Log it", day[0]), ("Open", day[1])]
