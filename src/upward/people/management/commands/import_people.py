from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from upward.people.hris_files import UploadRejected, inspect_upload, read_table
from upward.people.imports import run_import

ERRORS_SHOWN = 50


class Command(BaseCommand):
    help = (
        "Import people from an HRIS export (.csv or .xlsx). All or nothing: a file with "
        "any bad row writes nothing. Re-running the same file changes nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and show what would change; write nothing.",
        )
        order = parser.add_mutually_exclusive_group()
        order.add_argument(
            "--day-first",
            dest="day_first",
            action="store_const",
            const=True,
            help="Dates are written 31/12/2024.",
        )
        order.add_argument(
            "--month-first",
            dest="day_first",
            action="store_const",
            const=False,
            help="Dates are written 12/31/2024.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            upload = inspect_upload(
                path.name, path.read_bytes(), max_bytes=settings.PEOPLE_IMPORT_MAX_BYTES
            )
            outcome = run_import(
                read_table(upload), day_first=options["day_first"], dry_run=options["dry_run"]
            )
        except UploadRejected as rejected:
            raise CommandError(str(rejected)) from None
        plan = outcome.plan
        counts = plan.counts()
        self.stdout.write(
            f"{plan.total_rows} rows: {counts['create']} to create, "
            f"{counts['update']} to update, {counts['unchanged']} unchanged, "
            f"{counts['error']} with errors."
        )
        if plan.ignored_columns:
            self.stdout.write(f"Ignored columns: {', '.join(plan.ignored_columns)}")
        self._report_problems(plan.file_problems, plan.errors)
        if not plan.ok:
            raise CommandError("Nothing was imported: fix the rows above and run again.")
        self.stdout.write(
            self.style.SUCCESS("Imported." if outcome.applied else "Dry run: nothing was written.")
        )

    def _report_problems(self, file_problems: tuple[str, ...], errors: tuple[Any, ...]) -> None:
        for problem in file_problems:
            self.stderr.write(problem)
        for error in errors[:ERRORS_SHOWN]:
            self.stderr.write(f"row {error.row} ({error.employee_id or 'no id'}): {error.message}")
        if len(errors) > ERRORS_SHOWN:
            self.stderr.write(f"... and {len(errors) - ERRORS_SHOWN} more errors.")
