"""The project's semgrep rules catch what they promise to (and `make lint` runs them on src/)."""

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEMGREP = ROOT / ".venv" / "bin" / "semgrep"

BAD_PYTHON = """
import datetime

from django.db import connection
from django.utils.safestring import mark_safe
from django.http import Http404
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def view(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    if request.POST.get("pair") is None:
        raise Http404("No such pair.")
    return mark_safe(request.GET["name"] + str(datetime.date.today()))
"""


def test_each_rule_finds_its_violation(tmp_path: Path) -> None:
    (tmp_path / "views.py").write_text(BAD_PYTHON)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("<p>{{ note|safe }}</p>")
    result = subprocess.run(
        [
            str(SEMGREP),
            "scan",
            "--config",
            str(ROOT / ".semgrep"),
            "--metrics=off",
            "--disable-version-check",
            "--json",
            "--quiet",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        timeout=120,
    )
    found = {r["check_id"].rsplit(".", 1)[-1] for r in json.loads(result.stdout)["results"]}
    assert found == {
        "no-raw-sql",
        "no-mark-safe-on-user-data",
        "no-safe-filter-in-templates",
        "csrf-exempt-outside-allowlist",
        "clock-through-django",
        "lookups-only-in-access-modules",
        "posts-read-through-forms",
    }


def test_matching_templates_ask_the_round_not_its_state_strings() -> None:
    """A round's state machine lives in MatchRound (is_choosing, can_run...): a template that
    compares `round.state` to a string breaks quietly when a state is renamed."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates" / "matching").glob("*.html")
        if "round.state" in path.read_text()
    ]
    assert offenders == []
