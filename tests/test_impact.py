"""Impact results from the demo organisation: computed by the queue, read by the pages, exported
and reported without a single person's answer."""

import csv
import io
from copy import deepcopy
from datetime import date, timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories import TODAY
from upward.impact import exports, selectors, services
from upward.impact.models import CohortResult, ImpactSettings, ProgramResult
from upward.programs.models import Program
from upward.workspace.models import Session


@pytest.fixture
def demo_program(shared_demo: Program, db) -> Program:
    """Every test here reads the one demo organisation, built once for the module (tests/
    test_impact_refresh.py holds the tests on a small world)."""
    return deepcopy(shared_demo)


def test_results_cover_both_sides_with_n_interval_and_method(demo_program: Program) -> None:
    pilot = CohortResult.objects.get(cohort__name="Pilot").payload
    for side in ("mentor", "mentee"):
        section = pilot["retention"][side]
        for key in ("participants", "controls", "difference"):
            metric = section[key]
            assert {"value", "ci_low", "ci_high", "n", "n_eff", "method", "status"} <= metric.keys()
            assert metric["method"]
    mentor = pilot["retention"]["mentor"]
    assert mentor["horizon_days"] == 365
    assert mentor["matching"]["matched"] + mentor["matching"]["unmatched"] == 10
    # Each control is followed from its participant's start, never from its own hire date.
    start = date.fromisoformat(pilot["cohort"]["start"])
    assert all(
        date.fromisoformat(day) >= start for day in mentor["matched_ids"]["controls"].values()
    )
    pooled = ProgramResult.objects.get(program=demo_program).payload["pooled"]["mentor"]
    assert pooled["difference"]["n_eff"] == pooled["counts"]["participants"][1]
    assert pooled["stratified"]["method"].startswith("Retained at 12 months: stratified by cohort")
    assert pooled["stratified"]["value"] is not None


def test_a_new_session_marks_the_cohort_stale_and_the_queue_refreshes_it(
    demo_program: Program, django_capture_on_commit_callbacks
) -> None:
    result = CohortResult.objects.get(cohort__name="Cohort 2")
    before = result.payload["rhythm"]["sessions_held"]
    pair = result.cohort.pairs.filter(state="active").first()
    from django.utils import timezone

    from upward.workspace.sessions import session_log

    session = Session.objects.create(pair=pair, starts_at=timezone.now() - timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        session_log(session=session, status="held", minutes=30, notes="", tags=[])
    result.refresh_from_db()
    assert result.stale is False and result.payload["rhythm"]["sessions_held"] == before + 1


def test_the_impact_page_reads_cached_results_in_a_fixed_number_of_queries(
    demo_program: Program, django_assert_max_num_queries
) -> None:
    from django.test import Client

    from upward.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="sponsor"))
    url = reverse("impact:impact", args=[demo_program.public_id])
    # 14 to read and 5 for the release ledger (its transaction, the cohorts' lock, what was
    # released before, what goes out now): still fixed, whatever the number of cohorts.
    with django_assert_max_num_queries(19):
        page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Before and after" in text and "95% interval" in text and "n = " in text
    assert "Recompute now" not in text  # a sponsor reads, the lead acts
    assert 'class="vl-chart"' in text


def test_exports_hold_aggregates_and_escape_formulas(demo_program: Program) -> None:
    cohort = demo_program.cohorts.get(name="Cohort 2")
    cohort.name = '=HYPERLINK("http://evil")'
    cohort.save()
    services.refresh_program(demo_program)
    view = selectors.impact_view(demo_program)
    rows = list(csv.reader(io.StringIO(exports.to_csv(view).decode("utf-8-sig"))))
    assert rows[0][:4] == ["Section", "Cohort", "Measure", "Value"]
    names = {row[1] for row in rows[1:]}
    assert '\'=HYPERLINK("http://evil")' in names and cohort.name not in names
    sheet = load_workbook(io.BytesIO(exports.to_xlsx(view, TODAY))).active
    cells = [c.value for c in sheet["B"]]
    assert '\'=HYPERLINK("http://evil")' in cells
    assert not any(
        isinstance(v, str) and v.startswith("=")
        for row in sheet.iter_rows(values_only=True)
        for v in row
    )
    text = exports.to_csv(view).decode()
    assert "Bringing a real task" not in text  # no comment text, ever


