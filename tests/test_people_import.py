"""HRIS import end to end: real CSV and XLSX files through the UI, the API and the command."""

import io
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, TestCase
from django.urls import reverse

from tests.conftest import World
from tests.factories import ProgramRoleFactory, UserFactory
from tests.samples import BAMBOO_HEADER, csv_bytes, small_org, xlsx_bytes
from upward.people.imports import import_job_create
from upward.people.models import Department, Employee, ImportJob, PromotionRecord
from upward.programs.models import ProgramRole


def upload(client: Client, name: str, content: bytes, date_order: str = "auto"):
    """Post a file to the import page, running the queued check as a worker would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("people:import"),
            {"file": SimpleUploadedFile(name, content), "date_order": date_order},
        )


def latest_job() -> ImportJob:
    return ImportJob.objects.latest("created_at")


def apply(client: Client, job: ImportJob):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("people:import_apply", args=[job.public_id]))


def test_dry_run_shows_counts_and_writes_nothing(world: World) -> None:
    client = world.client("lead")
    before = Employee.objects.count()
    response = upload(client, "bamboo.csv", csv_bytes(small_org()))
    job = latest_job()
    assert response.status_code == 302
    assert job.state == ImportJob.State.VALIDATED
    assert job.counts == {"create": 4, "update": 0, "unchanged": 0, "error": 0}
    assert Employee.objects.count() == before
    page = client.get(reverse("people:import_job", args=[job.public_id]))
    assert b"Import 4 new and 0 updated" in page.content


def test_applying_creates_people_with_managers_resolved_in_any_row_order(world: World) -> None:
    client = world.client("lead")
    upload(client, "bamboo.csv", csv_bytes(small_org()))
    apply(client, latest_job())
    assert latest_job().state == ImportJob.State.APPLIED
    ada = Employee.objects.get(employee_id="1003")
    assert ada.manager.employee_id == "1002"
    assert ada.manager.manager.employee_id == "1001"
    assert Department.objects.get(name="Marketing").division == "Commercial"
    assert latest_job().content == b""  # the upload is not kept once imported


def test_reimporting_the_same_file_changes_nothing(world: World) -> None:
    client = world.client("lead")
    upload(client, "bamboo.csv", csv_bytes(small_org()))
    apply(client, latest_job())
    stamps = dict(Employee.objects.values_list("employee_id", "updated_at"))
    upload(client, "bamboo.csv", csv_bytes(small_org()))
    assert latest_job().counts == {"create": 0, "update": 0, "unchanged": 4, "error": 0}
    apply(client, latest_job())
    assert dict(Employee.objects.values_list("employee_id", "updated_at")) == stamps


def test_a_file_with_one_bad_row_writes_nothing_and_names_the_row(world: World) -> None:
    client = world.client("lead")
    rows = small_org()
    rows[1][3] = "not-an-email"
    upload(client, "bamboo.csv", csv_bytes(rows))
    job = latest_job()
    assert job.counts["error"] == 1
    assert job.report["errors"] == [
        {
            "row": 3,
            "employee_id": "1004",
            "message": 'Email: "not-an-email" is not an email address.',
        }
    ]
    assert apply(client, job).status_code == 302
    assert not Employee.objects.filter(employee_id__in=["1001", "1002", "1003"]).exists()
    page = client.get(reverse("people:import_job", args=[job.public_id]))
    assert b"Nothing will be imported until every row is fixed" in page.content


def test_bom_semicolons_and_excel_serial_dates_parse(world: World) -> None:
    client = world.client("lead")
    rows = small_org()
    rows[0][8] = "45323"  # 2024-02-01 as Excel stores it
    upload(client, "export.csv", csv_bytes(rows, delimiter=";", bom=True))
    apply(client, latest_job())
    ada = Employee.objects.get(employee_id="1003")
    assert str(ada.hire_date) == "2024-02-01"
    assert ada.first_name == "Ada"  # no BOM glued to the first header


def test_day_first_dates_with_the_locale_hint(world: World) -> None:
    client = world.client("lead")
    rows = small_org()
    rows[0][8] = "03/02/2024"
    upload(client, "export.csv", csv_bytes(rows), date_order="day_first")
    apply(client, latest_job())
    assert str(Employee.objects.get(employee_id="1003").hire_date) == "2024-02-03"


def test_xlsx_with_real_dates_imports(world: World) -> None:
    client = world.client("lead")
    rows = small_org()
    for r in rows:
        r[8] = datetime.fromisoformat(r[8])
        r[10] = int(r[10])
    upload(client, "workday.xlsx", xlsx_bytes(rows))
    apply(client, latest_job())
    assert Employee.objects.get(employee_id="1001").level == 10


def test_a_level_rise_on_reimport_records_a_promotion(world: World) -> None:
    client = world.client("lead")
    upload(client, "a.csv", csv_bytes(small_org()))
    apply(client, latest_job())
    rows = small_org()
    rows[0][10], rows[0][4] = "3", "Senior Analyst"
    upload(client, "b.csv", csv_bytes(rows))
    assert latest_job().counts["update"] == 1
    apply(client, latest_job())
    promotion = PromotionRecord.objects.get(employee__employee_id="1003")
    assert (promotion.from_level, promotion.to_level) == (2, 3)
    assert promotion.to_title == "Senior Analyst"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("people.csv", b"PK\x03\x04" + b"\x00" * 40, "is a zip archive"),
        ("people.xlsx", b"employee,email\n1,a@b.c\n", "is not an Excel workbook"),
        ("people.pdf", b"%PDF-1.7", "neither a .csv nor an .xlsx"),
        ("people.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 40, "Old .xls workbooks"),
        ("people.csv", b"", "empty"),
    ],
)
def test_files_that_are_not_what_they_claim_get_a_clear_error(
    world: World, name: str, content: bytes, message: str
) -> None:
    response = upload(world.client("lead"), name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def _zip_bomb(members: int, size_each: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for n in range(members):
            archive.writestr(f"xl/worksheets/sheet{n}.xml", "0" * size_each)
    return buffer.getvalue()


def test_a_workbook_that_unpacks_too_large_is_refused_before_parsing(world: World) -> None:
    response = upload(world.client("lead"), "bomb.xlsx", _zip_bomb(2, 30 * 1024 * 1024))
    assert response.status_code == 400
    assert "unpacks to more than 50 MB" in response.content.decode()


def test_a_workbook_with_too_many_parts_is_refused(world: World) -> None:
    response = upload(world.client("lead"), "parts.xlsx", _zip_bomb(1001, 1))
    assert response.status_code == 400
    assert "too many parts" in response.content.decode()


def test_an_oversized_upload_is_refused(world: World, settings) -> None:
    settings.PEOPLE_IMPORT_MAX_BYTES = 1000
    response = upload(world.client("lead"), "big.csv", csv_bytes(small_org() * 20))
    assert response.status_code == 400
    assert "the limit is" in response.content.decode()


def test_ten_thousand_rows_import_in_one_go(world: World, django_assert_max_num_queries) -> None:
    rows = [
        [
            str(10000 + n),
            f"First{n}",
            f"Last{n}",
            f"person{n}@big.example",
            "Analyst",
            f"Dept {n % 12}",
            "",
            str(10000 + n // 10) if n else "",
            "2022-05-01",
            "Active",
            str(1 + n % 9),
        ]
        for n in range(10_000)
    ]
    client = world.client("lead")
    upload(client, "big.csv", csv_bytes(rows))
    job = latest_job()
    assert job.counts["create"] == 10_000 and job.counts["error"] == 0
    # Bulk writes: the query count does not grow with the number of rows.
    with django_assert_max_num_queries(120):
        apply(client, job)
    assert Employee.objects.filter(employee_id__startswith="1").count() >= 10_000
    assert Employee.objects.get(employee_id="19999").manager.employee_id == "10999"


def test_progress_is_polled_by_htmx_until_the_job_is_done(world: World) -> None:
    client = world.client("lead")
    job = ImportJob.objects.create(
        created_by=world.users["lead"],
        filename="x.csv",
        kind="csv",
        content=b"x",
        state=ImportJob.State.VALIDATING,
        total_rows=200,
        processed_rows=50,
    )
    url = reverse("people:import_job", args=[job.public_id])
    partial = client.get(url, headers={"HX-Request": "true"})
    assert b'hx-trigger="every 1s"' in partial.content
    assert b'value="25"' in partial.content  # 50 of 200 rows
    job.state = ImportJob.State.VALIDATED
    job.save(update_fields=["state"])
    done = client.get(url, headers={"HX-Request": "true"})
    assert done.headers["HX-Refresh"] == "true"


def test_another_leads_import_is_not_found(world: World) -> None:
    upload(world.client("lead"), "a.csv", csv_bytes(small_org()))
    other = ProgramRoleFactory(role=ProgramRole.Role.LEAD).user
    client = Client()
    client.force_login(other)
    assert (
        client.get(reverse("people:import_job", args=[latest_job().public_id])).status_code == 404
    )


def test_command_dry_run_then_import(world: World, tmp_path: Path, capsys) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes(small_org()))
    call_command("import_people", str(path), "--dry-run")
    assert "4 to create" in capsys.readouterr().out
    assert not Employee.objects.filter(employee_id="1001").exists()
    call_command("import_people", str(path))
    assert Employee.objects.filter(employee_id__in=["1001", "1002", "1003", "1004"]).count() == 4


def test_command_fails_loudly_and_writes_nothing_on_a_bad_row(world: World, tmp_path: Path) -> None:
    rows = small_org()
    rows[2][7] = "1003"  # Cleo now reports to Ada, who reports to Cleo: a loop
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes(rows))
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_people", str(path))
    assert not Employee.objects.filter(employee_id="1001").exists()


def test_api_upload_check_and_apply(world: World) -> None:
    client = world.client("lead")
    with TestCase.captureOnCommitCallbacks(execute=True):
        created = client.post(
            "/api/v1/people/imports",
            {"file": SimpleUploadedFile("p.csv", csv_bytes(small_org())), "date_order": "auto"},
        )
    assert created.status_code == 201
    job_id = created.json()["id"]
    report = client.get(f"/api/v1/people/imports/{job_id}").json()
    assert report["state"] == "validated" and report["counts"]["create"] == 4
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post(f"/api/v1/people/imports/{job_id}/apply").status_code == 202
    assert client.post(f"/api/v1/people/imports/{job_id}/apply").status_code == 409
    assert Employee.objects.filter(employee_id="1001").exists()


def test_api_rejects_a_disguised_file_with_a_clear_error(world: World) -> None:
    response = world.client("lead").post(
        "/api/v1/people/imports", {"file": SimpleUploadedFile("p.csv", b"PK\x03\x04zzzz")}
    )
    assert response.status_code == 400
    assert "zip archive" in response.json()["detail"]


def test_missing_columns_fail_the_job_with_the_reason(world: World) -> None:
    client = world.client("lead")
    upload(client, "odd.csv", csv_bytes([["x", "y"]], header=["Colour", "Shape"]))
    job = latest_job()
    assert job.state == ImportJob.State.FAILED
    assert any("employee id" in p for p in job.report["file_problems"])
    assert BAMBOO_HEADER[0] not in job.report["ignored_columns"]


@pytest.mark.django_db(transaction=True)
def test_the_check_runs_through_the_real_database_queue_and_worker(settings) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    job = import_job_create(
        user=UserFactory(), filename="p.csv", content=csv_bytes(small_org()), day_first=None
    )
    job.refresh_from_db()
    assert job.state == ImportJob.State.QUEUED  # waiting for a worker, not run inline
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.state == ImportJob.State.VALIDATED
    assert job.counts["create"] == 4


def test_a_cell_over_the_csv_field_limit_fails_the_check_with_the_line(world: World) -> None:
    rows = small_org()
    rows[2] = [*rows[2][:4], "x" * (200 * 1024), *rows[2][5:]]
    upload(world.client("lead"), "long.csv", csv_bytes(rows))
    job = latest_job()
    assert job.state == ImportJob.State.FAILED  # finished, not "validating" forever
    assert any("Line 4 cannot be read" in p for p in job.report["file_problems"])
    assert job.finished_at is not None


def test_an_unexpected_failure_ends_the_job_with_a_message(world: World, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("upward.people.imports.plan_import", broken)
    upload(world.client("lead"), "bamboo.csv", csv_bytes(small_org()))  # the task fails
    job = latest_job()
    assert job.state == ImportJob.State.FAILED
    assert "nothing was written" in job.report["file_problems"][0]
