"""The impact page and the PDF open with a summary a sponsor reads in a minute: per headline
figure, the figure, the comparison, the n and a verdict word from the evidence tiers; a balance
warning when the matched controls are not a close match; "no data yet" is not "hidden"."""

import io
import re
from copy import deepcopy

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from upward.accounts.models import User
from upward.domain.metrics.record import Metric, Status
from upward.impact.models import CohortResult, ProgramResult
from upward.impact.pooled import BeforeAfterRow
from upward.impact.summary import summary_lines
from upward.programs.models import Program


@pytest.fixture
def demo_program(shared_demo: Program, db) -> Program:
    return deepcopy(shared_demo)  # built once for the module (tests/conftest.py)


def _page(program: Program, username: str = "sponsor") -> str:
    client = Client()
    client.force_login(User.objects.get(username=username))
    response = client.get(reverse("impact:impact", args=[program.public_id]))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def _summary(html: str) -> str:
    return html.split('id="summary"', 1)[1].split('id="ba"', 1)[0]


def test_the_summary_comes_first_with_figure_comparison_n_and_verdict(
    demo_program: Program,
) -> None:
    html = _page(demo_program)
    assert html.index("In one minute") < html.index("Before and after")
    summary = _summary(html)
    # Retention: the figure, the comparison and the n, then the verdict in words.
    assert (
        "Junior mentors: still here at 12 months:</strong> 90% of participants (9 of 10) "
        "against 78% of matched controls (29 of 37): +11.6 points"
    ) in summary
    assert re.search(r"Verdict: too few people to tell: needs about \d+ more\.", summary)
    # Promotions appear like retention, with their verdict.
    assert (
        "Junior mentors: promoted within 12 months:</strong> 30% of participants (3 of 10) "
        "against 11% of matched controls (4 of 37): +19.2 points, 95% interval -4.5 points "
        'to +50.2 points. <span class="verdict">Verdict: too few people to tell: needs about'
    ) in summary
    # Too few seniors followed a year: hidden, and said so in words.
    assert "Senior mentees: still here at 12 months:</strong> hidden to protect people" in summary
    # The chosen KPIs follow, each with its n.
    assert "Skill attainment" in summary and "(n = 10)" in summary
    # The method is one click away, still complete.
    assert summary.count("How this was worked out") >= 5
    assert "Newcombe" in summary and "Fisher" in summary
    assert "Return on investment:</strong> " in summary


def test_a_balance_warning_follows_retention_and_promotion_when_controls_differ(
    demo_program: Program,
) -> None:
    html = _page(demo_program, "lead")
    warning = "The matched controls are not a close match"
    retention = html.split('id="ret"', 1)[1].split('id="promo"', 1)[0]
    promotion = html.split('id="promo"', 1)[1].split('id="roi"', 1)[0]
    for section in (retention, promotion, _summary(html)):
        assert warning in section
    assert "Tenure (years) 0.74 in Pilot" in retention
    assert "read it as indicative, not as the program&#x27;s effect" in retention
    # A side whose figures are hidden gets no warning (its balance would describe them).
    assert "Senior mentees:</strong> The matched controls" not in html


def test_no_balance_warning_when_every_standardised_difference_is_small(
    demo_program: Program,
) -> None:
    for result in CohortResult.objects.filter(cohort__program=demo_program):
        for side in ("mentor", "mentee"):
            matching = (result.payload.get("retention") or {}).get(side, {}).get("matching")
            for row in (matching or {}).get("balance", []):
                row["smd"] = 0.05
        result.save()
    assert "not a close match" not in _page(demo_program)


def test_no_data_yet_is_not_hidden_to_protect_people(demo_program: Program) -> None:
    result = ProgramResult.objects.get(program=demo_program)
    promotion = result.payload["pooled"]["mentor"]["promotion"]["difference"]
    promotion.update(
        value=None,
        ci_low=None,
        ci_high=None,
        p_value=None,
        n=0,
        n_eff=0,
        status="insufficient",
        note="No one followed for 12 months yet.",
    )
    result.save()
    summary = _summary(_page(demo_program))
    assert (
        "Junior mentors: promoted within 12 months:</strong> no data yet. "
        "No one followed for 12 months yet."
    ) in summary
    promotion.update(status="withheld", n=12, n_eff=12)
    result.save()
    summary = _summary(_page(demo_program))
    assert "Junior mentors: promoted within 12 months:</strong> hidden to protect people" in summary


def test_an_empty_figure_says_no_data_yet_in_the_details_too(demo_program: Program) -> None:
    # Nobody answered: a "suppressed" record of 0 people is no data, not a privacy screen.
    lines = summary_lines(
        [
            BeforeAfterRow(
                "Engagement",
                None,
                None,
                Metric(
                    None,
                    None,
                    None,
                    0,
                    0,
                    "m",
                    Status.SUPPRESSED,
                    "Fewer than 5 people (0): not shown",
                ),
                "1-5",
                kpi="engagement_change",
            )
        ],
        {},
        [],
    )
    engagement = lines[-1]
    assert engagement.sentence.startswith("no data yet")
    assert "Fewer than 5" not in engagement.sentence
    assert [line.verdict.words for line in lines[:4]] == ["no data yet"] * 4


def test_page_one_of_the_pdf_is_the_summary(demo_program: Program) -> None:
    client = Client()
    client.force_login(User.objects.get(username="sponsor"))
    response = client.get(reverse("impact:report", args=[demo_program.public_id]))
    reader = PdfReader(io.BytesIO(response.content))
    first = " ".join(reader.pages[0].extract_text().split())
    assert "In one minute" in first
    assert "promoted within 12 months" in first and "(3 of 10)" in first
    assert "Verdict: promising, not yet conclusive" in first
    assert re.search(r"Verdict: too few people to tell: needs about \d+ more", first)
    assert "not a close match" in first
    assert "Before and after" not in first  # the detail starts on page 2
