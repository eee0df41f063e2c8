"""HRIS import end to end: real CSV and XLSX files through the UI, the API and the command."""

import csv
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


def _org_with_a_bad_director() -> list[list[object]]:
    rows = small_org()
    rows[2][3] = "=HYPERLINK(evil)"  # Cleo (1002), who manages Ada and Ben: not an email
    rows.append(
        ["1005", "Eve", "Ng", "eve@example.org", "Counsel", "Legal", "", "1001", "", "Active", "6"]
    )
    return rows


def test_the_lead_can_import_the_valid_rows_and_download_the_refused_ones(world: World) -> None:
    client = world.client("lead")
    upload(client, "bamboo.csv", csv_bytes(_org_with_a_bad_director()))
    job = latest_job()
    page = client.get(reverse("people:import_job", args=[job.public_id])).content.decode()
    assert "Nothing will be imported until every row is fixed" in page  # still the default
    assert "Import the 4 valid rows and download the 1 refused one" in page
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("people:import_apply", args=[job.public_id]), {"mode": "valid_rows"})
    job.refresh_from_db()
    assert job.state == ImportJob.State.APPLIED
    # Ada and Ben report to the refused Cleo, who is not in Upward: they are refused too.
    assert set(
        Employee.objects.filter(employee_id__startswith="100").values_list("employee_id", flat=True)
    ) == {"1001", "1005"}
    assert Employee.objects.get(employee_id="1005").manager.employee_id == "1001"
    done = client.get(reverse("people:import_job", args=[job.public_id])).content.decode()
    assert "Imported the 2 valid rows" in done and "Download the 3 refused rows" in done
    download = client.get(reverse("people:import_refused", args=[job.public_id]))
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    assert 'filename="bamboo-refused-rows.csv"' in download["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert lines[0] == [*BAMBOO_HEADER, "Problem"]
    by_id = {line[0]: line for line in lines[1:]}
    assert set(by_id) == {"1002", "1003", "1004"}
    assert by_id["1002"][3] == "'=HYPERLINK(evil)"  # a formula is never run on opening
    assert by_id["1002"][-1] == 'Email: "=HYPERLINK(evil)" is not an email address.'
    assert by_id["1003"][1:4] == ["Ada", "Okoye", "ada@example.org"]
    assert by_id["1003"][-1].startswith("Manager 1002 is refused (row 4)")


def test_an_import_of_the_valid_rows_that_fails_writes_nothing(world: World, monkeypatch) -> None:
    from django.db import DatabaseError

    def broken(rows):
        raise DatabaseError("disk full")

    client = world.client("lead")
    upload(client, "bamboo.csv", csv_bytes(_org_with_a_bad_director()))
    monkeypatch.setattr("upward.people.imports._link_managers", broken)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the task fails, as a worker's would
        client.post(
            reverse("people:import_apply", args=[latest_job().public_id]), {"mode": "valid_rows"}
        )
    assert not Employee.objects.filter(employee_id__in=["1001", "1005"]).exists()
    assert latest_job().state == ImportJob.State.FAILED


def test_refused_rows_are_only_downloadable_after_an_import_of_the_valid_rows(
    world: World,
) -> None:
    client = world.client("lead")
    upload(client, "bamboo.csv", csv_bytes(_org_with_a_bad_director()))
    job = latest_job()
    assert client.get(reverse("people:import_refused", args=[job.public_id])).status_code == 404
    apply(client, job)  # the default: all or nothing, so nothing is written
    assert not Employee.objects.filter(employee_id="1001").exists()
    assert client.get(reverse("people:import_refused", args=[job.public_id])).status_code == 404


def test_an_unknown_import_mode_is_refused_with_a_message(world: World) -> None:
    client = world.client("lead")
    upload(client, "bamboo.csv", csv_bytes(_org_with_a_bad_director()))
    job = latest_job()
    response = client.post(reverse("people:import_apply", args=[job.public_id]), {"mode": "some"})
    assert response.status_code == 400
    assert "Choose to import every row or only the valid rows." in response.content.decode()
    job.refresh_from_db()
    assert job.state == ImportJob.State.VALIDATED


def test_a_file_with_no_valid_row_cannot_be_imported_in_part(world: World) -> None:
    client = world.client("lead")
    rows = small_org()[:1]
    rows[0][3] = "nope"
    upload(client, "bad.csv", csv_bytes(rows))
    job = latest_job()
    assert (
        b"valid row" not in client.get(reverse("people:import_job", args=[job.public_id])).content
    )
    response = client.post(
        reverse("people:import_apply", args=[job.public_id]), {"mode": "valid_rows"}, follow=True
    )
    assert b"No row of this file can be imported" in response.content


def test_dates_with_month_names_import(world: World) -> None:
    client = world.client("lead")
    rows = small_org()
    rows[0][8], rows[1][8] = "14-Mar-2022", "3 sep 2021"
    upload(client, "named.csv", csv_bytes(rows))
    apply(client, latest_job())
    assert str(Employee.objects.get(employee_id="1003").hire_date) == "2022-03-14"
    assert str(Employee.objects.get(employee_id="1004").hire_date) == "2021-09-03"


def _with_pay(rows: list[list[object]]) -> list[list[object]]:
    return [[*row, f"{91234 + n}.57"] for n, row in enumerate(rows)]


PAY_HEADER = [*BAMBOO_HEADER[:3], "Pay Rate", *BAMBOO_HEADER[3:]]


def _pay_in_the_middle(rows: list[list[object]]) -> list[list[object]]:
    return [[*row[:3], f"{91234 + n}.57", *row[3:]] for n, row in enumerate(rows)]


def test_a_column_upward_does_not_map_never_reaches_the_database(world: World) -> None:
    """Issue 17: the raw HRIS upload was kept with the job, "Pay Rate" column included. Only
    the mapped columns are stored now, from the moment of the upload, and nothing of the file
    once it is applied."""
    client = world.client("lead")
    upload(client, "bamboo.csv", csv_bytes(_pay_in_the_middle(small_org()), header=PAY_HEADER))
    job = latest_job()
    assert job.state == ImportJob.State.VALIDATED
    assert job.counts == {"create": 4, "update": 0, "unchanged": 0, "error": 0}
    assert "Pay Rate" in job.report["ignored_columns"]  # the lead is told it was left out
    stored = bytes(job.content)
    assert b"91234" not in stored and b"Pay Rate" not in stored
    assert b"ada@example.org" in stored  # the mapped columns are what the import reads
    assert "91234" not in str(job.report)
    apply(client, job)
    job.refresh_from_db()
    assert job.state == ImportJob.State.APPLIED and bytes(job.content) == b""
    assert Employee.objects.get(employee_id="1003").manager.employee_id == "1002"


def test_an_xlsx_upload_is_stored_as_its_mapped_columns_with_dates_intact(world: World) -> None:
    rows = _with_pay(small_org())
    for row in rows:
        row[8] = datetime.fromisoformat(str(row[8]))  # real dates, as Excel stores them
        row[10] = float(row[10])  # and levels as numbers
    client = world.client("lead")
    upload(client, "workday.xlsx", xlsx_bytes(rows, header=[*BAMBOO_HEADER, "Pay Rate"]))
    job = latest_job()
    assert job.kind == "csv" and b"91234" not in bytes(job.content)
    assert job.counts["create"] == 4
    apply(client, job)
    ada = Employee.objects.get(employee_id="1003")
    assert (ada.hire_date.isoformat(), ada.level) == ("2024-02-01", 2)


def test_a_refused_import_keeps_nothing_of_the_file(world: World) -> None:
    client = world.client("lead")
    rows = _with_pay(small_org())
    upload(client, "odd.csv", csv_bytes(rows, header=[*BAMBOO_HEADER[1:], "Salary", "Pay"]))
    job = latest_job()
    assert job.state == ImportJob.State.FAILED
    assert any("employee id" in p for p in job.report["file_problems"])
    assert bytes(job.content) == b""
