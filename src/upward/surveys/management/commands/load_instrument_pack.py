from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from upward.surveys.loading import load_pack


class Command(BaseCommand):
    help = "Load a validated scale your organisation holds the rights to (a TOML instrument file)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            instrument = load_pack(path.read_bytes(), path.name)
        except (OSError, ValidationError) as error:
            messages = getattr(error, "messages", [str(error)])
            raise CommandError("; ".join(messages)) from None
        self.stdout.write(f"Loaded {instrument.name} version {instrument.version}.")
