from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from upward.web.backups import write_backup


class Command(BaseCommand):
    help = "Write a consistent backup of every record (gzipped JSON, portable between databases)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="Where to write it (default var/backups/).")

    def handle(self, *args: Any, output: Path | None = None, **options: Any) -> None:
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        path = output or Path(settings.VAR_DIR) / "backups" / f"upward-{stamp}.json.gz"
        header = write_backup(path)
        self.stdout.write(f"{path}: {header['records']} records from {header['database']}.")