def test_the_pdf_report_is_tagged_and_says_what_the_page_says(demo_program: Program) -> None:
    from django.test import Client

    from upward.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="sponsor"))
    response = client.get(reverse("impact:report", args=[demo_program.public_id]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "en"
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "impact report" in text and "Newcombe" in text and "95% interval" in text


def test_roi_uses_the_leads_assumptions_and_refuses_nonsense(demo_program: Program) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=r"between 0\.01 and 3"):
        services.save_settings(demo_program, {"replacement_share": "9"})
    services.save_settings(demo_program, {"replacement_share": "0.5", "junior_salary": "80000"})
    settings = ImpactSettings.objects.get(program=demo_program)
    assert (settings.replacement_share, settings.junior_salary) == (0.5, 80000)
    view = selectors.impact_view(demo_program)
    assert view.roi is not None and view.roi.available and view.roi.result is not None
    assert view.roi.result.cost_per_exit == 40000  # 50% of the junior salary
    assert "pays for itself if it prevents" in view.roi.result.sentence


def _figures(rows: list[list[str]]) -> list[str]:
    return [cell for row in rows[1:] for cell in row[3:6] if cell]


def test_exports_are_rounded_with_units_and_named_for_the_program_and_day(
    demo_program: Program, client
) -> None:
    view = selectors.impact_view(demo_program)
    rows = list(csv.reader(io.StringIO(exports.to_csv(view).decode("utf-8-sig"))))
    assert rows[0][6] == "Unit"
    assert all(len(cell.partition(".")[2]) <= 1 for cell in _figures(rows)), "raw floats"
    pooled = next(r for r in rows if r[:3] == ["Retention vs control", "Pooled", "Junior mentors"])
    difference = view.pooled["mentor"].difference.value
    assert float(pooled[3]) == round(100 * difference, 1) and pooled[6] == "percentage points"
    rates = [r for r in rows if r[0] == "Response rate" and r[3]]
    assert rates and all(r[6] == "%" and float(r[3]) == int(float(r[3])) for r in rates)
    statuses = {r[9] for r in rows[1:]}
    assert "suppressed" not in statuses and "shown" in statuses  # words, not codes
    lead = demo_program.roles.get(role="lead").user
    client.force_login(lead)
    for name in ("impact:export_csv", "impact:export_xlsx", "impact:report"):
        response = client.get(reverse(name, args=[demo_program.public_id]))
        expected = f"upward-impact-digital-fluency-reverse-mentoring-{TODAY.isoformat()}."
        assert expected in response["Content-Disposition"]


def test_the_xlsx_is_formatted_and_explains_its_columns(demo_program: Program) -> None:
    book = load_workbook(io.BytesIO(exports.to_xlsx(selectors.impact_view(demo_program), TODAY)))
    sheet = book["Impact"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    assert sheet.column_dimensions["I"].width >= 40  # the method column can be read
    pooled = next(
        row
        for row in sheet.iter_rows(min_row=2)
        if [c.value for c in row[:3]] == ["Retention vs control", "Pooled", "Junior mentors"]
    )
    assert pooled[3].number_format == "+0.0;-0.0;0.0" and isinstance(pooled[3].value, float)
    about = book["About these columns"]
    explained = {row[0] for row in about.iter_rows(min_row=5, values_only=True)}
    assert explained == set(exports.HEADER)
    assert "Digital Fluency" in about["A1"].value


def test_money_is_written_in_the_organisations_currency(demo_program: Program, settings) -> None:
    from upward.domain.money import format_money

    assert format_money(18000.0, "EUR") == "€18,000"
    assert format_money(-2500.4, "CHF") == "-CHF 2,500"
    settings.CURRENCY = "EUR"
    from django.test import Client

    client = Client()
    client.force_login(demo_program.roles.get(role="lead").user)
    page = client.get(reverse("workspace:all_insights")).content.decode()
    assert "€" in page and "a year in money" in page
    assert not any(f"{n}.0</strong>" in page for n in range(10))


def test_one_cohort_is_computed_in_a_fixed_number_of_queries(
    demo_program: Program, django_assert_num_queries, django_assert_max_num_queries
) -> None:
    from upward.impact import loader
    from upward.impact.compute import compute_cohort

    pilot = demo_program.cohorts.get(name="Pilot")
    # The loader reads the cohort's rows in ten queries: pairs, goals, goal updates, sessions,
    # waves, their instruments, responses, ratings, safety flags, session topics.
    with django_assert_num_queries(10):
        data = loader.load_cohort(pilot)
    assert len(data.pairs) == 10 and data.sessions and data.responses
    # Retention's organisation rows: the members as employees and the control pool, each with
    # their promotions (two more); nothing goes back to the database after matching.
    with django_assert_num_queries(2):
        people = loader.load_retention(data, {})
    assert people.people and people.pool
    # So twelve in all, however many pairs, sessions, answers, members and controls; a pool
    # already read for this refresh is not read again.
    pools: dict = {}
    with django_assert_num_queries(12):
        compute_cohort(pilot, TODAY, pools)
    with django_assert_num_queries(11):
        compute_cohort(pilot, TODAY, pools)
    for cohort in demo_program.cohorts.exclude(pk=pilot.pk):
        with django_assert_max_num_queries(12):
            compute_cohort(cohort, TODAY, {})
