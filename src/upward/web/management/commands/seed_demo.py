from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from upward.audit.log import unlocked as audit_unlocked
from upward.demo.seed import DEMO_PASSWORD, build_demo, demo_exists


class Command(BaseCommand):
    help = "Load the demo organisation (about 1,500 people and a running program)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete all data first (asks nothing: for throwaway installs).",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="Build the history as of this date (default: today).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reset"]:
            with audit_unlocked():  # a demo's own audit log goes with it
                call_command("flush", interactive=False, verbosity=0)
        elif demo_exists():
            self.stdout.write("Demo data is already loaded (use --reset to rebuild it).")
            self._print_logins(None)
            return
        if not demo_exists():
            logins = build_demo(
                today=options["today"] or timezone.localdate(), seed=options["seed"]
            )
            self._print_logins(logins)
        else:
            raise CommandError("The database is not empty; use --reset to rebuild.")

    def _print_logins(self, logins: list[Any] | None) -> None:
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password for all: {DEMO_PASSWORD})"))
        rows = logins or []
        if not rows:
            for username in (
                "admin",
                "lead",
                "sponsor",
                "analyst",
                "mentor",
                "mentee",
                "next-mentee",
                "next-mentor",
                "guide",
            ):
                self.stdout.write(f"  {username}")
            return
        width = max(len(login.role) for login in rows)
        for login in rows:
            self.stdout.write(f"  {login.role:<{width}} {login.username:<12} {login.who}")
