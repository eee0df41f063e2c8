import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from upward.notifications.scheduler import run_once


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (open and close survey waves, reminders, flags, routine check-ins, "
        "email retries). Safe to run on several machines at once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Run each job whose turn has come, once, and exit."
        )
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between runs.")

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        while True:
            for name, outcome in run_once().items():
                if options["verbosity"] > 1 or outcome.startswith("failed"):
                    self.stdout.write(f"{name}: {outcome}")
            if once:
                return
            time.sleep(interval)
