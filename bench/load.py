"""Load benchmark: gunicorn on PostgreSQL, locust with 50 signed-in users for 60 s over the pages
people use most, beside the same run against a bare view (the framework's ceiling).

    scripts/with-postgres .venv/bin/python bench/load.py           # (what `make bench` runs)
    scripts/with-postgres .venv/bin/python bench/load.py --json
    ... --users 50 --seconds 60 --workers 4

Prints requests per second, p50 / p95 / p99 latency and errors for each run, the ratio of the
pages' throughput to the bare view's, and each page's own time with no load (in-process, on the
same database). Targets: no errors, p95 under 300 ms, at least half
the bare view's throughput. Loopback only; the demo organisation is the data.
"""

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def server_env() -> dict[str, str]:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Run under scripts/with-postgres: the load benchmark needs PostgreSQL.")
    return {
        **os.environ,
        "PYTHONPATH": f"{ROOT}:{ROOT / 'src'}",
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "SECRET_KEY": "bench-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE": "0",
        "MFA_REQUIRED": "0",  # demo accounts have no authenticator
        "AXES_FAILURE_LIMIT": "1000",
        "LOG_LEVEL": "WARNING",
        "TASKS_BACKEND": "django.tasks.backends.dummy.DummyBackend",
    }


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


TARGETS_CODE = """
import json, django; django.setup()
from upward.demo.seed import DEMO_PASSWORD
from upward.programs.models import Pair, Program
from upward.surveys.models import Invitation
program = Program.objects.filter(state="active").first() or Program.objects.first()
pair = Pair.objects.filter(state="active", cohort__program=program).select_related(
    "mentor__employee__account").first()
invitation = Invitation.objects.filter(participant=pair.mentor, answered=False).first()
cohort = pair.cohort
lead = [("lead home", "/"), ("program", f"/programs/{program.public_id}/"),
        ("cohort", f"/cohorts/{cohort.public_id}/"),
        ("impact dashboard", f"/programs/{program.public_id}/impact/"),
        ("program health", f"/programs/{program.public_id}/health/")]
member = [("member home", "/"), ("pair page", f"/pairs/{pair.public_id}/"),
          ("goal", f"/pairs/{pair.public_id}/goal/")]
if invitation:
    member.append(("survey answer", f"/surveys/{invitation.public_id}/"))
accounts = [{"username": "lead", "pages": lead},
            {"username": pair.mentor.employee.account.username, "pages": member}]
# Each page's own cost, with no load: in-process, median of 20 (the bare view as the floor).
import statistics, time
from django.contrib.auth import get_user_model
from django.test import Client
server_ms = {}
for account in accounts:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=account["username"]))
    for name, url in account["pages"] + [("bare view", "/bench/bare/")]:
        client.get(url)
        times = []
        for _ in range(20):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        server_ms[name] = round(statistics.median(times), 1)
print(json.dumps({"password": DEMO_PASSWORD, "accounts": accounts, "server_ms": server_ms}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_gunicorn(env: dict[str, str], workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "upward.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=2)  # noqa: S310 (loopback)
            return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    sys.exit("gunicorn did not start")


def run_locust(url: str, mode: str, targets: str, users: int, seconds: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        prefix = Path(folder) / "run"
        subprocess.run(
            [
                str(VENV_BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                str(users),
                "-r",
                str(users),
                "-t",
                f"{seconds}s",
                "--host",
                url,
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "ERROR",
            ],
            cwd=ROOT,
            env={**os.environ, "LOAD_TARGETS": targets, "LOAD_MODE": mode},
            capture_output=True,
            text=True,
            check=False,
        )
        with open(f"{prefix}_stats.csv", newline="") as handle:
            rows = {row["Name"]: row for row in csv.DictReader(handle)}
    reading = [row for name, row in rows.items() if name not in {"Aggregated", "sign in"}]
    count = sum(int(row["Request Count"]) for row in reading)
    return {
        "requests": count,
        "rps": round(sum(float(row["Requests/s"]) for row in reading), 1),
        "p50_ms": _weighted(reading, "50%"),
        "p95_ms": _weighted(reading, "95%"),
        "p99_ms": _weighted(reading, "99%"),
        "errors": sum(
            int(row["Failure Count"]) for row in rows.values() if row["Name"] != "Aggregated"
        ),
        "pages": {
            name: {"requests": int(row["Request Count"]), "p95_ms": float(row["95%"])}
            for name, row in rows.items()
            if name not in {"Aggregated", "sign in"}
        },
    }


def _weighted(rows: list[dict[str, str]], column: str) -> float:
    """The worst page's percentile: what a person hitting the slowest page waits."""
    return max((float(row[column]) for row in rows if int(row["Request Count"])), default=0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    env = server_env()
    manage(env, "migrate", "-v0")
    manage(env, "seed_demo", "--reset")
    targets = (
        subprocess.run(
            [sys.executable, "-c", TARGETS_CODE],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    server, url = start_gunicorn(env, options.workers)
    try:
        pages = run_locust(url, "pages", targets, options.users, options.seconds)
        bare = run_locust(url, "bare", targets, options.users, options.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    result = {
        "users": options.users,
        "seconds": options.seconds,
        "gunicorn_workers": options.workers,
        "server_ms_unloaded": json.loads(targets)["server_ms"],
        "pages": pages,
        "bare_view": {k: v for k, v in bare.items() if k != "pages"},
        "throughput_ratio": round(pages["rps"] / bare["rps"], 2) if bare["rps"] else None,
    }
    if options.json:
        print(json.dumps(result))
        return
    print(
        f"{options.users} users, {options.seconds} s each, gunicorn x{options.workers}, "
        "PostgreSQL, loopback"
    )
    for label, run in (("pages", pages), ("bare view", bare)):
        print(
            f"  {label:10} {run['rps']:7.1f} req/s  p50 {run['p50_ms']:.0f} ms  "
            f"p95 {run['p95_ms']:.0f} ms  p99 {run['p99_ms']:.0f} ms  errors {run['errors']}"
        )
    for name, page in pages["pages"].items():
        print(f"    {name:18} {page['requests']:6d} requests  p95 {page['p95_ms']:.0f} ms")
    print(f"  pages / bare throughput: {result['throughput_ratio']}")
    print("  one request with no load (in-process, median of 20):")
    for name, ms in result["server_ms_unloaded"].items():
        print(f"    {name:18} {ms:6.1f} ms")


if __name__ == "__main__":
    main()
