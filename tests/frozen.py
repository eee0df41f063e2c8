"""Run a script or module on the test clock: ``python -m tests.frozen manage.py db_worker ...``
or ``python -m tests.frozen -m some.module ...``. The clock starts where the launching test's
clock stood (``UPWARD_FROZEN_AT``) and flows from there, so rows written by the child and by the
test compare as they would in one process."""

import os
import runpy
import sys

import time_machine


def main() -> None:
    time_machine.travel(os.environ["UPWARD_FROZEN_AT"], tick=True).start()
    args = sys.argv[1:]
    if args[0] == "-m":
        sys.argv = args[1:]
        runpy.run_module(args[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv = args
        runpy.run_path(args[0], run_name="__main__")


if __name__ == "__main__":
    main()
